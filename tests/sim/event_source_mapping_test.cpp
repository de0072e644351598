// Lambda event source mappings (fact sheet §8, T21-T23), end to end through the simulator.
#include <algorithm>
#include <map>

#include <boost/test/unit_test.hpp>

#include "tests/sim_harness.hpp"

using kds::testing::producer;
using kds::testing::simulate_doc;

namespace {
nlohmann::json lambda_doc(int shards, double rate, const std::string& duration,
                          const nlohmann::json& function) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = duration;
  doc["stream"]["shards"] = shards;
  doc["producers"].push_back(producer("p", rate, 200));
  nlohmann::json fn = {{"name", "fn"}, {"type", "lambda"}};
  fn.update(function);
  doc["consumers"].push_back(fn);
  return doc;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(event_source_mapping)

// T21 [LAMBDA-ARCH, LAMBDA-BLOG]: 100 shards with parallelization factor 2 and busy functions reach
// exactly 200 concurrent invocations.
BOOST_AUTO_TEST_CASE(hundred_shards_with_factor_two_run_200_at_once) {
  const auto a = simulate_doc(lambda_doc(
      100, 2000, "5m", {{"parallelization_factor", 2}, {"duration", {{"per_invoke", "5s"}}}}));
  const auto& l = a.run.consumers[0].lambda;
  BOOST_TEST(l.max_concurrency == 200);
  BOOST_TEST(l.concurrent_executions[3] == 200.0);
  BOOST_TEST(l.throttles == 0.0);
}

// A fast function keeps up with a busy shard: 900 records/s in batches of 100 taking 15 ms each is
// 15 % of one lane's time. (The mapping once buffered only two batches per lane and second, so it
// fell behind at 200 records/s.)
BOOST_AUTO_TEST_CASE(a_fast_function_keeps_up_with_a_busy_shard) {
  const auto a = simulate_doc(lambda_doc(1, 900, "10m", {{"duration", {{"per_invoke", "15ms"}}}}));
  const auto& c = a.run.consumers[0];
  BOOST_TEST(c.iterator_age_ms.max() < 2000.0);
  BOOST_TEST(c.records_processed >= a.run.stream.incoming_records - 1000);
}

// ConcurrentExecutions counts busy time: 200 lanes each invoking about 50 ms a second are about 10
// concurrent executions, so a limit of 50 throttles nothing.
BOOST_AUTO_TEST_CASE(short_invocations_count_their_busy_time) {
  const auto a = simulate_doc(lambda_doc(100, 2000, "5m",
                                         {{"parallelization_factor", 2},
                                          {"concurrency_limit", 50},
                                          {"duration", {{"per_invoke", "50ms"}}}}));
  const auto& l = a.run.consumers[0].lambda;
  BOOST_TEST(l.concurrent_executions[3] == 10.0, boost::test_tools::tolerance(0.3));
  BOOST_TEST(l.throttles == 0.0);
  BOOST_TEST(a.run.consumers[0].iterator_age_ms.max() < 2000.0);
}

// T21: a concurrency limit of 50 caps the same mapping at 50, throttles the rest, and the lag
// grows.
BOOST_AUTO_TEST_CASE(concurrency_limit_caps_invocations_and_the_lag_grows) {
  const auto a = simulate_doc(lambda_doc(100, 2000, "10m",
                                         {{"parallelization_factor", 2},
                                          {"concurrency_limit", 50},
                                          {"duration", {{"per_invoke", "5s"}}}}));
  const auto& c = a.run.consumers[0];
  BOOST_TEST(c.lambda.max_concurrency == 50);
  BOOST_TEST(c.lambda.throttles > 0.0);
  BOOST_TEST(c.max_iterator_age_ms[9] > 2 * c.max_iterator_age_ms[3]);
  BOOST_TEST(c.max_iterator_age_ms[9] > 60000.0);
}

// Issue 10's mapping: 100 shards of 200 records/s in 2 lanes each, batches of 100 taking 1.05 s,
// so each lane is busy all the time.
nlohmann::json always_busy_lanes(int concurrency_limit) {
  auto doc = lambda_doc(100, 20000, "15m",
                        {{"batch_size", 100},
                         {"parallelization_factor", 2},
                         {"concurrency_limit", concurrency_limit},
                         {"duration", {{"per_invoke", "50ms"}, {"per_record", "10ms"}}}});
  doc["producers"][0]["instances"] = 4;
  doc["producers"][0]["keys"] = {{"uniform", 100000}};
  return doc;
}

// T21: reserved concurrency is a hard cap. Lanes still busy from an earlier step, and lanes that
// start early in a step, once passed the check: this mapping reported 119-130 at a limit of 50.
BOOST_AUTO_TEST_CASE(concurrency_never_exceeds_the_limit) {
  const auto a = simulate_doc(always_busy_lanes(50));
  const auto& c = a.run.consumers[0];
  BOOST_TEST(c.lambda.max_concurrency == 50);
  for (size_t p = 0; p < c.lambda.concurrent_executions.size(); ++p) {
    BOOST_TEST(c.lambda.concurrent_executions[p] <= 50.0 + 1e-9, "period " << p);
    BOOST_TEST(c.lambda.concurrent_executions[p] > 49.0, "period " << p);  // the limit is used
  }
  BOOST_TEST(c.lambda.throttles > 0.0);
  // 50 busy lanes process about 50 / 1.05 s × 100 records: the rest waits and the lag grows.
  BOOST_TEST(c.records_processed < 0.3 * a.run.stream.incoming_records);
  BOOST_TEST(c.max_iterator_age_ms[14] > 4 * c.max_iterator_age_ms[2]);
}

// T21: with a limit the mapping cannot reach, all 200 lanes run at once.
BOOST_AUTO_TEST_CASE(concurrency_reaches_shards_times_factor_under_a_high_limit) {
  const auto a = simulate_doc(always_busy_lanes(1000));
  const auto& l = a.run.consumers[0].lambda;
  BOOST_TEST(l.max_concurrency == 200);
  // A period's average is a little under 200: a lane whose share of the shard's fetched records
  // ran out waits for the next fetch now and then.
  BOOST_TEST(l.concurrent_executions[7] > 198.0);
  BOOST_TEST(l.concurrent_executions[7] <= 200.0 + 1e-9);
  BOOST_TEST(l.throttles == 0.0);
}

// The concurrency limit throttles lanes in turn: with one slot and two shards whose invocations
// take 2 s, the shard held back goes first next time, so each gets a 100-record batch every 4 s.
// (The rotation moved one shard a step, so with the slot free every second step the same shard
// always came first and the other shard never ran.)
BOOST_AUTO_TEST_CASE(a_full_limit_serves_every_shard_in_turn) {
  auto doc = lambda_doc(2, 200, "10m",
                        {{"concurrency_limit", 1}, {"duration", {{"per_invoke", "2s"}}}});
  const auto a = simulate_doc(doc);
  const auto& spans = a.run.consumers[0].shard_delivery_spans;
  BOOST_REQUIRE(spans.size() == 2u);
  BOOST_TEST(spans[0].records > 14000);
  BOOST_TEST(spans[1].records > 14000);
  // One lane waits at any time: about one lane-second of throttling per second.
  BOOST_TEST(a.run.consumers[0].lambda.throttles == 600.0, boost::test_tools::tolerance(0.05));
}

// T22 [LAMBDA-ARCH]: under the defaults a poison record blocks its shard until it expires.
BOOST_AUTO_TEST_CASE(poison_record_blocks_the_shard_until_it_expires) {
  const auto a = simulate_doc(lambda_doc(1, 10, "25h", {{"poison_records", 0.001}}));
  const auto& c = a.run.consumers[0];
  BOOST_TEST(c.iterator_age_ms.max() > 23 * 3600 * 1000.0);  // the age climbs toward the retention
  BOOST_TEST(c.records_processed < a.run.stream.incoming_records / 10);
  BOOST_TEST(c.lambda.retries > 1000.0);
  BOOST_TEST(c.lambda.records_sent_to_on_failure == 0);
}

// One shard at 100 records/s, batches of 100, about one poison record in 2,000, two retries and an
// SQS on-failure destination, plus `extra` settings.
const kds::models::ConsumerResult& run_poison_with_retries(const nlohmann::json& extra) {
  static kds::models::RunAssessment a;
  nlohmann::json fn = {{"poison_records", 0.0005},
                       {"max_retry_attempts", 2},
                       {"on_failure", "sqs"},
                       {"batch_size", 100}};
  fn.update(extra);
  a = simulate_doc(lambda_doc(1, 100, "30m", fn));
  return a.run.consumers[0];
}

// T22: a blocked lane retries once per invocation, also when an invocation outlasts the 1 s step:
// every record is poisoned, invocations take 1.5 s, so about 120 s / 1.5 s = 80 retries in two
// minutes, and the IteratorAge climbs with them (it stayed near 1 s when retries that did not fit
// in a step were dropped).
BOOST_AUTO_TEST_CASE(a_blocked_lane_retries_once_per_invocation_however_long) {
  const auto a = simulate_doc(lambda_doc(
      1, 10, "2m",
      {{"poison_records", 1.0}, {"batch_size", 10}, {"duration", {{"per_invoke", "1.5s"}}}}));
  const auto& c = a.run.consumers[0];
  BOOST_TEST(c.lambda.retries == 79.0, boost::test_tools::tolerance(0.03));
  BOOST_TEST(c.lambda.invocations == c.lambda.retries + 1);
  BOOST_TEST(c.iterator_age_ms.max() > 115000.0);
  BOOST_TEST(c.records_processed == 0);
}

// T22, §8: with two retries and an on-failure destination the shard moves on: each poisoned batch
// fails three times (first attempt and two retries) and goes whole to the destination.
BOOST_AUTO_TEST_CASE(retries_let_the_shard_move_on) {
  const auto& c = run_poison_with_retries(nlohmann::json::object());
  BOOST_TEST(c.iterator_age_ms.max() < 10000.0);
  const double poisoned_batches = c.lambda.errors / 3;
  BOOST_TEST(poisoned_batches >= 1.0);
  BOOST_TEST(static_cast<double>(c.lambda.records_sent_to_on_failure) / poisoned_batches == 100.0,
             boost::test_tools::tolerance(0.2));
}

// §8: bisecting a failing batch (splits are not retries) isolates the poison record: only it goes
// to the destination, after about log2(100) = 7 failing halves plus the two retries.
BOOST_AUTO_TEST_CASE(bisection_isolates_the_poison_record) {
  const auto& c = run_poison_with_retries({{"bisect_on_error", true}});
  BOOST_TEST(c.lambda.records_sent_to_on_failure >= 1);
  const double errors_per_isolated_record =
      c.lambda.errors / static_cast<double>(c.lambda.records_sent_to_on_failure);
  BOOST_TEST(errors_per_isolated_record >= 8.0);
  BOOST_TEST(errors_per_isolated_record <= 11.0);
  BOOST_TEST(c.lambda.retries == 2.0 * static_cast<double>(c.lambda.records_sent_to_on_failure));
}

// Records a run did not account for: neither processed, nor sent to the on-failure destination,
// nor lost to retention. What was still buffered or failing at the end is at most `in_flight`.
int64_t unaccounted(const kds::models::RunAssessment& a, int64_t in_flight) {
  const auto& c = a.run.consumers[0];
  const int64_t accounted =
      c.records_processed + c.lambda.records_sent_to_on_failure + c.lost_records + in_flight;
  return std::max<int64_t>(0, a.run.stream.incoming_records - accounted);
}

// One shard at 100 records/s whose function fails 30 % of its invocations, one retry, an SQS
// on-failure destination.
kds::models::RunAssessment run_transient_errors(bool bisect) {
  return simulate_doc(lambda_doc(1, 100, "30m",
                                 {{"error_rate", 0.3},
                                  {"max_retry_attempts", 1},
                                  {"on_failure", "sqs"},
                                  {"bisect_on_error", bisect}}));
}
double share_sent_to_on_failure(const kds::models::RunAssessment& a) {
  return static_cast<double>(a.run.consumers[0].lambda.records_sent_to_on_failure) /
         static_cast<double>(a.run.stream.incoming_records);
}

// §8: without bisection a batch of 100 that fails its try and its retry goes whole to the
// destination: about 0.3 x 0.3 = 9 % of the records. Every record is accounted for.
BOOST_AUTO_TEST_CASE(transient_failures_send_whole_batches_to_the_destination) {
  const auto a = run_transient_errors(false);
  BOOST_TEST(share_sent_to_on_failure(a) == 0.09, boost::test_tools::tolerance(0.3));
  BOOST_TEST(unaccounted(a, 1000) == 0);
}

// §8: bisect_on_error splits any failing batch, after a transient error too: only the halves that
// fail again are retried, down to single records, so almost nothing reaches the destination (the
// same run without bisection sends 9 %, above).
BOOST_AUTO_TEST_CASE(bisection_splits_transient_failures_too) {
  const auto a = run_transient_errors(true);
  BOOST_TEST(share_sent_to_on_failure(a) < 0.002);
  BOOST_TEST(a.run.consumers[0].lambda.errors > 1000.0);
  BOOST_TEST(unaccounted(a, 1000) == 0);
}

// A clean half of a bisected poisoned batch that fails transiently is retried, not dropped: with
// poison records, transient errors, two retries and bisection, every record is accounted for.
BOOST_AUTO_TEST_CASE(bisected_halves_failing_transiently_are_kept) {
  const auto a = simulate_doc(lambda_doc(1, 100, "30m",
                                         {{"poison_records", 0.0005},
                                          {"error_rate", 0.2},
                                          {"max_retry_attempts", 2},
                                          {"on_failure", "sqs"},
                                          {"bisect_on_error", true}}));
  BOOST_TEST(a.run.consumers[0].lambda.records_sent_to_on_failure >= 1);
  BOOST_TEST(unaccounted(a, 1000) == 0);
}

// §8: splits do not count towards the retry quota, so bisection isolates the poison record with
// no retries at all: one record per poisoned batch reaches the destination, not the batch.
BOOST_AUTO_TEST_CASE(bisection_isolates_the_poison_record_without_retries) {
  const auto& c = run_poison_with_retries({{"bisect_on_error", true}, {"max_retry_attempts", 0}});
  BOOST_TEST(c.lambda.records_sent_to_on_failure >= 1);
  BOOST_TEST(c.lambda.retries == 0.0);
  const double errors_per_isolated_record =
      c.lambda.errors / static_cast<double>(c.lambda.records_sent_to_on_failure);
  BOOST_TEST(errors_per_isolated_record >= 6.0);
  BOOST_TEST(errors_per_isolated_record <= 9.0);
}

// T23 [LAMBDA-ARCH]: with ReportBatchItemFailures the records before the failed one are
// checkpointed, so about half a batch, not a whole one, exhausts its retries.
BOOST_AUTO_TEST_CASE(batch_item_failures_checkpoint_before_the_failed_record) {
  const auto& c = run_poison_with_retries({{"report_batch_item_failures", true}});
  const double poisoned_batches = c.lambda.errors / 3;
  BOOST_TEST(poisoned_batches >= 1.0);
  BOOST_TEST(static_cast<double>(c.lambda.records_sent_to_on_failure) / poisoned_batches < 75.0);
}

// §8 [LAMBDA-ARCH]: a parallelized shard keeps per-key order (each key stays in one lane, whose
// batches run one after the other in arrival order) but not per-shard order (lanes interleave).
BOOST_AUTO_TEST_CASE(parallelization_keeps_per_key_order_only) {
  const auto a =
      simulate_doc(lambda_doc(2, 400, "5m", {{"parallelization_factor", 2}, {"batch_size", 50}}));
  std::map<std::pair<int, int>, kds::models::LambdaInvocation> last_by_lane;
  bool lanes_interleave = false;
  std::map<int, kds::models::LambdaInvocation> last_by_shard;
  for (const auto& inv : a.run.consumers[0].lambda.first_invocations) {
    const auto key = std::make_pair(inv.shard, inv.lane);
    if (last_by_lane.count(key)) {
      const auto& previous = last_by_lane[key];
      BOOST_TEST(inv.started_s >= previous.started_s);
      BOOST_TEST(inv.first_arrival_s >= previous.last_arrival_s);  // in order within the lane
    }
    last_by_lane[key] = inv;
    if (last_by_shard.count(inv.shard) && last_by_shard[inv.shard].lane != inv.lane &&
        inv.first_arrival_s < last_by_shard[inv.shard].last_arrival_s) {
      lanes_interleave = true;  // a later invocation delivers records that arrived earlier
    }
    last_by_shard[inv.shard] = inv;
  }
  BOOST_TEST(last_by_lane.size() == 4u);
  BOOST_TEST(lanes_interleave);
}

// §8: lanes are chosen by partition key, so one hot key stays in one lane: in order, and never
// more than one invocation at a time for its shard, whatever the parallelization factor.
BOOST_AUTO_TEST_CASE(a_single_key_stays_in_one_lane) {
  auto doc = lambda_doc(1, 200, "3m", {{"parallelization_factor", 4}, {"batch_size", 20}});
  doc["producers"][0]["keys"] = {{"single", "order-42"}};
  const auto a = simulate_doc(doc);
  const auto& l = a.run.consumers[0].lambda;
  BOOST_TEST(l.max_concurrency == 1);
  for (const auto& inv : l.first_invocations)
    BOOST_TEST(inv.lane == l.first_invocations.front().lane);
}

// §8: error_rate makes invocations fail and retry; nothing is lost with unlimited retries.
BOOST_AUTO_TEST_CASE(transient_errors_are_retried) {
  const auto a = simulate_doc(lambda_doc(2, 200, "10m", {{"error_rate", 0.1}}));
  const auto& c = a.run.consumers[0];
  BOOST_TEST(c.lambda.errors / c.lambda.invocations == 0.1, boost::test_tools::tolerance(0.25));
  BOOST_TEST(c.lambda.retries == c.lambda.errors, boost::test_tools::tolerance(0.05));
  BOOST_TEST(c.lost_records == 0);
  BOOST_TEST(c.records_processed >= a.run.stream.incoming_records - 500);
}

BOOST_AUTO_TEST_SUITE_END()
