// Propagation delay as a first-class output (issue 17): from a record's arrival at its shard to
// its processing, over the run and per report period, for every consumer type.
#include <algorithm>

#include <boost/test/unit_test.hpp>

#include "models/slo.hpp"
#include "tests/sim_harness.hpp"

using kds::testing::producer;
using kds::testing::simulate_doc;

namespace {
// Two shards at 800 records/s of 500 B in all, a surge to 1,800 records/s from 60 s on for
// `surge`, and one KCL worker processing 2 ms a record (500 records/s per lease, the two leases
// in parallel).
nlohmann::json surge_doc(const std::string& surge_end) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = "4m";
  doc["stream"]["shards"] = 2;
  auto p = producer("p", 0, 500);
  using nlohmann::json;  // arrays spelled out: {"0s", 800} alone would read as an object
  p["rate"] = {{"steps", json::array({json::array({"0s", 800}), json::array({"60s", 1800}),
                                      json::array({surge_end, 800})})}};
  doc["producers"].push_back(p);
  doc["consumers"].push_back({{"name", "kcl"},
                              {"type", "polling"},
                              {"processing", {{"per_record", "2ms"}}}});
  doc["report"] = {{"interval", "10s"}};
  return doc;
}

double largest(const std::vector<double>& values) {
  return *std::max_element(values.begin(), values.end());
}
}  // namespace

BOOST_AUTO_TEST_SUITE(propagation_delay)

// The lesson: each call reads its shard to the tip, so IteratorAge stays under a second, while the
// records of the surge wait for the 4,000 records ahead of them on their lease: (900 - 500) x 10 /
// 500 = 8 s, plus about one poll interval (1 s).
BOOST_AUTO_TEST_CASE(a_surge_shows_in_the_delay_not_in_iterator_age) {
  const auto a = simulate_doc(surge_doc("70s"));
  const auto& c = a.run.consumers[0];
  BOOST_TEST(c.propagation_delay_ms.max() == 9000.0, boost::test_tools::tolerance(0.15));
  BOOST_TEST(c.iterator_age_ms.max() < 1000.0);
  // Per period: the 10 s periods of the surge and of its drain carry the largest delays, the
  // period before it only the steady ones (about a second).
  const auto& max_ms = c.propagation_delay_ms.period_max_ms();
  const auto& p99_ms = c.propagation_delay_ms.period_p99_ms();
  BOOST_TEST(largest(max_ms) == c.propagation_delay_ms.max(), boost::test_tools::tolerance(1e-9));
  BOOST_TEST(max_ms[4] < 2000.0);
  BOOST_TEST(largest(max_ms) > 7000.0);
  for (size_t p = 0; p < max_ms.size(); ++p) BOOST_TEST(p99_ms[p] <= max_ms[p] + 1e-9);
  // The drain ends: the last periods are back to steady delays.
  BOOST_TEST(max_ms.back() < 2000.0);
  // MillisBehindLatest: every call reads to the tip.
  BOOST_TEST(largest(c.max_millis_behind_latest) == 0.0);
}

// A longer surge: the backlog passes what one call returns (10,000 records, T6), so calls stop
// reaching the tip and IteratorAge grows too, with MillisBehindLatest.
BOOST_AUTO_TEST_CASE(with_the_get_records_cap_binding_iterator_age_grows_too) {
  const auto a = simulate_doc(surge_doc("150s"));
  const auto& c = a.run.consumers[0];
  BOOST_TEST(c.iterator_age_ms.max() > 10000.0);
  BOOST_TEST(largest(c.max_millis_behind_latest) > 10000.0);
  // The last of the 36,000-record backlog per lease waits 72 s for its processor.
  BOOST_TEST(c.propagation_delay_ms.max() > 60000.0);
}

// SLOs on the delay: the 10 s surge breaks a 5 s max_propagation_delay, and its p99 over the run
// (about 9 s: the surge's records are 10 % of the run's) breaks 8 s.
BOOST_AUTO_TEST_CASE(delay_slos_are_evaluated_per_consumer) {
  auto doc = surge_doc("70s");
  doc["slo"] = {{"max_propagation_delay", "5s"}, {"p99_propagation_delay", "8s"}};
  const auto a = simulate_doc(doc);
  BOOST_TEST(!a.slo.met);
  BOOST_REQUIRE(a.slo.violations.size() == 2u);
  BOOST_TEST(a.slo.violations[0].what == "max_propagation_delay");
  BOOST_TEST(a.slo.violations[0].consumer == "kcl");
  BOOST_TEST(a.slo.violations[0].value > 7.0);
  BOOST_TEST(a.slo.violations[1].what == "p99_propagation_delay");
  BOOST_TEST(a.slo.violations[1].value < 10.0);
}

