// The progress bar on stderr (issue 5): shown under a pseudo-terminal (util-linux `script` gives
// the run one), never with --quiet or when stderr is not a terminal. KDS_SIM_PROGRESS_AFTER_S=0
// lifts the 2 s delay so that a short run shows it.
#include "tools/progress_bar.hpp"

#include <cstdlib>

#include <boost/test/unit_test.hpp>

#include "tests/tools/report_test_support.hpp"

namespace {
using namespace kds::reports::testing;

// kds-sim run on the hot-shard example inside a pseudo-terminal; `inner` is appended to the
// command that runs in it (e.g. a stderr redirection). Returns what the terminal showed.
CommandResult run_in_terminal(const fs::path& dir, const std::string& options,
                              const std::string& inner = "") {
  const std::string command = std::string(KDS_SIM_BINARY) + " run " +
                              scenario_path("examples/hot_shard.json") + " -o " +
                              (dir / "out").string() + " " + options + " " + inner;
  return shell("KDS_SIM_PROGRESS_AFTER_S=0 script -qfec '" + command + "' /dev/null", dir);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(progress_bar)

BOOST_AUTO_TEST_CASE(shows_under_a_pseudo_terminal) {
  const fs::path dir = fresh_dir("progress-tty");
  const CommandResult r = run_in_terminal(dir, "");
  BOOST_REQUIRE_EQUAL(r.exit_code, 0);
  BOOST_TEST(r.stdout_text.find("sim-s/s") != std::string::npos, r.stdout_text);
  BOOST_TEST(r.stdout_text.find("ETA") != std::string::npos);
  BOOST_TEST(r.stdout_text.find("100.0 %  30m of 30m simulated") !=
             std::string::npos);                                       // finished bar
  BOOST_TEST(r.stdout_text.find('\r') != std::string::npos);           // redrawn in place
  BOOST_TEST(r.stdout_text.find("report.html") != std::string::npos);  // the summary follows
}

BOOST_AUTO_TEST_CASE(prints_nothing_with_quiet) {
  const fs::path dir = fresh_dir("progress-quiet");
  const CommandResult r = run_in_terminal(dir, "--quiet");
  BOOST_REQUIRE_EQUAL(r.exit_code, 0);
  BOOST_TEST(r.stdout_text.find("sim-s/s") == std::string::npos, r.stdout_text);
  BOOST_TEST(fs::exists(dir / "out" / "report.html"));
}

BOOST_AUTO_TEST_CASE(prints_nothing_when_stderr_is_not_a_terminal) {
  const fs::path dir = fresh_dir("progress-file");
  const CommandResult r = run_in_terminal(dir, "", "2> " + (dir / "run.err").string());
  BOOST_REQUIRE_EQUAL(r.exit_code, 0);
  BOOST_TEST(r.stdout_text.find("sim-s/s") == std::string::npos, r.stdout_text);
  BOOST_TEST(r.stdout_text.find("report.html") !=
             std::string::npos);  // stdout still is the terminal
  BOOST_TEST(read_text(dir / "run.err").empty());
}

BOOST_AUTO_TEST_CASE(line_shows_time_percentage_rate_and_eta) {
  const std::string line = kds::front::ProgressBar::line(3600, 7200, 10);
  BOOST_TEST(line.find("[############............]") == 0u, line);
  BOOST_TEST(line.find(" 50.0 %") != std::string::npos, line);
  BOOST_TEST(line.find("1h of 2h simulated") != std::string::npos, line);
  BOOST_TEST(line.find("360 sim-s/s") != std::string::npos, line);
  BOOST_TEST(line.find("ETA 10s") != std::string::npos, line);
}

BOOST_AUTO_TEST_CASE(appears_after_two_seconds_unless_overridden) {
  ::unsetenv("KDS_SIM_PROGRESS_AFTER_S");
  BOOST_TEST(kds::front::progress_delay_s() == 2.0);
  ::setenv("KDS_SIM_PROGRESS_AFTER_S", "0", 1);
  BOOST_TEST(kds::front::progress_delay_s() == 0.0);
  ::setenv("KDS_SIM_PROGRESS_AFTER_S", "soon", 1);
  BOOST_TEST(kds::front::progress_delay_s() == 2.0);
  ::unsetenv("KDS_SIM_PROGRESS_AFTER_S");
}

BOOST_AUTO_TEST_SUITE_END()
