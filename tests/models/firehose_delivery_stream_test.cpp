// Firehose buffering (pipeline.md §4.1): "the first buffer condition that is satisfied triggers"
// delivery; DataFreshness is the age of the oldest record not yet delivered; ingestion is billed
// with each record rounded up to 5 KB.
#include "models/firehose_delivery_stream.hpp"

#include <boost/test/unit_test.hpp>

#include "tests/test_scenarios.hpp"

using namespace kds::models;

namespace {
FirehoseSpec buffer(double mib, double interval_s) {
  FirehoseSpec spec;
  spec.buffer_size_bytes = mib * 1024 * 1024;
  spec.buffer_interval_s = interval_s;
  spec.delivery_latency_s = 1;
  return spec;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(firehose_delivery_stream)

// 10 records of 1 KB a second, each arriving in the stream 1 s before Firehose reads it: the
// 60 s interval delivers first (600 KB < 5 MiB): at 60 + 1 s, then 120 + 1 s (the interval counts
// from the batch's first record, received at 0 and 60 s). Freshness just before the first delivery
// is 61 - (-1) = 62 s.
BOOST_AUTO_TEST_CASE(the_interval_delivers_at_low_volume) {
  FirehoseResult result;
  FirehoseDeliveryStream firehose(buffer(5, 60), result, 60, 3, 5120);  // 1 KB records: 5 KB
  for (int t = 0; t < 180; ++t) firehose.receive(t, 10, 10240, t - 1.0);
  firehose.finish(180);
  BOOST_TEST(result.deliveries == 2);
  BOOST_TEST(result.delivered_records == 1200);
  BOOST_TEST(result.buffered_records_at_end == 600);  // the third batch is due at 181 s
  BOOST_TEST(result.data_freshness_s[0] == 61.0);      // at 60 s: oldest arrived at -1 s
  BOOST_TEST(result.data_freshness_s[1] == 62.0);      // just before the delivery at 61 s
  BOOST_TEST(result.max_data_freshness_s == 62.0);
  BOOST_TEST(result.delivered_records_by_period[1] == 600.0);  // delivered at 61 s
  BOOST_TEST(result.delivered_records_by_period[2] == 600.0);  // at 121 s
  // 1,800 records of 1,024 bytes, each billed as 5,120.
  BOOST_TEST(result.billed_ingest_bytes == 1800.0 * 5120);
}

// 1 MiB a second into a 5 MiB buffer: the size fills first, every 5 s; freshness stays near 6 s.
BOOST_AUTO_TEST_CASE(the_size_delivers_first_at_high_volume) {
  FirehoseResult result;
  FirehoseDeliveryStream firehose(buffer(5, 60), result, 60, 1, 5120);
  for (int t = 0; t < 60; ++t) firehose.receive(t, 1024, 1024.0 * 1024, t - 1.0);
  firehose.finish(60);
  BOOST_TEST(result.deliveries == 12);  // at 4, 9, ..., 59 s (+1 s latency: the last at 60 s)
  BOOST_TEST(result.max_data_freshness_s == 6.0);

}

// Two producers at the same rate, of 100 B and 9,000 B records: half the records are billed 5 KB,
// half 10 KB, 7,680 bytes on average (not the 5,120 x ceil(4,550 / 5,120) of their mean size).
BOOST_AUTO_TEST_CASE(billing_follows_the_producers_sizes) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["producers"] = nlohmann::json::parse(R"([
      {"name": "small", "rate": 100, "record_bytes": 100},
      {"name": "large", "rate": 100, "record_bytes": 9000}])");
  const auto scenario = kds::testing::load_or_fail(doc);
  BOOST_TEST(firehose_billed_bytes_per_record(scenario) == 7680.0);
}

BOOST_AUTO_TEST_SUITE_END()
