// SimGrid's --cfg= and --log= flags (SPEC §1, tools/simgrid_flags.hpp): a flag SimGrid refuses is a
// bad argument, exit 2 with one line naming it, before anything runs or is written; good flags
// still reach SimGrid.
#include "tools/simgrid_flags.hpp"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/tools/kds_sim_process.hpp"

namespace fs = std::filesystem;
using kds::testing::empty_test_dir;
using kds::testing::file_text;
using kds::testing::run_kds_sim;

namespace {
// The quickstart, 10 simulated minutes long.
std::string short_scenario(const fs::path& dir) {
  nlohmann::json doc =
      nlohmann::json::parse(file_text(std::string(KDS_SOURCE_DIR) + "/scenarios/quickstart.json"));
  doc["duration"] = "10m";
  const fs::path path = dir / "scenario.json";
  std::ofstream(path) << doc.dump(2);
  return path.string();
}

size_t line_count(const std::string& text) {
  size_t lines = 0;
  for (char c : text) lines += c == '\n' ? 1 : 0;
  return lines;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(simgrid_flags)

// SimGrid throws std::out_of_range for an unknown item (with a page listing every known key);
// kds-sim says it in one line, before the run, and writes nothing.
BOOST_AUTO_TEST_CASE(unknown_cfg_item_exits_2_with_one_line_and_writes_nothing) {
  const fs::path dir = empty_test_dir("flags-unknown");
  const auto r =
      run_kds_sim({"run", short_scenario(dir), "-o", (dir / "out").string(), "--cfg=bogus:1"}, dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text == "--cfg=bogus:1: unknown SimGrid configuration item 'bogus'\n");
  BOOST_TEST(r.stdout_text.empty());
  BOOST_TEST(!fs::exists(dir / "out"));
}

// SimGrid's log parser aborts (xbt_assert) on a setting that is not CATEGORY.KEY:VALUE: the
// process used to die of SIGABRT (exit 134).
BOOST_AUTO_TEST_CASE(malformed_log_setting_exits_2_instead_of_aborting) {
  const fs::path dir = empty_test_dir("flags-log");
  const auto r = run_kds_sim(
      {"run", short_scenario(dir), "-o", (dir / "out").string(), "--log=nonsense"}, dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(line_count(r.stderr_text) == 1u, r.stderr_text);
  BOOST_TEST(r.stderr_text.rfind("--log=nonsense: not a SimGrid log setting", 0) == 0,
             r.stderr_text);
  BOOST_TEST(!fs::exists(dir / "out"));
}

// A value of the wrong type (std::range_error "invalid integer") names the item and the value.
BOOST_AUTO_TEST_CASE(bad_value_names_the_item_and_the_value) {
  const fs::path dir = empty_test_dir("flags-value");
  const auto r = run_kds_sim(
      {"run", short_scenario(dir), "-o", (dir / "out").string(), "--cfg=contexts/stack-size:abc"},
      dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text ==
             "--cfg=contexts/stack-size:abc: bad value 'abc' for SimGrid configuration item "
             "'contexts/stack-size' (invalid integer)\n");
  BOOST_TEST(!fs::exists(dir / "out"));
}

// An unknown context factory passes SimGrid's parser and kills the engine later (xbt_die):
// refused too, with SimGrid's list of the valid factories on one line.
BOOST_AUTO_TEST_CASE(value_simgrid_dies_on_is_refused_with_simgrids_words) {
  const fs::path dir = empty_test_dir("flags-factory");
  const auto r = run_kds_sim(
      {"run", short_scenario(dir), "-o", (dir / "out").string(), "--cfg=contexts/factory:bogus"},
      dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(line_count(r.stderr_text) == 1u, r.stderr_text);
  BOOST_TEST(r.stderr_text.rfind("--cfg=contexts/factory:bogus: refused by SimGrid: Invalid "
                                 "context factory specified. Valid factories on this machine: ",
                                 0) == 0,
             r.stderr_text);
  BOOST_TEST(r.stderr_text.find("thread") != std::string::npos);
  BOOST_TEST(!fs::exists(dir / "out"));
}

// Among good flags, the bad one is named, and within one --cfg= of several items, the bad item,
// with a close match among SimGrid's items.
BOOST_AUTO_TEST_CASE(bad_item_among_several_is_named_with_a_suggestion) {
  const fs::path dir = empty_test_dir("flags-several");
  const auto r = run_kds_sim(
      {"run", short_scenario(dir), "-o", (dir / "out").string(), "--log=root.thres:critical",
       "--cfg=contexts/stack-size:1024,contexts/factry:thread"},
      dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text ==
             "--cfg=contexts/stack-size:1024,contexts/factry:thread: unknown SimGrid "
             "configuration item 'contexts/factry'; did you mean 'contexts/factory'?\n");
}

// Good flags reach SimGrid and change nothing in the outputs: thread contexts, and log
// thresholds for SimGrid's root category and for kds-sim's own.
BOOST_AUTO_TEST_CASE(good_flags_still_run_and_give_the_same_outputs) {
  const fs::path dir = empty_test_dir("flags-good");
  const std::string path = short_scenario(dir);
  const auto plain = run_kds_sim({"run", path, "--quiet", "-o", (dir / "plain").string()}, dir);
  BOOST_REQUIRE_EQUAL(plain.exit_code, 0);
  const auto flagged = run_kds_sim(
      {"run", path, "--quiet", "-o", (dir / "flagged").string(), "--cfg=contexts/factory:thread",
       "--log=root.thres:critical", "--log=kds.thres:debug"},
      dir);
  BOOST_REQUIRE_EQUAL(flagged.exit_code, 0);
  for (const char* file : {"summary.json", "metrics.csv"})
    BOOST_TEST(file_text(dir / "plain" / file) == file_text(dir / "flagged" / file));
}

// `check` takes the flags `run` takes and refuses the same ones, so it tells whether the run
// would start.
BOOST_AUTO_TEST_CASE(check_refuses_bad_flags_the_same_way) {
  const fs::path dir = empty_test_dir("flags-check");
  const std::string path = short_scenario(dir);
  const auto bad = run_kds_sim({"check", path, "--cfg=bogus:1"}, dir);
  BOOST_TEST(bad.exit_code == 2);
  BOOST_TEST(bad.stderr_text == "--cfg=bogus:1: unknown SimGrid configuration item 'bogus'\n");
  BOOST_TEST(bad.stdout_text.empty());
  BOOST_TEST(run_kds_sim({"check", path, "--cfg=contexts/factory:thread"}, dir).exit_code == 0);
}

// The message comes from what the probe saw, whatever SimGrid printed around it.
BOOST_AUTO_TEST_CASE(refusal_is_read_from_an_abort_message) {
  kds::front::EngineProbe probe;
  probe.outcome = kds::front::EngineProbe::Outcome::kDied;
  probe.status = 6;
  probe.output =
      "[0.000000] [xbt_cfg/INFO] Configuration change: Set 'network/model' to 'x'\n"
      "[0.000000] ./src/surf/surf_interface.cpp:179: [root/CRITICAL] Model 'x' is invalid! Valid "
      "models are: LV08, Constant.\n"
      "Backtrace (displayed in actor maestro):\n  ->  0# xbt_backtrace_display_current\n";
  BOOST_TEST(kds::front::describe_refusal("--cfg=network/model:x", probe) ==
             "refused by SimGrid: Model 'x' is invalid! Valid models are: LV08, Constant.");
}

BOOST_AUTO_TEST_SUITE_END()
