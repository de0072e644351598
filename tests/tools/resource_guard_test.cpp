// Issue 10's resource guards end to end: a run that cannot fit in memory, or whose actors the
// engine cannot hold, is refused before it starts (exit 2, the field named, nothing written).
#include <filesystem>
#include <fstream>
#include <string>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/tools/cli_test_support.hpp"

namespace fs = std::filesystem;
using kds::testing::fresh_dir;
using kds::testing::kds_sim;

namespace {
fs::path write_scenario(const fs::path& dir, const nlohmann::json& doc,
                        const std::string& name = "scenario.json") {
  const fs::path path = dir / name;
  std::ofstream(path) << doc.dump(2);
  return path;
}

nlohmann::json stream_doc(int shards, const std::string& duration, const std::string& interval) {
  return {{"name", "guard"},
          {"duration", duration},
          {"stream", {{"shards", shards}}},
          {"producers", {{{"name", "p"}, {"rate", 1000}, {"record_bytes", 100}}}},
          {"consumers", {{{"name", "app"}, {"type", "polling"}}}},
          {"report", {{"interval", interval}}}};
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(resource_guard)

// The year of 10,000 shards at a 1 s report interval (it passed 10 GiB within 30 s) is refused at
// once with the estimate, the budget and the field that drives it.
BOOST_AUTO_TEST_CASE(a_run_over_the_memory_budget_is_refused_before_it_starts) {
  const fs::path dir = fresh_dir("guard-year");
  const fs::path path = write_scenario(dir, stream_doc(10000, "365d", "1s"));
  const auto r = kds_sim("run " + path.string() + " -o " + (dir / "out").string(), dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(has(r.stderr_text, "/report/interval: the run would need an estimated 1.2"));
  BOOST_TEST(has(r.stderr_text, "TiB of memory, over the budget of"));
  BOOST_TEST(has(r.stderr_text, "(80 % of this "));  // machine's, or container's
  BOOST_TEST(has(r.stderr_text, "10,000 shards x 31,536,000 report periods"));
  BOOST_TEST(!fs::exists(dir / "out"));
  BOOST_TEST(kds_sim("check " + path.string(), dir).exit_code == 2);
}

// --max-memory sets the budget: a small run passes under the default, fails under 10 MiB, and
// `unlimited` lifts the guard; a size that is not one is a bad argument.
BOOST_AUTO_TEST_CASE(max_memory_sets_the_budget) {
  const fs::path dir = fresh_dir("guard-budget");
  const fs::path path = write_scenario(dir, stream_doc(4, "10m", "60s"));
  BOOST_TEST(kds_sim("check " + path.string(), dir).exit_code == 0);
  const auto tight = kds_sim("check " + path.string() + " --max-memory 10MiB", dir);
  BOOST_TEST(tight.exit_code == 2);
  BOOST_TEST(has(tight.stderr_text, "over the budget of 10 MiB (--max-memory 10MiB)"));
  const fs::path year = write_scenario(dir, stream_doc(10000, "365d", "1s"), "year.json");
  BOOST_TEST(kds_sim("check " + year.string() + " --max-memory unlimited", dir).exit_code == 0);
  const auto bad = kds_sim("run " + path.string() + " --max-memory 10XB", dir);
  BOOST_TEST(bad.exit_code == 2);
  BOOST_TEST(has(bad.stderr_text, "--max-memory: must be a size such as 512MiB"));
  const auto run = kds_sim("run " + path.string() + " --quiet --max-memory 2GiB -o " +
                               (dir / "out").string(),
                           dir);
  BOOST_TEST(run.exit_code == 0);
  BOOST_TEST(fs::exists(dir / "out" / "summary.json"));
}

// 100,000 workers aborted inside SimGrid with exit 134 ("Failed to protect stack"). A worker
// beyond the 10,000 shards a stream can have holds no lease, and the engine holds 20,000 actors.
BOOST_AUTO_TEST_CASE(worker_counts_stay_within_what_the_engine_holds) {
  const fs::path dir = fresh_dir("guard-workers");
  auto doc = stream_doc(10, "1m", "60s");
  doc["consumers"][0]["workers"] = 100000;
  const auto many = kds_sim("run " + write_scenario(dir, doc).string(), dir);
  BOOST_TEST(many.exit_code == 2);
  BOOST_TEST(has(many.stderr_text, "/consumers/0/workers: must be 1..10000"));
  doc["consumers"][0]["workers"] = 10000;
  doc["consumers"].push_back({{"name", "b"}, {"type", "polling"}, {"workers", 10000}});
  const auto two = kds_sim("check " + write_scenario(dir, doc).string(), dir);
  BOOST_TEST(two.exit_code == 2);
  BOOST_TEST(has(two.stderr_text,
                 "/consumers/1/workers: the simulation holds at most 20000 actors"));
}

BOOST_AUTO_TEST_SUITE_END()