// Records never processed count too: an app stopped for good at 30 s processes nothing after, and
// its oldest unprocessed record has waited 150 s when the 3-minute run ends.
BOOST_AUTO_TEST_CASE(records_left_unprocessed_break_the_max_delay_slo) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = "3m";
  doc["producers"].push_back(producer("p", 100, 500));
  doc["consumers"].push_back(kds::testing::polling_app("app"));
  doc["events"] = {{{"at", "30s"}, {"stop_consumer", "app"}}};
  doc["slo"] = {{"max_propagation_delay", "5s"}};
  const auto a = simulate_doc(doc);
  const auto& c = a.run.consumers[0];
  BOOST_TEST(c.propagation_delay_ms.max() < 2000.0);
  BOOST_TEST(c.oldest_unprocessed_age_ms == 150000.0, boost::test_tools::tolerance(0.01));
  BOOST_REQUIRE(a.slo.violations.size() == 1u);
  BOOST_TEST(a.slo.violations[0].value == 150.0, boost::test_tools::tolerance(0.01));
}

// The KCL does not call processRecords for an empty response: a shard that gets a record every 5
// seconds, with a 1.5 s per_batch, sees each record processed within a poll and a batch (at most
// about 3.3 s). When empty responses took per_batch too, the processor was always busy with them
// and records waited behind up to three of them: 7.3 s.
BOOST_AUTO_TEST_CASE(empty_responses_take_no_processing_time) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = "10m";
  doc["producers"].push_back(producer("p", 0.2, 500));
  doc["consumers"].push_back({{"name", "kcl"},
                              {"type", "polling"},
                              {"processing", {{"per_batch", "1500ms"}}}});
  const auto a = simulate_doc(doc);
  BOOST_TEST(a.run.consumers[0].propagation_delay_ms.max() < 4000.0);
}

// KCL 1.x (no prefetch): the next call waits for the batch to be processed, so the call after a
// slow batch reads everything that came meanwhile; the delay still covers the wait.
BOOST_AUTO_TEST_CASE(without_prefetch_the_next_call_waits_for_processing) {
  auto doc = surge_doc("70s");
  doc["consumers"][0]["prefetch"] = false;
  const auto a = simulate_doc(doc);
  const auto& c = a.run.consumers[0];
  BOOST_TEST(c.propagation_delay_ms.max() > 8000.0);
  BOOST_TEST(c.iterator_age_ms.max() < 1500.0);
}

// Enhanced fan-out: the push delay (T17: 70 ms when caught up), per period too.
BOOST_AUTO_TEST_CASE(enhanced_fan_out_reports_its_push_delay) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = "3m";
  doc["producers"].push_back(producer("p", 200, 500));
  doc["consumers"].push_back({{"name", "efo"}, {"type", "efo"}});
  const auto a = simulate_doc(doc);
  const auto& d = a.run.consumers[0].propagation_delay_ms;
  BOOST_TEST(d.max() == 70.0, boost::test_tools::tolerance(0.05));
  for (double m : d.period_max_ms()) BOOST_TEST(m == 70.0, boost::test_tools::tolerance(0.05));
  for (double p : d.period_p99_ms()) BOOST_TEST(p == 70.0, boost::test_tools::tolerance(0.05));
}

// Lambda: a record is processed when its batch's invocation returns. A function taking 300 ms a
// batch polled once a second: delays between 300 ms and 1.3 s.
BOOST_AUTO_TEST_CASE(lambda_delays_end_with_the_invocation) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = "3m";
  doc["producers"].push_back(producer("p", 50, 500));
  doc["consumers"].push_back(
      {{"name", "fn"}, {"type", "lambda"}, {"duration", {{"per_invoke", "300ms"}}}});
  const auto a = simulate_doc(doc);
  const auto& d = a.run.consumers[0].propagation_delay_ms;
  BOOST_TEST(d.quantile(0.001) > 300.0);
  BOOST_TEST(d.max() < 1400.0);
  BOOST_TEST(d.max() > 1200.0);
  for (double m : d.period_max_ms()) BOOST_TEST(m > 1000.0);
}

BOOST_AUTO_TEST_SUITE_END()
