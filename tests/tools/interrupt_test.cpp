// Ctrl-C and SIGTERM (tools/interrupt.hpp): a run stops at once, dying of the signal (a shell's $?
// is 130 / 143, and a shell script stops with it) after one line on stderr, leaves no output, no
// temporary file and no output folder it created, and ends its progress bar's line; a signal
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
using kds::testing::ChildProcess;
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

// Starts a long run writing into `out`, signals it after a second of running, and checks that it
// stopped within kMaxStopS, dying of the signal, with one line on stderr.
void check_signal_stops_a_run(int signal, const std::string& name, const fs::path& dir,
                              const fs::path& out) {
  KdsSimProcess run({"run", long_scenario(dir), "-o", out.string()}, dir);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  BOOST_REQUIRE_MESSAGE(run.running(), "the run ended before the signal: " << run.stderr_text());
  const Clock::time_point sent = Clock::now();
  run.send(signal);
  BOOST_REQUIRE_MESSAGE(run.wait_for(30), "still running 30 s after the signal");
  const double stop_s = std::chrono::duration<double>(Clock::now() - sent).count();
  BOOST_TEST_MESSAGE(name << " stopped the run " << stop_s << " s after it was sent");
  BOOST_TEST(stop_s < kMaxStopS);
  BOOST_TEST(run.term_signal() == signal);  // not exit(128 + signal): see the shell tests below
  BOOST_TEST(run.shell_status() == kds::front::exit_code_for_signal(signal));
  BOOST_TEST(run.stderr_text() == "kds-sim: interrupted by " + name + "; nothing written\n");
}

// The same with a new output folder: nothing is left of it, not even the folder.
void check_signal_stops_a_run(int signal, const std::string& name) {
  const fs::path dir = empty_test_dir("interrupt-" + name);
  const fs::path out = dir / "out";
  check_signal_stops_a_run(signal, name, dir, out);
  BOOST_TEST(!fs::exists(out));  // no summary.json, metrics.csv, report.html or temporary file
}

// Runs `body` in a child process with stderr in `stderr_file`; returns its wait status. The body
// ends the process itself.
int status_of_child(const std::function<void()>& body, const fs::path& stderr_file) {
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
  return status;
}

// The signal a wait status says the process died of, or 0 (with its exit code, for a message).
int death_signal(int status) {
  if (WIFSIGNALED(status)) return WTERMSIG(status);
  BOOST_TEST_MESSAGE("exited with " << WEXITSTATUS(status));
  return 0;
}

std::vector<std::pair<std::string, std::string>> outputs(const fs::path& dir) {
  return {{(dir / "summary.json").string(), "{}\n"},
          {(dir / "metrics.csv").string(), std::string(3 << 20, 'x')}};  // three 1 MiB writes
}
}  // namespace

BOOST_AUTO_TEST_SUITE(interrupt)

BOOST_AUTO_TEST_CASE(sigint_stops_a_long_run_at_once_by_the_signal_and_leaves_nothing) {
  check_signal_stops_a_run(SIGINT, "SIGINT");
}

BOOST_AUTO_TEST_CASE(sigterm_stops_a_long_run_at_once_by_the_signal_and_leaves_nothing) {
  check_signal_stops_a_run(SIGTERM, "SIGTERM");
}

// -o a/b/c where only the test's folder exists: a, b and c are created for the run, and removed
// again when it is stopped before writing.
BOOST_AUTO_TEST_CASE(interrupted_run_removes_the_output_folders_it_created) {
  const fs::path dir = empty_test_dir("interrupt-new-folders");
  check_signal_stops_a_run(SIGINT, "SIGINT", dir, dir / "a" / "b" / "c");
  BOOST_TEST(!fs::exists(dir / "a"));
  BOOST_TEST(fs::is_directory(dir));  // it existed: kept
}

// An output folder that existed before the run is the user's: it stays, as it was.
BOOST_AUTO_TEST_CASE(interrupted_run_keeps_an_output_folder_that_existed) {
  const fs::path dir = empty_test_dir("interrupt-old-folder");
  const fs::path out = dir / "kept";
  fs::create_directories(out);
  std::ofstream(out / "notes.txt") << "mine\n";
  check_signal_stops_a_run(SIGTERM, "SIGTERM", dir, out / "new");
  BOOST_TEST(!fs::exists(out / "new"));
  BOOST_TEST(entries(out) == std::vector<std::string>({"notes.txt"}),
             boost::test_tools::per_element());
  fs::remove(out / "notes.txt");
  check_signal_stops_a_run(SIGINT, "SIGINT", dir, out);
  BOOST_TEST(fs::is_directory(out));
  BOOST_TEST(entries(out).empty());
}

