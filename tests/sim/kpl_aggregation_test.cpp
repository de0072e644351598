// KPL aggregation and collection (fact sheet §10, T25, T26), end to end through the simulator.
#include <boost/test/unit_test.hpp>

#include "models/slo.hpp"
#include "tests/sim_harness.hpp"

using kds::testing::producer;
using kds::testing::simulate_doc;

namespace {
nlohmann::json one_shard_kpl(double rate, double bytes, bool aggregation) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = "5m";
  auto p = producer("p", rate, bytes);
  p["kpl"] = {{"aggregation", aggregation}};
  doc["producers"].push_back(p);
  doc["consumers"].push_back(kds::testing::polling_app("reader"));
  return doc;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(kpl_aggregation)

// T25 [DOCS-2022]: 1,000 records/s of 512 B on one shard become about 10 KDS records/s of about
// 50 KB; consumers de-aggregate, so they count user records.
BOOST_AUTO_TEST_CASE(thousand_small_records_become_about_ten_aggregates_per_second) {
  const auto a = simulate_doc(one_shard_kpl(1000, 512, true));
  const auto& s = a.run.stream;
  const double kds_per_s = static_cast<double>(s.stored_kds_records) / 300.0;
  BOOST_TEST(kds_per_s == 10.0, boost::test_tools::tolerance(0.25));
  BOOST_TEST(s.incoming_bytes / static_cast<double>(s.stored_kds_records) == 50000.0,
             boost::test_tools::tolerance(0.2));
  BOOST_TEST(a.run.consumers[0].records_processed >= s.incoming_records - 2000);
  // PUT payload units are billed on the aggregates: about ten full ones of 3 units (51,200 B) and a
  // smaller one per second, instead of one unit per user record.
  const double units_per_aggregate =
      a.provisioned.put_payload_units / static_cast<double>(s.stored_kds_records);
  BOOST_TEST(units_per_aggregate >= 2.5);
  BOOST_TEST(units_per_aggregate <= 3.0);
  BOOST_TEST(a.provisioned.put_payload_units < 0.05 * static_cast<double>(s.incoming_records));
}

// T25: 5,000 records/s of 100 B on one shard is mostly throttled without KPL (the 1,000 records/s
// limit) ...
BOOST_AUTO_TEST_CASE(small_records_without_aggregation_are_mostly_throttled) {
  const auto plain = simulate_doc(one_shard_kpl(5000, 100, false));
  BOOST_TEST(kds::models::write_throttle_ratio(plain.run.stream) > 0.5);
}

// ... and not throttled with it (the limit counts aggregated records).
BOOST_AUTO_TEST_CASE(aggregation_lifts_the_record_limit) {
  const auto aggregated = simulate_doc(one_shard_kpl(5000, 100, true));
  BOOST_TEST(aggregated.run.stream.write_throttled_records == 0);
  BOOST_TEST(static_cast<double>(aggregated.run.stream.incoming_records) == 5000.0 * 300,
             boost::test_tools::tolerance(0.01));
}

BOOST_AUTO_TEST_SUITE_END()
