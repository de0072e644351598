// SimGrid's --cfg= and --log= flags (SPEC §1, tools/simgrid_flags.hpp): a flag SimGrid refuses is a
// bad argument, exit 2 with one line naming it, before anything runs or is written; good flags
// still reach SimGrid. The probe that tries them leaves no file behind and no child process when
// the command is stopped meanwhile.
#include "tools/simgrid_flags.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/tools/kds_sim_process.hpp"

namespace fs = std::filesystem;
using kds::testing::empty_test_dir;
using kds::testing::file_text;
using kds::testing::KdsSimProcess;
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

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  if (!fs::exists(dir)) return names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

// The processes whose command line has an argument containing `text`.
std::vector<pid_t> processes_with_argument(const std::string& text) {
  std::vector<pid_t> pids;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    if (file_text(entry.path() / "cmdline").find(text) != std::string::npos)
      pids.push_back(std::stoi(name));
  }
  return pids;
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

// A stack of 1 KiB passes SimGrid's parser and the engine's construction, and used to kill the
// run's first actor (SIGSEGV, exit 139 after the probe said yes): the probe runs an actor too.
// Not in sanitizer builds: their kds-sim runs actors as threads, which ignore the stack size.
#ifndef KDS_SANITIZED
BOOST_AUTO_TEST_CASE(stack_too_small_for_an_actor_is_refused_before_the_run) {
  const fs::path dir = empty_test_dir("flags-stack");
  const std::string path = short_scenario(dir);
  const auto r =
      run_kds_sim({"run", path, "-o", (dir / "out").string(), "--cfg=contexts/stack-size:1"}, dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(line_count(r.stderr_text) == 1u, r.stderr_text);
  BOOST_TEST(r.stderr_text.rfind("--cfg=contexts/stack-size:1: refused by SimGrid", 0) == 0,
             r.stderr_text);
  BOOST_TEST(r.stdout_text.empty());
  BOOST_TEST(!fs::exists(dir / "out"));
  const auto checked = run_kds_sim({"check", path, "--cfg=contexts/stack-size:1"}, dir);
  BOOST_TEST(checked.exit_code == 2);
  BOOST_TEST(checked.stderr_text == r.stderr_text);
  // Among good flags, it is the one named; and a big enough stack still runs.
  const auto several =
      run_kds_sim({"check", path, "--log=root.thres:critical", "--cfg=contexts/stack-size:1"}, dir);
  BOOST_TEST(several.exit_code == 2);
  BOOST_TEST(several.stderr_text == r.stderr_text);
  BOOST_TEST(run_kds_sim({"check", path, "--cfg=contexts/stack-size:256"}, dir).exit_code == 0);
}
#endif

// A file the flags ask for (here a log file, relative to the current folder) is written by the
// probe in a temporary folder of its own, which it removes: `check` leaves nothing behind.
BOOST_AUTO_TEST_CASE(probe_leaves_no_file_behind) {
  const fs::path dir = empty_test_dir("flags-files");
  const std::string path = short_scenario(dir);
  const fs::path cwd = dir / "cwd";
  const fs::path tmp = dir / "tmp";
  fs::create_directories(cwd);
  fs::create_directories(tmp);
  KdsSimProcess::Options options;
  options.cwd = cwd;
  options.environment = {"TMPDIR=" + tmp.string()};
  KdsSimProcess check({"check", path, "--log=root.app:file:probe.log", "--cfg=tracing:yes"}, dir,
                      options);
  BOOST_REQUIRE(check.wait_for(60));
  BOOST_TEST(check.exit_code() == 0, check.stderr_text());
  BOOST_TEST(entries(cwd).empty(), "left in the current folder: " << entries(cwd).size());
  BOOST_TEST(entries(tmp).empty(), "left in TMPDIR: " << entries(tmp).size());
}

// A relative path into a folder cannot be opened from the probe's temporary folder: it is tried
// from the current folder, where the run will open it, and accepted when it exists there.
BOOST_AUTO_TEST_CASE(relative_file_path_into_a_folder_is_judged_from_the_current_folder) {
  const fs::path dir = empty_test_dir("flags-relative");
  const std::string path = short_scenario(dir);
  const fs::path cwd = dir / "cwd";
  fs::create_directories(cwd / "logs");
  KdsSimProcess::Options options;
  options.cwd = cwd;
  KdsSimProcess good({"check", path, "--log=root.app:file:logs/kds.log"}, dir, options);
  BOOST_REQUIRE(good.wait_for(60));
  BOOST_TEST(good.exit_code() == 0, good.stderr_text());
  KdsSimProcess bad({"check", path, "--log=root.app:file:nowhere/kds.log"}, dir, options);
  BOOST_REQUIRE(bad.wait_for(60));
  BOOST_TEST(bad.exit_code() == 2);
  BOOST_TEST(bad.stderr_text() ==
             "--log=root.app:file:nowhere/kds.log: refused by SimGrid: Cannot open file: "
             "nowhere/kds.log: No such file or directory\n");
}

// SIGTERM for kds-sim while the probe's child runs (here it waits forever to open a FIFO as its
// log file): the child is killed, not orphaned, its folder removed, and kds-sim dies of SIGTERM
// with its usual line.
BOOST_AUTO_TEST_CASE(signal_while_flags_are_tried_leaves_no_child_and_no_file) {
  const fs::path dir = empty_test_dir("flags-signal");
  const std::string path = short_scenario(dir);
  const fs::path tmp = dir / "tmp";
  fs::create_directories(tmp);
  const fs::path fifo = dir / "probe-log-fifo";
  BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  KdsSimProcess::Options options;
  options.environment = {"TMPDIR=" + tmp.string()};
  const std::string log_flag = "--log=root.app:file:" + fifo.string();
  KdsSimProcess check({"check", path, log_flag}, dir, options);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  BOOST_REQUIRE_MESSAGE(check.running(), check.stderr_text());
  BOOST_REQUIRE(processes_with_argument(log_flag).size() == 2u);  // kds-sim and its probe
  check.send(SIGTERM);
  BOOST_REQUIRE(check.wait_for(10));
  BOOST_TEST(check.term_signal() == SIGTERM);
  BOOST_TEST(check.stderr_text() == "kds-sim: interrupted by SIGTERM; nothing written\n");
  std::vector<pid_t> left = processes_with_argument(log_flag);
  for (int i = 0; i < 100 && !left.empty(); ++i) {  // a dying child may linger a moment
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    left = processes_with_argument(log_flag);
  }
  BOOST_TEST(left.empty(), "orphaned probe processes: " << left.size());
  for (const pid_t pid : left) ::kill(pid, SIGKILL);
  BOOST_TEST(entries(tmp).empty(), "left in TMPDIR: " << entries(tmp).size());
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

// An actor that overflows its stack meets SimGrid's SIGSEGV handler, which prints a page of advice
// and dies: one line says what happened and the stack size SimGrid reported.
BOOST_AUTO_TEST_CASE(refusal_of_a_crashed_actor_names_the_stack_size) {
  kds::front::EngineProbe probe;
  probe.outcome = kds::front::EngineProbe::Outcome::kDied;
  probe.status = SIGSEGV;
  probe.output =
      "[0.000000] [xbt_cfg/INFO] Configuration change: Set 'contexts/stack-size' to '1'\n"
      "Access violation or Bus error detected.\n"
      "This probably comes from a programming error in your code, or from a stack\n"
      "overflow. If you are certain of your code, try increasing the stack size\n"
      "   --cfg=contexts/stack-size:XXX (current size is 1 KiB).\n\n"
      "If it does not help, this may have one of the following causes:\n";
  BOOST_TEST(kds::front::describe_refusal("--cfg=contexts/stack-size:1", probe) ==
             "refused by SimGrid: an actor crashed (signal 11, Segmentation fault); its stack "
             "(1 KiB) is likely too small");
  probe.output = "";
  BOOST_TEST(kds::front::describe_refusal("--cfg=contexts/stack-size:1", probe) ==
             "refused by SimGrid (signal 11, Segmentation fault)");
}

BOOST_AUTO_TEST_SUITE_END()
