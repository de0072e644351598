// Ctrl-C and SIGTERM (tools/interrupt.hpp): a run stops at once with exit 130 / 143 and one line
// on stderr, leaves no output and no temporary file, and ends its progress bar's line; a signal
// while the outputs are written leaves all of them or none.
#include "tools/interrupt.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "reports/output_files.hpp"
#include "tests/tools/kds_sim_process.hpp"

namespace fs = std::filesystem;
using kds::testing::empty_test_dir;
using kds::testing::file_text;
using kds::testing::KdsSimProcess;

namespace {
using Clock = std::chrono::steady_clock;

// Wall time from the signal to the exit: "within a second", with room for a loaded machine.
constexpr double kMaxStopS = 2.0;

// The quickstart over 30 simulated days: about 30 s of wall time, far longer than the tests wait.
std::string long_scenario(const fs::path& dir) {
  nlohmann::json doc =
      nlohmann::json::parse(file_text(std::string(KDS_SOURCE_DIR) + "/scenarios/quickstart.json"));
  doc["duration"] = "30d";
  const fs::path path = dir / "scenario.json";
  std::ofstream(path) << doc.dump(2);
  return path.string();
}

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  if (!fs::exists(dir)) return names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

// Starts a long run, signals it after a second of running, and checks that it stopped within
// kMaxStopS with exit 128 + signal, one line on stderr, and nothing in its output folder.
void check_signal_stops_a_run(int signal, const std::string& name) {
  const fs::path dir = empty_test_dir("interrupt-" + name);
  const fs::path out = dir / "out";
  KdsSimProcess run({"run", long_scenario(dir), "-o", out.string()}, dir);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  BOOST_REQUIRE_MESSAGE(run.running(), "the run ended before the signal: " << run.stderr_text());
  const Clock::time_point sent = Clock::now();
  run.send(signal);
  BOOST_REQUIRE_MESSAGE(run.wait_for(30), "still running 30 s after the signal");
  const double stop_s = std::chrono::duration<double>(Clock::now() - sent).count();
  BOOST_TEST_MESSAGE(name << " stopped the run " << stop_s << " s after it was sent");
  BOOST_TEST(stop_s < kMaxStopS);
  BOOST_TEST(run.exit_code() == kds::front::exit_code_for_signal(signal));
  BOOST_TEST(run.stderr_text() == "kds-sim: interrupted by " + name + "; nothing written\n");
  BOOST_TEST(entries(out).empty());  // no summary.json, metrics.csv, report.html or temporary file
}

// Runs `body` in a child process with stderr in `stderr_file`; returns its exit code (-1 when a
// signal killed it). The body ends the process itself.
int exit_code_of_child(const std::function<void()>& body, const fs::path& stderr_file) {
  std::fflush(nullptr);
  const pid_t child = ::fork();
  if (child == 0) {
    const int fd = ::open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, STDERR_FILENO);
    try {
      body();
    } catch (...) {
      ::_exit(92);  // never back into the test runner from a child
    }
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<std::pair<std::string, std::string>> outputs(const fs::path& dir) {
  return {{(dir / "summary.json").string(), "{}\n"},
          {(dir / "metrics.csv").string(), std::string(3 << 20, 'x')}};  // three 1 MiB writes
}
}  // namespace

BOOST_AUTO_TEST_SUITE(interrupt)

BOOST_AUTO_TEST_CASE(sigint_stops_a_long_run_at_once_with_exit_130_and_writes_nothing) {
  check_signal_stops_a_run(SIGINT, "SIGINT");
}

BOOST_AUTO_TEST_CASE(sigterm_stops_a_long_run_at_once_with_exit_143_and_writes_nothing) {
  check_signal_stops_a_run(SIGTERM, "SIGTERM");
}

// On a terminal the run draws a progress bar with \r and no newline; the message of a Ctrl-C
// must start on a line of its own.
BOOST_AUTO_TEST_CASE(interrupted_run_ends_its_progress_bar_line) {
  const fs::path dir = empty_test_dir("interrupt-terminal");
  const int terminal = ::posix_openpt(O_RDWR | O_NOCTTY);
  BOOST_REQUIRE(terminal >= 0);
  BOOST_REQUIRE(::grantpt(terminal) == 0 && ::unlockpt(terminal) == 0);
  ::fcntl(terminal, F_SETFL, O_NONBLOCK);
  std::string seen;
  const auto drain = [&] {
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(terminal, buffer, sizeof buffer)) > 0) seen.append(buffer, n);
  };
  ::setenv("KDS_SIM_PROGRESS_AFTER_S", "0", 1);
  KdsSimProcess run({"run", long_scenario(dir), "-o", (dir / "out").string()}, dir,
                    ::ptsname(terminal));
  ::unsetenv("KDS_SIM_PROGRESS_AFTER_S");
  for (int i = 0; i < 100; ++i) {  // a second, reading the terminal as a person's would be read
    drain();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  BOOST_REQUIRE(run.running());
  run.send(SIGINT);
  for (int i = 0; i < 3000 && run.running(); ++i) {
    drain();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  drain();
  ::close(terminal);
  BOOST_REQUIRE(!run.running());
  BOOST_TEST(run.exit_code() == 130);
  const std::string message = "kds-sim: interrupted by SIGINT; nothing written";
  const size_t at = seen.find(message);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, seen);
  BOOST_TEST(seen.find("% ") != std::string::npos);             // the bar was drawn
  BOOST_TEST(seen.substr(0, at).find_last_of('\n') == at - 1);  // on a line of its own
  BOOST_TEST(seen.substr(at + message.size()).find_first_not_of("\r\n") == std::string::npos);
}

