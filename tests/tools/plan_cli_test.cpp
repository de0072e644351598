// kds-sim plan end to end (issue 13, SPEC §4 "plan"): the shipped plan workloads in
// scenarios/plan/, each planned by the real binary (fluid search, simulated finalists), and the
// recommendation run again by `kds-sim run` as a user would.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/tools/cli_test_support.hpp"

namespace fs = std::filesystem;
using kds::testing::CommandResult;
using kds::testing::fresh_dir;
using kds::testing::kds_sim;
using kds::testing::read_text;
using kds::testing::scenario;
using nlohmann::json;

namespace {

struct Planned {
  CommandResult result;
  fs::path dir;
  json plan;
};

Planned plan(const std::string& name, const std::string& extra = "") {
  Planned p;
  p.dir = fresh_dir("plan-" + name);
  p.result = kds_sim("plan " + scenario("plan/" + name + ".json") + " -o " +
                         (p.dir / "out").string() + " --quiet " + extra,
                     p.dir);
  if (fs::exists(p.dir / "out/plan.json"))
    p.plan = json::parse(read_text(p.dir / "out/plan.json"));
  return p;
}

const json& option(const json& plan, const std::string& id) {
  for (const json& o : plan.at("options"))
    if (o.at("id") == id) return o;
  BOOST_FAIL("no option " + id);
  return plan;
}

const json& recommended(const json& plan) {
  return option(plan, plan.at("recommended").get<std::string>());
}

double cents(double usd) {
  return std::round(usd * 100) / 100;
}

// The cheapest option of a mode that meets the SLOs, or null.
json best_of(const json& plan, const std::string& mode) {
  for (const json& o : plan.at("options"))
    if (o.at("mode") == mode && o.at("slo_met").get<bool>() && o.at("headroom_met").get<bool>())
      return o;
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plan_cli)

// kds-facts T8: 100 records/s x 35 KB, one consumer -> max(3.42, 1.71) -> 4 shards. The plan
// agrees, simulates 3 shards failing (3.34 MiB/s into 3 MiB/s is throttled), and on demand costs
// more for this steady stream. recommended.json, run as is, costs what plan.json says.
BOOST_AUTO_TEST_CASE(the_aws_sizing_example_needs_4_shards_and_3_fail) {
  const Planned p = plan("steady_35kb");
  BOOST_REQUIRE_MESSAGE(p.result.exit_code == 0, p.result.stderr_text);
  const json& rec = recommended(p.plan);
  BOOST_TEST(rec.at("mode") == "PROVISIONED");
  BOOST_TEST(rec.at("shards") == 4);
  BOOST_TEST(rec.at("source") == "simulated");
  BOOST_TEST(p.plan.at("formulas").at("aws_dev_guide_shards") == 4);
  const json& three = option(p.plan, "provisioned-3");
  BOOST_TEST(three.at("source") == "simulated");
  BOOST_TEST(!three.at("slo_met").get<bool>());
  BOOST_TEST(three.at("binding").get<std::string>().find("max_write_throttle_ratio") !=
             std::string::npos);
  BOOST_TEST(rec.at("binding").get<std::string>().find("one shard fewer") == 0u);
  for (const char* mode : {"ON_DEMAND", "ON_DEMAND_ADVANTAGE"}) {
    const json od = best_of(p.plan, mode);
    BOOST_REQUIRE(!od.is_null());
    BOOST_TEST(od.at("monthly_usd").get<double>() > rec.at("monthly_usd").get<double>());
  }
  BOOST_TEST(p.plan.at("searched").at("simulated").get<int>() <= 8);
  // Options are sorted by monthly cost.
  double previous = 0;
  for (const json& o : p.plan.at("options")) {
    BOOST_TEST(o.at("monthly_usd").get<double>() >= previous);
    previous = o.at("monthly_usd").get<double>();
  }
  // recommended.json runs as is and costs what plan.json says, to the cent.
  const json doc = json::parse(read_text(p.dir / "out/recommended.json"));
  BOOST_TEST(!doc.contains("plan"));
  const CommandResult run =
      kds_sim("run " + (p.dir / "out/recommended.json").string() + " -o " +
                  (p.dir / "again").string() + " --quiet --fail-on-slo",
              p.dir);
  BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.stderr_text);
  const json summary = json::parse(read_text(p.dir / "again/summary.json"));
  BOOST_TEST(summary.at("slo").at("met").get<bool>());
  BOOST_TEST(cents(summary.at("cost").at("billed").at("monthly_usd").get<double>()) ==
             cents(rec.at("monthly_usd").get<double>()));
  BOOST_TEST(fs::exists(p.dir / "out/plan.html"));
  BOOST_TEST(fs::exists(p.dir / "out/runs/provisioned-4/report.html"));
}

