// stop_producer and stop_consumer events (SPEC §2 events[]), and KCL failover (fact sheet §9, T24).
#include <boost/test/unit_test.hpp>

#include "tests/sim_harness.hpp"

using kds::testing::polling_app;
using kds::testing::producer;
using kds::testing::simulate_doc;

namespace {
// Four shards fed 400 records/s, read by one app of two workers that checkpoints every 10 s. Calls
// return at most 200 records: IteratorAge is the age of the last record a call returns, so a gap
// shows only when the backlog takes more than one call.
nlohmann::json two_worker_app(const nlohmann::json& event) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = "6m";
  doc["stream"]["shards"] = 4;
  doc["producers"].push_back(producer("p", 400, 200));
  auto app = polling_app("kcl");
  app["workers"] = 2;
  app["checkpoint_every"] = "10s";
  app["max_records"] = 200;
  doc["consumers"].push_back(app);
  doc["events"] = nlohmann::json::array({event});
  return doc;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(scheduled_events)

// A stopped producer group sends nothing while stopped and resumes afterwards.
BOOST_AUTO_TEST_CASE(stopped_producer_sends_nothing_while_stopped) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = "5m";
  doc["producers"].push_back(producer("p", 100, 100));
  doc["events"] = nlohmann::json::parse(R"([{"at": "2m", "stop_producer": "p", "for": "1m"}])");
  const auto a = simulate_doc(doc);
  const auto& incoming = a.run.stream.periods.incoming_records;
  BOOST_TEST(incoming[1] == 6000.0, boost::test_tools::tolerance(0.05));
  BOOST_TEST(incoming[2] == 0.0);
  BOOST_TEST(incoming[3] == 6000.0, boost::test_tools::tolerance(0.05));
}

// T24: a worker stopped at 2 min loses its leases; with the 10 s failover time the other worker
// takes them 10-30 s later, so the IteratorAge of that minute shows a 10-30 s gap; the records
// read since the last checkpoint are delivered again and counted as duplicates; nothing is lost.
BOOST_AUTO_TEST_CASE(stopped_worker_leases_are_taken_within_10_to_30_s) {
  const auto a = simulate_doc(two_worker_app(
      nlohmann::json::parse(R"({"at": "2m", "stop_consumer": "kcl", "worker": 0})")));
  const auto& c = a.run.consumers[0];
  BOOST_TEST(c.max_iterator_age_ms[1] < 2000.0);       // before the stop: caught up
  BOOST_TEST(c.lease_takeover_delays_s.size() == 2u);  // worker 0 held shards 0 and 2
  for (double delay_s : c.lease_takeover_delays_s) {
    BOOST_TEST(delay_s >= 10.0);
    BOOST_TEST(delay_s <= 30.1);
  }
  // The IteratorAge shows the gap: the first call after the takeover returns records from the
  // checkpoint, up to 10 s before the stop.
  BOOST_TEST(c.max_iterator_age_ms[2] >= 10000.0);
  BOOST_TEST(c.max_iterator_age_ms[2] <= 41000.0);
  BOOST_TEST(c.max_iterator_age_ms[4] < 2000.0);  // caught up again
  BOOST_TEST(c.duplicate_records > 0);
  BOOST_TEST(c.lost_records == 0);
  BOOST_TEST(c.records_processed >= a.run.stream.incoming_records + c.duplicate_records - 2000);
}

// Fact sheet §9 (KCL 2.x lease stealing): worker 0, back after a minute, finds its two leases
// taken by worker 1, which holds all four; its lease taker steals one per run (every ~20 s) until
// both hold two: two steals, and nothing is lost.
BOOST_AUTO_TEST_CASE(a_returning_worker_steals_back_its_share_one_lease_at_a_time) {
  const auto a = simulate_doc(two_worker_app(
      nlohmann::json::parse(R"({"at": "2m", "stop_consumer": "kcl", "worker": 0, "for": "60s"})")));
  const auto& c = a.run.consumers[0];
  BOOST_TEST(c.lease_takeover_delays_s.size() == 2u);
  BOOST_TEST(c.leases_stolen == 2);
  BOOST_TEST(c.lost_records == 0);
  BOOST_TEST(c.records_processed >= a.run.stream.incoming_records + c.duplicate_records - 2000);
  BOOST_TEST(c.max_iterator_age_ms[5] < 2000.0);  // caught up at the end
}

// A whole app stopped for 60 s resumes from its checkpoints: its IteratorAge shows the minute, the
// records after the checkpoints are read twice, and it catches up.
BOOST_AUTO_TEST_CASE(stopped_app_resumes_from_its_checkpoints) {
  const auto a = simulate_doc(two_worker_app(
      nlohmann::json::parse(R"({"at": "2m", "stop_consumer": "kcl", "for": "60s"})")));
  const auto& c = a.run.consumers[0];
  BOOST_TEST(c.max_iterator_age_ms[3] >= 60000.0);
  BOOST_TEST(c.max_iterator_age_ms[3] <= 72000.0);
  BOOST_TEST(c.max_iterator_age_ms[5] < 2000.0);
  BOOST_TEST(c.duplicate_records > 0);
  BOOST_TEST(c.duplicate_records <= 4 * 100 * 11);  // at most ~10 s of records per shard
}

BOOST_AUTO_TEST_SUITE_END()
