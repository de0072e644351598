// Firehose as a consumer of the stream (issue 16, pipeline.md §4.1): it reads every shard with
// GetRecords once a second, sharing the 5 calls/s and 2 MiB/s with the polling apps; its
// DataFreshness follows the buffer interval, or the size when that fills first.
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/sim_harness.hpp"

using kds::testing::polling_app;
using kds::testing::producer;
using kds::testing::simulate_doc;
using nlohmann::json;

namespace {
json one_shard(double rate, double bytes, const json& consumers) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = "10m";
  doc["producers"] = json::array({producer("p", rate, bytes)});
  doc["consumers"] = consumers;
  return doc;
}

json firehose_app(double buffer_mib, const std::string& interval) {
  return {{"name", "s3"}, {"type", "firehose"}, {"buffer_size", buffer_mib},
          {"buffer_interval", interval}};
}
}  // namespace

BOOST_AUTO_TEST_SUITE(firehose)

// 900 records/s of 1 KiB (0.88 MiB/s) read by Firehose and two polling apps: 2.6 MiB/s asked of
// the shard's 2 MiB/s, so calls are throttled, Firehose's too.
BOOST_AUTO_TEST_CASE(firehose_shares_the_read_limit_with_polling_apps) {
  const auto a = simulate_doc(one_shard(
      900, 1024, json::array({firehose_app(5, "60s"), polling_app("a"), polling_app("b")})));
  int64_t throttled = 0;
  for (const auto& c : a.run.consumers) throttled += c.read_throttled_calls;
  BOOST_TEST(throttled > 100);
  BOOST_TEST(a.run.consumers[0].read_throttled_calls > 0);
  BOOST_TEST(a.run.consumers[0].firehose->delivered_records > 0);
}

// The same apps on enhanced fan-out have their own 2 MiB/s: Firehose alone on the shared limit.
BOOST_AUTO_TEST_CASE(with_the_apps_on_efo_firehose_is_not_throttled) {
  json a_efo = {{"name", "a"}, {"type", "efo"}}, b_efo = {{"name", "b"}, {"type", "efo"}};
  const auto a = simulate_doc(one_shard(900, 1024, json::array({firehose_app(5, "60s"), a_efo, b_efo})));
  for (const auto& c : a.run.consumers) BOOST_TEST(c.read_throttled_calls == 0);
}

// 10 records/s of 1 KB never fill 5 MiB: each batch leaves 60 s after its first record, and
// reaches S3 1 s later; with the second's poll and propagation, DataFreshness is 60-70 s.
BOOST_AUTO_TEST_CASE(freshness_follows_the_buffer_interval_at_low_volume) {
  const auto a = simulate_doc(one_shard(10, 1000, json::array({firehose_app(5, "60s")})));
  const auto& f = *a.run.consumers[0].firehose;
  BOOST_TEST(f.max_data_freshness_s >= 60.0);
  BOOST_TEST(f.max_data_freshness_s <= 70.0);
  BOOST_TEST(f.deliveries >= 9);
}

// 0.88 MiB/s fills a 1 MiB buffer in little more than a second: deliveries every second or two,
// freshness a few seconds, far below the 60 s interval.
BOOST_AUTO_TEST_CASE(the_size_limit_filling_first_keeps_data_fresher) {
  const auto a = simulate_doc(one_shard(900, 1024, json::array({firehose_app(1, "60s")})));
  const auto& f = *a.run.consumers[0].firehose;
  BOOST_TEST(f.max_data_freshness_s < 5.0);
  BOOST_TEST(f.deliveries > 200);
}

BOOST_AUTO_TEST_SUITE_END()
