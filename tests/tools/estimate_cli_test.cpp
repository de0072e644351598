// `kds-sim estimate` end to end (SPEC §4 "estimate"): the loader's errors, estimate.json's keys,
// the comparison with a simulated run.
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/tools/cli_test_support.hpp"

namespace fs = std::filesystem;
using kds::testing::fresh_dir;
using kds::testing::kds_sim;
using kds::testing::read_text;
using kds::testing::scenario;

namespace {
// The quickstart, 10 minutes long, with `edit` applied, written into `dir`.
fs::path quickstart(const fs::path& dir, const std::function<void(nlohmann::json&)>& edit) {
  nlohmann::json doc = nlohmann::json::parse(read_text(scenario("quickstart.json")));
  doc["duration"] = "10m";
  edit(doc);
  const fs::path path = dir / "scenario.json";
  std::ofstream(path) << doc.dump(2);
  return path;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(estimate_cli)

// Bad input is the loader's (STYLE §6): the same `pointer: rule` lines as run, exit 2, nothing
// written.
BOOST_AUTO_TEST_CASE(invalid_scenario_exits_2_and_writes_nothing) {
  const fs::path dir = fresh_dir("estimate-invalid");
  const fs::path path = quickstart(dir, [](nlohmann::json& doc) {
    doc["stream"]["shards"] = 0;
    doc["producers"][0]["batching"]["max_records"] = 501;
  });
  const auto r = kds_sim("estimate " + path.string() + " -o " + (dir / "out").string(), dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text.find("/stream/shards: must be 1..10000") != std::string::npos);
  BOOST_TEST(r.stderr_text.find(
                 "/producers/0/batching/max_records: must be 1..500 (PutRecords limit), got 501") !=
             std::string::npos);
  BOOST_TEST(!fs::exists(dir / "out"));
  const auto set = kds_sim("estimate " + scenario("quickstart.json") +
                               " --set /stream/shards=0 -o " + (dir / "out").string(),
                           dir);
  BOOST_TEST(set.exit_code == 2);
  BOOST_TEST(set.stderr_text.find("/stream/shards:") != std::string::npos);
  BOOST_TEST(!fs::exists(dir / "out"));
}

// SPEC §4: estimate.json carries summary.json's names for the headline figures, plus caught_up,
// backlog_growth_records_per_s, bottlenecks[] and wall_ms.
BOOST_AUTO_TEST_CASE(estimate_json_has_the_spec_keys) {
  const fs::path dir = fresh_dir("estimate-keys");
  const fs::path path = quickstart(dir, [](nlohmann::json&) {});
  const auto r =
      kds_sim("estimate " + path.string() + " --seed 5 -o " + (dir / "out").string(), dir);
  BOOST_REQUIRE_EQUAL(r.exit_code, 0);
  BOOST_TEST(r.stdout_text.find("analytics") != std::string::npos);
  BOOST_TEST(r.stdout_text.find((dir / "out" / "estimate.json").string()) != std::string::npos);
  const auto e = nlohmann::json::parse(read_text(dir / "out" / "estimate.json"));
  BOOST_TEST(e["seed"] == 5);
  for (const char* pointer :
       {"/stream/write_throttle_ratio", "/stream/incoming_records",
        "/consumers/0/iterator_age_ms/max", "/consumers/0/iterator_age_ms/final",
        "/consumers/0/lost_records", "/consumers/0/caught_up",
        "/consumers/0/backlog_growth_records_per_s", "/cost/provisioned/monthly_usd",
        "/cost/on_demand/monthly_usd", "/bottlenecks", "/notes", "/wall_ms"}) {
    BOOST_TEST_INFO(pointer);
    BOOST_TEST(e.contains(nlohmann::json::json_pointer(pointer)));
  }
  BOOST_TEST(e["consumers"][0]["caught_up"].is_boolean());
  BOOST_REQUIRE(!e["bottlenecks"].empty());
  double previous = 1e300;
  for (const auto& b : e["bottlenecks"]) {
    BOOST_TEST(b.contains("resource"));
    BOOST_TEST(b.contains("where"));
    BOOST_TEST(b["utilization"].get<double>() <= previous);  // highest first
    previous = b["utilization"].get<double>();
  }
  BOOST_TEST(!e.contains("comparison"));
}

// --against RUN_DIR adds comparison[] for the headline figures; costs agree within 1 %.
BOOST_AUTO_TEST_CASE(against_a_run_adds_the_comparison) {
  const fs::path dir = fresh_dir("estimate-against");
  const fs::path path = quickstart(dir, [](nlohmann::json&) {});
  BOOST_REQUIRE_EQUAL(
      kds_sim("run " + path.string() + " --quiet -o " + (dir / "run").string(), dir).exit_code, 0);
  const auto r = kds_sim("estimate " + path.string() + " --quiet --against " +
                             (dir / "run").string() + " -o " + (dir / "est").string(),
                         dir);
  BOOST_REQUIRE_EQUAL(r.exit_code, 0);
  BOOST_TEST(r.stdout_text.empty());
  const auto e = nlohmann::json::parse(read_text(dir / "est" / "estimate.json"));
  BOOST_REQUIRE(e.contains("comparison"));
  bool costs = false;
  for (const auto& row : e["comparison"]) {
    BOOST_TEST(row.contains("estimated"));
    BOOST_TEST(row.contains("simulated"));
    BOOST_TEST(row.contains("relative_error"));
    const std::string p = row["path"];
    if (p == "/cost/provisioned/monthly_usd" || p == "/cost/on_demand/monthly_usd") {
      BOOST_TEST_INFO(p);
      BOOST_TEST(row["relative_error"].get<double>() < 0.01);
      costs = true;
    }
    if (p == "/stream/write_throttle_ratio") BOOST_TEST(row["absolute_error"].get<double>() < 0.02);
  }
  BOOST_TEST(costs);
}

// A missing run folder is a bad argument: exit 2, named, nothing written.
BOOST_AUTO_TEST_CASE(against_a_missing_run_exits_2_and_writes_nothing) {
  const fs::path dir = fresh_dir("estimate-against-missing");
  const auto r = kds_sim("estimate " + scenario("quickstart.json") + " --against " +
                             (dir / "nowhere").string() + " -o " + (dir / "est").string(),
                         dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text.find("nowhere/summary.json") != std::string::npos);
  BOOST_TEST(!fs::exists(dir / "est"));
}

BOOST_AUTO_TEST_SUITE_END()