// A signal in the middle of the writes (its temporary files exist) waits for the writer, which
// removes them; the process then exits 130 with nothing written.
BOOST_AUTO_TEST_CASE(signal_while_writing_removes_the_temporary_files_and_writes_nothing) {
  const fs::path dir = empty_test_dir("interrupt-writing");
  const fs::path out = dir / "out";
  fs::create_directories(out);
  const int code = exit_code_of_child(
      [&] {
        kds::front::install_interrupt_handlers();
        kds::front::OutputWriteGuard guard;
        int asked = 0;
        const std::string problem = kds::reports::write_files_atomically(outputs(out), [&] {
          // The 5th question comes after metrics.csv's first MiB, summary.json's complete.
          if (++asked == 5) {
            if (entries(out).size() != 2) ::_exit(90);  // the premise: two temporary files
            std::raise(SIGINT);
          }
          return guard.interrupted();
        });
        guard.finish(problem.empty());
        ::_exit(91);  // not reached: finish() exits
      },
      dir / "stderr");
  BOOST_TEST(code == 130);
  BOOST_TEST(file_text(dir / "stderr") == "kds-sim: interrupted by SIGINT; nothing written\n");
  BOOST_TEST(entries(out).empty());
}

// SimGrid thread contexts can take a signal on another thread: it is handed to the main thread,
// which writes the outputs, so it still waits for the writer.
BOOST_AUTO_TEST_CASE(signal_on_another_thread_waits_for_the_writer_too) {
  const fs::path dir = empty_test_dir("interrupt-thread");
  const fs::path out = dir / "out";
  fs::create_directories(out);
  const int code = exit_code_of_child(
      [&] {
        kds::front::install_interrupt_handlers();
        kds::front::OutputWriteGuard guard;
        std::thread([] { std::raise(SIGTERM); }).join();
        if (!guard.interrupted()) ::_exit(90);
        const std::string problem = kds::reports::write_files_atomically(
            outputs(out), [&guard] { return guard.interrupted(); });
        guard.finish(problem.empty());
        ::_exit(91);
      },
      dir / "stderr");
  BOOST_TEST(code == 143);
  BOOST_TEST(file_text(dir / "stderr") == "kds-sim: interrupted by SIGTERM; nothing written\n");
  BOOST_TEST(entries(out).empty());
}

// A signal after the writer's last question (while it renames) lets it finish: all the outputs
// are in place, and the line says so.
BOOST_AUTO_TEST_CASE(signal_once_renaming_began_keeps_every_output_and_says_so) {
  const fs::path dir = empty_test_dir("interrupt-renaming");
  const fs::path out = dir / "out";
  fs::create_directories(out);
  const int code = exit_code_of_child(
      [&] {
        kds::front::install_interrupt_handlers();
        kds::front::OutputWriteGuard guard;
        const std::string problem = kds::reports::write_files_atomically(outputs(out));
        std::raise(SIGINT);  // still inside the guard, as during the renames
        guard.finish(problem.empty());
        ::_exit(91);
      },
      dir / "stderr");
  BOOST_TEST(code == 130);
  BOOST_TEST(file_text(dir / "stderr") ==
             "kds-sim: interrupted by SIGINT after the outputs were written\n");
  BOOST_TEST(entries(out) == std::vector<std::string>({"metrics.csv", "summary.json"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