// Three polling apps share each shard's 2 MiB/s: more shards or enhanced fan-out. EFO costs a
// consumer-shard-hour per app and shard on top of the shard-hour, so more shards are cheaper here;
// the all-EFO option is listed, and the binding constraint names the shared read limit.
BOOST_AUTO_TEST_CASE(three_polling_apps_get_more_shards_or_efo_by_cost) {
  const Planned p = plan("three_apps_shared_read");
  BOOST_REQUIRE_MESSAGE(p.result.exit_code == 0, p.result.stderr_text);
  const json& rec = recommended(p.plan);
  const json& efo = option(p.plan, "provisioned-2-a-efo-b-efo-c-efo");
  BOOST_TEST(efo.at("slo_met").get<bool>());
  BOOST_TEST(rec.at("monthly_usd").get<double>() <= efo.at("monthly_usd").get<double>());
  BOOST_TEST(rec.at("shards").get<int>() > 2);
  const std::string binding = rec.at("binding").get<std::string>();
  BOOST_TEST(binding.find("max_iterator_age") != std::string::npos, binding);
  BOOST_TEST((binding.find("shared read") != std::string::npos ||
              binding.find("GetRecords") != std::string::npos),
             binding);
}

// A Lambda consumer behind at PF 1 on 4 shards: PF is free on the stream's bill, so the plan
// keeps the 2 shards the writes need and raises PF instead of adding shards.
BOOST_AUTO_TEST_CASE(a_lambda_behind_gets_a_higher_factor_before_more_shards) {
  const Planned p = plan("lambda_behind");
  BOOST_REQUIRE_MESSAGE(p.result.exit_code == 0, p.result.stderr_text);
  const json& rec = recommended(p.plan);
  const int pf = rec.at("consumers").at("fn").at("parallelization_factor").get<int>();
  BOOST_TEST(pf > 1);
  BOOST_TEST(rec.at("shards").get<int>() <= 2);
  BOOST_TEST(rec.at("slo_met").get<bool>());
}

// A mostly idle day with a burst: on demand beats any provisioned count that takes the burst; a
// steady busy hour: provisioned wins. Both report where the cheapest mode changes.
BOOST_AUTO_TEST_CASE(spiky_idle_days_go_on_demand_and_steady_busy_ones_provisioned) {
  const Planned spiky = plan("spiky_idle_day");
  BOOST_REQUIRE_MESSAGE(spiky.result.exit_code == 0, spiky.result.stderr_text);
  BOOST_TEST(recommended(spiky.plan).at("mode") == "ON_DEMAND");
  const json provisioned = best_of(spiky.plan, "PROVISIONED");
  BOOST_REQUIRE(!provisioned.is_null());
  BOOST_TEST(provisioned.at("monthly_usd").get<double>() >
             recommended(spiky.plan).at("monthly_usd").get<double>());
  const Planned busy = plan("steady_busy");
  BOOST_REQUIRE_MESSAGE(busy.result.exit_code == 0, busy.result.stderr_text);
  BOOST_TEST(recommended(busy.plan).at("mode") == "PROVISIONED");
  BOOST_TEST(recommended(busy.plan).at("headroom_met").get<bool>());
  // The spiky day: provisioned is cheapest at an eighth of the traffic (one shard takes the
  // burst), on demand from below the day's own level. The busy hour: provisioned at every level
  // from x1/8 to x8 (1 KB records with one reader: about $49 per MiB/s-month against on demand's
  // $300 and Advantage's $123 plus its commitment).
  const json& changes = spiky.plan.at("crossover").at("changes");
  BOOST_REQUIRE_MESSAGE(changes.size() == 1u, spiky.plan.at("crossover").dump());
  BOOST_TEST(changes[0].at("from") == "PROVISIONED");
  BOOST_TEST(changes[0].at("to") == "ON_DEMAND");
  BOOST_TEST(changes[0].at("at_rate_multiple").get<double>() < 1.0);
  BOOST_TEST(changes[0].at("at_rate_multiple").get<double>() > 0.125);
  BOOST_TEST(busy.plan.at("crossover").at("changes").empty());
  BOOST_TEST(busy.plan.at("crossover").at("levels").size() == 13u);
}

// No option meets an SLO of 0 ms IteratorAge: exit 3, the options still listed with what binds.
BOOST_AUTO_TEST_CASE(an_slo_no_option_meets_exits_3_with_the_closest_options) {
  const Planned p = plan("steady_35kb", "--set /slo/max_iterator_age=0");
  BOOST_TEST(p.result.exit_code == 3, p.result.stderr_text);
  BOOST_TEST(p.plan.at("recommended").is_null());
  BOOST_TEST(!p.plan.at("options").empty());
  for (const json& o : p.plan.at("options"))
    BOOST_TEST(!o.at("binding").get<std::string>().empty());
  BOOST_TEST(!fs::exists(p.dir / "out/recommended.json"));
}