// Ctrl-C on a terminal signals the whole foreground process group: the shell running a script
// and kds-sim. bash then waits for kds-sim and stops the script only if kds-sim died of SIGINT
// (one that exits, even with 130, is taken to have handled it): the command after it must not
// run, or `for i in 1 2 3; do kds-sim run ...; done` would go on with the next run.
BOOST_AUTO_TEST_CASE(ctrl_c_stops_a_shell_script_running_kds_sim) {
  const fs::path dir = empty_test_dir("interrupt-script");
  ChildProcess::Options options;
  options.own_process_group = true;  // a Ctrl-C for it alone, not for the test runner
  ChildProcess shell(
      {"bash", "-c", "for i in 1 2; do \"$0\" run \"$1\" -o \"$2\"; echo \"after run $i\"; done",
       KDS_SIM_BINARY, long_scenario(dir), (dir / "out").string()},
      dir, options);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  BOOST_REQUIRE_MESSAGE(shell.running(), "the script ended before Ctrl-C: " << shell.stderr_text());
  shell.send_to_group(SIGINT);
  BOOST_REQUIRE_MESSAGE(shell.wait_for(30), "the script still runs 30 s after Ctrl-C");
  BOOST_TEST(shell.term_signal() == SIGINT);
  BOOST_TEST(shell.stdout_text() == "");  // no "after run 1", no second run
  BOOST_TEST(shell.stderr_text() == "kds-sim: interrupted by SIGINT; nothing written\n");
}

// A shell still reports a run stopped by SIGINT / SIGTERM as $? = 130 / 143.
BOOST_AUTO_TEST_CASE(shell_reports_130_and_143) {
  for (const auto& [signal, name] : {std::pair{SIGINT, "SIGINT"}, std::pair{SIGTERM, "SIGTERM"}}) {
    const fs::path dir = empty_test_dir(std::string("interrupt-status-") + name);
    ChildProcess shell(
        {"sh", "-c", "\"$0\" run \"$1\" -o \"$2\" & echo $! > \"$3\"; wait $!; echo \"$?\"",
         KDS_SIM_BINARY, long_scenario(dir), (dir / "out").string(), (dir / "pid").string()},
        dir, {});
    std::this_thread::sleep_for(std::chrono::seconds(1));
    BOOST_REQUIRE(shell.running());
    const pid_t run = std::stoi(file_text(dir / "pid"));
    ::kill(run, signal);
    BOOST_REQUIRE(shell.wait_for(30));
    BOOST_TEST(shell.exit_code() == 0);
    BOOST_TEST(shell.stdout_text() ==
               std::to_string(kds::front::exit_code_for_signal(signal)) + "\n");
    // sh may add a line of its own about the job ("Terminated").
    BOOST_TEST(shell.stderr_text().rfind(
                   "kds-sim: interrupted by " + std::string(name) + "; nothing written\n", 0) == 0,
               shell.stderr_text());
  }
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
  BOOST_TEST(run.term_signal() == SIGINT);
  const std::string message = "kds-sim: interrupted by SIGINT; nothing written";
  const size_t at = seen.find(message);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, seen);
  BOOST_TEST(seen.find("% ") != std::string::npos);             // the bar was drawn
  BOOST_TEST(seen.substr(0, at).find_last_of('\n') == at - 1);  // on a line of its own
  BOOST_TEST(seen.substr(at + message.size()).find_first_not_of("\r\n") == std::string::npos);
}

// A signal in the middle of the writes (its temporary files exist) waits for the writer, which
// removes them; the process then dies of the signal with nothing written.
BOOST_AUTO_TEST_CASE(signal_while_writing_removes_the_temporary_files_and_writes_nothing) {
  const fs::path dir = empty_test_dir("interrupt-writing");
  const fs::path out = dir / "out";
  fs::create_directories(out);
  const int status = status_of_child(
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
  BOOST_TEST(death_signal(status) == SIGINT);
  BOOST_TEST(file_text(dir / "stderr") == "kds-sim: interrupted by SIGINT; nothing written\n");
  BOOST_TEST(entries(out).empty());
}

// SimGrid thread contexts can take a signal on another thread: it is handed to the main thread,
// which writes the outputs, so it still waits for the writer.
BOOST_AUTO_TEST_CASE(signal_on_another_thread_waits_for_the_writer_too) {
  const fs::path dir = empty_test_dir("interrupt-thread");
  const fs::path out = dir / "out";
  fs::create_directories(out);
  const int status = status_of_child(
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
  BOOST_TEST(death_signal(status) == SIGTERM);
  BOOST_TEST(file_text(dir / "stderr") == "kds-sim: interrupted by SIGTERM; nothing written\n");
  BOOST_TEST(entries(out).empty());
}

// A signal after the writer's last question (while it renames) lets it finish: all the outputs
// are in place, and the line says so.
BOOST_AUTO_TEST_CASE(signal_once_renaming_began_keeps_every_output_and_says_so) {
  const fs::path dir = empty_test_dir("interrupt-renaming");
  const fs::path out = dir / "out";
  fs::create_directories(out);
  const int status = status_of_child(
      [&] {
        kds::front::install_interrupt_handlers();
        kds::front::OutputWriteGuard guard;
        const std::string problem = kds::reports::write_files_atomically(outputs(out));
        std::raise(SIGINT);  // still inside the guard, as during the renames
        guard.finish(problem.empty());
        ::_exit(91);
      },
      dir / "stderr");
  BOOST_TEST(death_signal(status) == SIGINT);
  BOOST_TEST(file_text(dir / "stderr") ==
             "kds-sim: interrupted by SIGINT after the outputs were written\n");
  BOOST_TEST(entries(out) == std::vector<std::string>({"metrics.csv", "summary.json"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
