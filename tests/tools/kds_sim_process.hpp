// Running the kds-sim binary (KDS_SIM_BINARY) from a test as a child process: started with
// posix_spawn (no shell, each argument as given), watched and signalled, its stdout and stderr
// captured in files. For the tests of what a user sees: exit codes, messages, signals.
#ifndef KDS_TESTS_TOOLS_KDS_SIM_PROCESS_HPP_
#define KDS_TESTS_TOOLS_KDS_SIM_PROCESS_HPP_

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace kds::testing {

namespace fs = std::filesystem;

inline std::string file_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// An empty folder of its own under the temporary directory.
inline fs::path empty_test_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("kds-sim-process-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// A running kds-sim. stdout goes to work/stdout; stderr to work/stderr, or to `stderr_path` (a
// terminal, say) when given. A process still running when this is destroyed is killed.
class KdsSimProcess {
 public:
  KdsSimProcess(const std::vector<std::string>& arguments, const fs::path& work,
                const std::string& stderr_path = "")
      : work_(work) {
    std::vector<std::string> storage{KDS_SIM_BINARY};
    storage.insert(storage.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (std::string& arg : storage) argv.push_back(arg.data());
    argv.push_back(nullptr);
    const std::string out = (work / "stdout").string();
    const std::string err = stderr_path.empty() ? (work / "stderr").string() : stderr_path;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY, 0644);
    const int error = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) throw std::runtime_error("cannot start " + storage[0]);
  }
  ~KdsSimProcess() {
    if (running()) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status_, 0);
    }
  }
  KdsSimProcess(const KdsSimProcess&) = delete;
  KdsSimProcess& operator=(const KdsSimProcess&) = delete;

  void send(int signal) const { ::kill(pid_, signal); }

  // Still running (not yet waited for)?
  bool running() {
    if (exited_) return false;
    if (::waitpid(pid_, &status_, WNOHANG) == pid_) exited_ = true;
    return !exited_;
  }

  // Waits up to timeout_s for the process to end; returns whether it ended.
  bool wait_for(double timeout_s) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    while (running()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
  }

  // The exit code, or -1 if it died of a signal. REQUIRES: it ended.
  int exit_code() const { return WIFEXITED(status_) ? WEXITSTATUS(status_) : -1; }
  std::string stdout_text() const { return file_text(work_ / "stdout"); }
  std::string stderr_text() const { return file_text(work_ / "stderr"); }

 private:
  fs::path work_;
  pid_t pid_ = -1;
  int status_ = 0;
  bool exited_ = false;
};

struct KdsSimResult {
  int exit_code;
  std::string stdout_text;
  std::string stderr_text;
};

// Runs kds-sim to its end (killed after 300 s, the CTest timeout).
inline KdsSimResult run_kds_sim(const std::vector<std::string>& arguments, const fs::path& work) {
  KdsSimProcess process(arguments, work);
  if (!process.wait_for(300)) return {-1, "", "still running after 300 s"};
  return {process.exit_code(), process.stdout_text(), process.stderr_text()};
}

}  // namespace kds::testing

#endif  // KDS_TESTS_TOOLS_KDS_SIM_PROCESS_HPP_
