// The KCL lease table (issue 16; fact sheet §9; exam-questions.md misconception 12: "the KCL's
// DynamoDB table is bookkeeping only"). 100 leases renewing every 3.3 s and checkpointing after
// every batch ask about 130 writes a second: 1 provisioned WCU throttles most of them, leases
// expire and are taken again from old checkpoints (duplicates); on demand nothing is throttled.
#include <boost/test/unit_test.hpp>

#include "tests/sim_harness.hpp"

using kds::testing::polling_app;
using kds::testing::producer;
using kds::testing::simulate_doc;
using nlohmann::json;

namespace {
json hundred_leases(const json& lease_table) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = "5m";
  doc["stream"]["shards"] = 100;
  doc["producers"] = json::array({producer("p", 1000, 200)});
  auto app = polling_app("kcl");
  app["lease_table"] = lease_table;
  doc["consumers"] = json::array({app});
  return doc;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(kcl_lease_table)

BOOST_AUTO_TEST_CASE(one_wcu_under_a_hundred_leases_throttles_and_churns) {
  const auto a = simulate_doc(hundred_leases(
      {{"mode", "PROVISIONED"}, {"write_capacity_units", 1}, {"read_capacity_units", 1}}));
  const auto& c = a.run.consumers[0];
  const auto& t = *c.lease_table;
  BOOST_TEST(t.writes_throttled > 0.9 * t.write_attempts);
  BOOST_TEST(t.leases_expired > 100);
  BOOST_TEST(c.duplicate_records > 1000);
}

BOOST_AUTO_TEST_CASE(on_demand_nothing_is_throttled) {
  const auto a = simulate_doc(hundred_leases({{"mode", "ON_DEMAND"}}));
  const auto& c = a.run.consumers[0];
  const auto& t = *c.lease_table;
  BOOST_TEST(t.writes_throttled == 0.0);
  BOOST_TEST(t.leases_expired == 0);
  BOOST_TEST(c.duplicate_records == 0);
  // Renewals (300 s / 3.308 s, 90 per lease) and a checkpoint per poll (about 300 per lease).
  BOOST_TEST(t.write_attempts > 100 * (90 + 250));
}

// An app stopped for the second half of the run renews nothing meanwhile: about half the writes of
// the on-demand run above (which makes more than 34,000).
BOOST_AUTO_TEST_CASE(a_stopped_app_writes_nothing) {
  auto doc = hundred_leases({{"mode", "ON_DEMAND"}});
  doc["events"] = json::parse(R"([{"at": "150s", "stop_consumer": "kcl"}])");
  const auto a = simulate_doc(doc);
  const auto& t = *a.run.consumers[0].lease_table;
  BOOST_TEST(t.write_attempts < 100 * (90 + 300) / 2 + 1000);
  BOOST_TEST(t.write_attempts > 100 * (45 + 100));
}

BOOST_AUTO_TEST_SUITE_END()
