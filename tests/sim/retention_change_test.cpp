// set_retention_hours events (fact sheet §6, T19): semantics and billing.
#include <boost/test/unit_test.hpp>

#include "tests/sim_harness.hpp"

using kds::testing::polling_app;
using kds::testing::producer;
using kds::testing::simulate_doc;

namespace {
// One shard at `rate`, a TRIM_HORIZON app starting at `start_at`, and one retention change.
nlohmann::json late_reader(double rate, double duration_s, double retention_hours,
                           const nlohmann::json& event, double start_at_s) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = duration_s;
  doc["stream"]["retention_hours"] = retention_hours;
  doc["producers"].push_back(producer("p", rate, 100));
  auto app = polling_app("late");
  app["start_position"] = "TRIM_HORIZON";
  app["start_at"] = start_at_s;
  doc["consumers"].push_back(app);
  doc["events"] = nlohmann::json::array({event});
  return doc;
}

double records_before(const kds::models::RunResult& run, int periods) {
  double total = 0;
  for (int p = 0; p < periods; ++p) total += run.stream.periods.incoming_records[p];
  return total;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(retention_change)

// T19 [DOCS-2022]: raising the retention from 24 h to 48 h keeps the records not yet expired: an
// app starting at 25 h from TRIM_HORIZON still finds the first hour (without the change it would
// have lost it, see polling_consumer/late_trim_horizon_app_loses_the_expired_first_hour).
BOOST_AUTO_TEST_CASE(raising_retention_keeps_records_not_yet_expired) {
  const auto a = simulate_doc(
      late_reader(20, 25 * 3600 + 600, 24, {{"at", "1h"}, {"set_retention_hours", 48}}, 25 * 3600));
  const auto& c = a.run.consumers[0];
  BOOST_TEST(c.lost_records == 0);
  BOOST_TEST(c.records_processed >= a.run.stream.incoming_records - 50);
}

// Fact sheet §6: lowering the retention drops the older records almost at once: from 48 h to 24 h
// at 30 h, an app starting then from TRIM_HORIZON has lost exactly the first 6 hours.
BOOST_AUTO_TEST_CASE(lowering_retention_drops_older_records_at_once) {
  const auto a = simulate_doc(
      late_reader(5, 30 * 3600 + 600, 48, {{"at", "30h"}, {"set_retention_hours", 24}}, 30 * 3600));
  BOOST_TEST(a.run.consumers[0].lost_records ==
             static_cast<int64_t>(records_before(a.run, 6 * 60)));
}

// Fact sheet §7b: provisioned extended retention costs $0.020 per shard-hour only while the
// retention is above 24 h: 2 shards x 2 h = $0.08.
BOOST_AUTO_TEST_CASE(extended_retention_is_billed_while_it_is_on) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = "4h";
  doc["stream"]["shards"] = 2;
  doc["producers"].push_back(producer("p", 10, 100));
  doc["events"] = nlohmann::json::parse(R"([{"at": "2h", "set_retention_hours": 48}])");
  const auto a = simulate_doc(doc);
  BOOST_TEST(a.provisioned.extended_retention_usd == 0.08, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(a.on_demand.retention_usd > 0.0);
}

BOOST_AUTO_TEST_SUITE_END()