// kds-facts §1: a key is stored on one shard, 1,000 records/s at most. One key at 1,500 records/s
// throttles whatever the shard count or mode: exit 3, and the plan says so instead of adding
// shards to the maximum in silence.
BOOST_AUTO_TEST_CASE(a_hot_key_no_shard_count_fixes_is_named) {
  const fs::path dir = fresh_dir("plan-hot-key");
  std::ofstream(dir / "hot.json") << R"({"name": "hot", "duration": "10m", "stream": {"shards": 1},
    "producers": [{"name": "p", "rate": 1500, "arrivals": "uniform", "record_bytes": 500,
                   "keys": {"single": "tenant-1"}}],
    "consumers": [{"name": "app", "type": "polling"}],
    "slo": {"max_iterator_age": "30s", "max_write_throttle_ratio": 0.01},
    "plan": {"modes": ["PROVISIONED", "ON_DEMAND"], "shards": {"min": 1, "max": 64}}})";
  const CommandResult r =
      kds_sim("plan " + (dir / "hot.json").string() + " -o " + (dir / "out").string(), dir);
  BOOST_TEST(r.exit_code == 3, r.stderr_text);
  const json plan = json::parse(read_text(dir / "out/plan.json"));
  BOOST_REQUIRE(!plan.at("notes").empty());
  BOOST_TEST(plan.at("notes")[0].get<std::string>().find("hot key: producer p's most frequent key "
                                                         "carries 100 %") == 0u);
  // Doubling the shards did not reduce the throttling, so the search stopped there instead of
  // pricing (and simulating) the plan's 64 shards.
  json provisioned;
  for (const json& o : plan.at("options"))
    if (o.at("mode") == "PROVISIONED") provisioned = o;
  BOOST_REQUIRE(!provisioned.is_null());
  BOOST_TEST(provisioned.at("shards").get<int>() < 4);
  BOOST_TEST(!provisioned.at("slo_met").get<bool>());
  BOOST_TEST(provisioned.at("binding").get<std::string>().find("a hot key's shard") == 0u);
  BOOST_TEST(r.stdout_text.find("no option meets the SLOs") != std::string::npos);
}

// Headroom 2: the recommendation must take 2 x 3.34 MiB/s, so 7 shards (6 fail at the doubled
// rates); the search compares shard counts at the same, doubled, rates.
BOOST_AUTO_TEST_CASE(headroom_sizes_for_the_multiplied_rates) {
  const Planned p = plan("steady_35kb", "--set /plan/headroom=2");
  BOOST_REQUIRE_MESSAGE(p.result.exit_code == 0, p.result.stderr_text);
  const json& rec = recommended(p.plan);
  BOOST_TEST(rec.at("shards") == 7);
  BOOST_TEST(rec.at("headroom_met").get<bool>());
  BOOST_TEST(rec.at("slo_met").get<bool>());
  const json& six = option(p.plan, "provisioned-6");
  BOOST_TEST(six.at("slo_met").get<bool>());
  BOOST_TEST(!six.at("headroom_met").get<bool>());
  BOOST_TEST(fs::exists(p.dir / "out/runs/provisioned-7-headroom/summary.json"));
}

// runs/ is the plan's: an earlier plan's is replaced, a folder of the user's is not touched.
BOOST_AUTO_TEST_CASE(a_runs_folder_that_is_not_a_plans_is_left_alone) {
  const fs::path dir = fresh_dir("plan-runs-guard");
  fs::create_directories(dir / "out/runs/mine");
  const CommandResult r = kds_sim(
      "plan " + scenario("plan/steady_35kb.json") + " -o " + (dir / "out").string(), dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(fs::exists(dir / "out/runs/mine"));
  BOOST_TEST(r.stderr_text.find("is not an earlier plan's") != std::string::npos, r.stderr_text);
}

// A bad plan block: exit 2, every problem at its pointer, nothing written.
BOOST_AUTO_TEST_CASE(a_bad_plan_block_exits_2_and_writes_nothing) {
  const Planned p = plan("steady_35kb",
                         "--set '/plan/consumers={\"ap\": {\"types\": [\"efo\"]}}' "
                         "--set '/plan/shards={\"min\": 9, \"max\": 3}'");
  BOOST_TEST(p.result.exit_code == 2);
  BOOST_TEST(p.result.stderr_text.find("/plan/consumers/ap: unknown consumer \"ap\"") !=
                 std::string::npos,
             p.result.stderr_text);
  BOOST_TEST(p.result.stderr_text.find("/plan/shards/min: is an empty range: min 9 > max 3") !=
                 std::string::npos,
             p.result.stderr_text);
  BOOST_TEST(!fs::exists(p.dir / "out"));
}

BOOST_AUTO_TEST_SUITE_END()
