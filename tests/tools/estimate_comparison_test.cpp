// The estimate beside a run (reports/estimate_comparison.hpp): which figures are judged, and the
// tolerances of issue 11's cross-check applied at their edges. The "simulated" figures are the
// estimate's own, moved by hand, so each case knows exactly what it compares.
#include "reports/estimate_comparison.hpp"

#include <ostream>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "models/fluid_model.hpp"
#include "tests/test_scenarios.hpp"

using kds::reports::Agreement;
using kds::reports::EstimateComparison;
using kds::reports::RunComparison;
using nlohmann::json;

namespace kds::reports {
// Boost.Test prints both sides of a failed comparison.
std::ostream& operator<<(std::ostream& out, Agreement a) {
  return out << agreement_name(a);
}
}  // namespace kds::reports

namespace {

// 1 shard, 500 records/s of 1 KB: nothing throttled, one polling app keeping up.
kds::models::FluidEstimate small_estimate() {
  json doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = "10m";
  doc["producers"] = json::array(
      {{{"name", "p"}, {"rate", 500}, {"record_bytes", 1000}, {"keys", {{"uniform", 100}}}}});
  doc["consumers"] = json::array({{{"name", "app"}, {"type", "polling"}}});
  return kds::models::estimate_fluid(kds::testing::load_or_fail(doc));
}

// A summary.json holding exactly the estimate's figures.
json summary_of(const kds::models::FluidEstimate& e) {
  const auto& c = e.consumers.at(0);
  return {{"scenario", "test"},
          {"stream",
           {{"write_throttle_ratio", e.stream.write_throttle_ratio()},
            {"incoming_records", e.stream.incoming_records}}},
          {"consumers",
           json::array({{{"name", "app"},
                         {"iterator_age_ms",
                          {{"max", c.max_iterator_age_ms}, {"final", c.final_iterator_age_ms}}},
                         {"lost_records", c.lost_records}}})},
          {"cost",
           {{"provisioned", {{"monthly_usd", e.provisioned.monthly_usd}}},
            {"on_demand", {{"monthly_usd", e.on_demand.monthly_usd}}},
            {"billed", {{"monthly_usd", e.billed.monthly_usd}}}}}};
}

const EstimateComparison& row(const RunComparison& c, const std::string& path) {
  for (const auto& r : c.rows)
    if (r.path == path) return r;
  BOOST_FAIL("no row " << path);
  return c.rows.front();
}

RunComparison compare(const json& summary, const kds::models::FluidEstimate& e) {
  std::string error;
  auto c = kds::reports::compare_with_summary(summary, e, error);
  BOOST_REQUIRE_MESSAGE(c, error);
  return *c;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(estimate_comparison)

// The same figures agree everywhere; ages are not judged for a consumer that keeps up.
BOOST_AUTO_TEST_CASE(identical_figures_agree_and_a_consumer_keeping_up_has_its_ages_unjudged) {
  const auto e = small_estimate();
  BOOST_REQUIRE(e.consumers.at(0).caught_up);
  const RunComparison c = compare(summary_of(e), e);
  BOOST_TEST(c.rows.size() == 9u);  // 2 stream, 4 per consumer, 3 costs
  BOOST_TEST(c.differing() == 0u);
  BOOST_TEST(row(c, "/consumers/0/caught_up").agreement == Agreement::kAgrees);
  BOOST_TEST(row(c, "/consumers/0/iterator_age_ms/max").agreement == Agreement::kNotJudged);
  BOOST_TEST(row(c, "/consumers/0/iterator_age_ms/final").agreement == Agreement::kNotJudged);
  BOOST_TEST(row(c, "/consumers/0/caught_up").label == "app: keeps up");
}

// The throttle ratio's tolerance is absolute (0.02), records stored and cost are relative.
BOOST_AUTO_TEST_CASE(tolerances_hold_at_their_edges) {
  const auto e = small_estimate();
  json s = summary_of(e);
  s["stream"]["write_throttle_ratio"] = e.stream.write_throttle_ratio() + 0.019;
  s["stream"]["incoming_records"] = e.stream.incoming_records / 1.019;
  s["cost"]["provisioned"]["monthly_usd"] = e.provisioned.monthly_usd / 1.009;
  s["cost"]["on_demand"]["monthly_usd"] = e.on_demand.monthly_usd / 1.011;
  RunComparison c = compare(s, e);
  BOOST_TEST(row(c, "/stream/write_throttle_ratio").agreement == Agreement::kAgrees);
  BOOST_TEST(row(c, "/stream/incoming_records").agreement == Agreement::kAgrees);
  BOOST_TEST(row(c, "/cost/provisioned/monthly_usd").agreement == Agreement::kAgrees);
  BOOST_TEST(row(c, "/cost/on_demand/monthly_usd").agreement == Agreement::kDiffers);
  BOOST_TEST(c.differing() == 1u);

  s["stream"]["write_throttle_ratio"] = e.stream.write_throttle_ratio() + 0.021;
  s["stream"]["incoming_records"] = e.stream.incoming_records / 1.021;
  c = compare(s, e);
  BOOST_TEST(row(c, "/stream/write_throttle_ratio").agreement == Agreement::kDiffers);
  BOOST_TEST(row(c, "/stream/incoming_records").agreement == Agreement::kDiffers);
}

// A run whose consumer fell behind (final age at or above the estimate's threshold): the verdict
// differs, and both ages are judged within 15 %.
BOOST_AUTO_TEST_CASE(a_consumer_behind_in_the_run_has_its_verdict_and_ages_judged) {
  const auto e = small_estimate();
  const double threshold = e.consumers.at(0).caught_up_threshold_ms;
  json s = summary_of(e);
  s["consumers"][0]["iterator_age_ms"]["final"] = threshold;
  s["consumers"][0]["iterator_age_ms"]["max"] = e.consumers[0].max_iterator_age_ms / 1.14;
  const RunComparison c = compare(s, e);
  BOOST_TEST(row(c, "/consumers/0/caught_up").agreement == Agreement::kDiffers);
  BOOST_TEST(row(c, "/consumers/0/caught_up").simulated == 0);
  BOOST_TEST(row(c, "/consumers/0/iterator_age_ms/max").agreement == Agreement::kAgrees);
  BOOST_TEST(row(c, "/consumers/0/iterator_age_ms/final").agreement == Agreement::kDiffers);
}

// Lost records: 15 %, or a thousandth of the records stored, whichever is larger.
BOOST_AUTO_TEST_CASE(lost_records_agree_within_15_percent_or_a_thousandth_of_the_stream) {
  const auto e = small_estimate();
  BOOST_REQUIRE(e.consumers.at(0).lost_records == 0);
  const double floor = 0.001 * e.stream.incoming_records;  // 300 records
  json s = summary_of(e);
  s["consumers"][0]["lost_records"] = floor - 1;
  BOOST_TEST(row(compare(s, e), "/consumers/0/lost_records").agreement == Agreement::kAgrees);
  s["consumers"][0]["lost_records"] = floor + 1;
  BOOST_TEST(row(compare(s, e), "/consumers/0/lost_records").agreement == Agreement::kDiffers);
}

// A summary without a figure, or without the consumer, is an error naming what is missing.
BOOST_AUTO_TEST_CASE(a_missing_figure_is_named) {
  const auto e = small_estimate();
  json s = summary_of(e);
  s["cost"].erase("billed");
  std::string error;
  BOOST_TEST(!kds::reports::compare_with_summary(s, e, error));
  BOOST_TEST(error == "missing or not a number: /cost/billed/monthly_usd");
  s = summary_of(e);
  s["consumers"][0]["name"] = "other";
  BOOST_TEST(!kds::reports::compare_with_summary(s, e, error));
  BOOST_TEST(error == "missing or not a number: /consumers (no consumer named app)");
  BOOST_TEST(!kds::reports::compare_with_summary(json::array(), e, error));
}

BOOST_AUTO_TEST_SUITE_END()
