// A Lambda consumer feeding SQS FIFO (issue 16; SQS developer guide: "FIFO queues support 300
// transactions per second, per API action", 3,000 messages per second with batches of 10). The
// function's sends wait for the quota, so a function that sends one message per record cannot keep
// up with 1,000 records/s, and one that sends batches of 10 can.
#include <boost/test/unit_test.hpp>

#include "tests/sim_harness.hpp"

using kds::testing::producer;
using kds::testing::simulate_doc;
using nlohmann::json;

namespace {
json lambda_to_fifo(int messages_per_call) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = "10m";
  doc["producers"] = json::array({producer("p", 1000, 500)});
  doc["consumers"] = json::array({{{"name", "fn"},
                                   {"type", "lambda"},
                                   {"batch_size", 100},
                                   {"duration", {{"per_invoke", "10ms"}}},
                                   {"output",
                                    {{"type", "sqs_fifo"},
                                     {"per", "record"},
                                     {"messages_per_call", messages_per_call}}}}});
  return doc;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(downstream_output)

// One SendMessage per record: 300 records/s get through, IteratorAge grows by about 0.7 s a second
// (7 minutes after 10). Every call is billed as one FIFO request.
BOOST_AUTO_TEST_CASE(one_message_per_call_falls_behind_fifo) {
  const auto a = simulate_doc(lambda_to_fifo(1));
  const auto& c = a.run.consumers[0];
  BOOST_TEST(c.records_processed < 200000);  // of 600,000
  BOOST_TEST(c.records_processed > 170000);  // 300/s for 600 s = 180,000
  BOOST_TEST(c.iterator_age_ms.max() > 300000.0);
  BOOST_TEST(c.output.calls == c.output.messages);
  BOOST_TEST(c.output.billed_requests == static_cast<double>(c.output.calls));
}

// SendMessageBatch of 10: 100 calls/s for 1,000 records/s, within 300: it keeps up.
BOOST_AUTO_TEST_CASE(batches_of_ten_keep_up) {
  const auto a = simulate_doc(lambda_to_fifo(10));
  const auto& c = a.run.consumers[0];
  BOOST_TEST(c.iterator_age_ms.max() < 5000.0);
  BOOST_TEST(c.records_processed > 590000);
  BOOST_TEST(c.output.calls * 10 >= c.output.messages);
}

// Eight shards' 16 lanes share the queue's 300 calls/s: in aggregate they send no more. The calls
// counted include those of the invocations still waiting when the run ends (at most one of 100
// per lane), and a step's deliveries are counted in its period, so the first minute holds a few
// that end later; after it, each minute delivers 300 x 60 records.
BOOST_AUTO_TEST_CASE(many_lanes_share_one_quota) {
  auto doc = lambda_to_fifo(1);
  doc["stream"]["shards"] = 8;
  doc["consumers"][0]["parallelization_factor"] = 2;
  const auto a = simulate_doc(doc);
  const auto& c = a.run.consumers[0];
  BOOST_TEST(c.output.calls <= 300 * 600 + 16 * 100);
  BOOST_TEST(c.output.calls >= 300 * 600 - 3000);
  const auto& per_minute = c.periods.outgoing_records;
  for (size_t m = 1; m + 1 < per_minute.size(); ++m) BOOST_TEST(per_minute[m] <= 300.0 * 60 + 100);
}

// A KCL app sending one message per record waits for the same 300 calls/s: its processing slows,
// so records wait longer and longer (propagation delay) while GetRecords keeps up.
BOOST_AUTO_TEST_CASE(a_polling_app_waits_for_the_quota_too) {
  auto doc = lambda_to_fifo(1);
  doc["consumers"] = json::array({{{"name", "kcl"},
                                   {"type", "polling"},
                                   {"output", {{"type", "sqs_fifo"}, {"messages_per_call", 1}}}}});
  const auto a = simulate_doc(doc);
  const auto& c = a.run.consumers[0];
  // Counted when fetched: the prefetch queue (up to 30,000 records) holds sends due after the end.
  BOOST_TEST(c.output.calls <= 300 * 600 + 30000);
  BOOST_TEST(c.propagation_delay_ms.max() > 60000.0);
  BOOST_TEST(c.output.throttled_wait_s > 300.0);
}

BOOST_AUTO_TEST_SUITE_END()
