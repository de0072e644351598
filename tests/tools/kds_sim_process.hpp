// Running the kds-sim binary (KDS_SIM_BINARY), or a shell that runs it, from a test as a child
// process: started with posix_spawn (no shell, each argument as given), watched and signalled,
// its stdout and stderr captured in files. For the tests of what a user sees: exit codes,
// messages, signals.
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

// A running program (found on PATH when its name has no '/'). stdout goes to work/stdout; stderr
// to work/stderr, or to options.stderr_path (a terminal, say) when given. A process still running
// when this is destroyed is killed (with its process group when it leads one).
class ChildProcess {
 public:
  struct Options {
    std::string stderr_path;               // default: work/stderr
    fs::path cwd;                          // default: the test's
    std::vector<std::string> environment;  // NAME=VALUE, added to (or replacing) the test's
    bool own_process_group = false;        // leads a process group of its own (send_to_group)
  };

  ChildProcess(const std::vector<std::string>& argv_in, const fs::path& work,
               const Options& options)
      : work_(work), own_group_(options.own_process_group) {
    std::vector<std::string> storage = argv_in;
    std::vector<char*> argv;
    for (std::string& arg : storage) argv.push_back(arg.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_storage;
    for (char** entry = environ; *entry != nullptr; ++entry) {
      const std::string text = *entry;
      bool replaced = false;
      for (const std::string& added : options.environment)
        replaced |= text.substr(0, text.find('=') + 1) == added.substr(0, added.find('=') + 1);
      if (!replaced) env_storage.push_back(text);
    }
    env_storage.insert(env_storage.end(), options.environment.begin(), options.environment.end());
    std::vector<char*> envp;
    for (std::string& entry : env_storage) envp.push_back(entry.data());
    envp.push_back(nullptr);
    const std::string out = (work / "stdout").string();
    const std::string err =
        options.stderr_path.empty() ? (work / "stderr").string() : options.stderr_path;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY, 0644);
    if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    if (own_group_) {
      posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
      posix_spawnattr_setpgroup(&attributes, 0);
    }
    const int error = posix_spawnp(&pid_, argv[0], &actions, &attributes, argv.data(), envp.data());
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) throw std::runtime_error("cannot start " + storage[0]);
  }
  ~ChildProcess() {
    if (running()) {
      ::kill(own_group_ ? -pid_ : pid_, SIGKILL);
      ::waitpid(pid_, &status_, 0);
    }
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  void send(int signal) const { ::kill(pid_, signal); }
  // To every process of its group, as a Ctrl-C on a terminal does. REQUIRES: own_process_group.
  void send_to_group(int signal) const { ::kill(-pid_, signal); }

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
  // The signal it died of, or 0 if it exited. REQUIRES: it ended.
  int term_signal() const { return WIFSIGNALED(status_) ? WTERMSIG(status_) : 0; }
  // What a shell's $? says: the exit code, or 128 + the signal it died of. REQUIRES: it ended.
  int shell_status() const { return WIFSIGNALED(status_) ? 128 + WTERMSIG(status_) : exit_code(); }
  std::string stdout_text() const { return file_text(work_ / "stdout"); }
  std::string stderr_text() const { return file_text(work_ / "stderr"); }

 private:
  fs::path work_;
  bool own_group_ = false;
  pid_t pid_ = -1;
  int status_ = 0;
  bool exited_ = false;
};

// A running kds-sim (KDS_SIM_BINARY) with these arguments.
class KdsSimProcess : public ChildProcess {
 public:
  KdsSimProcess(const std::vector<std::string>& arguments, const fs::path& work,
                const std::string& stderr_path = "")
      : KdsSimProcess(arguments, work, Options{stderr_path, {}, {}, false}) {}
  KdsSimProcess(const std::vector<std::string>& arguments, const fs::path& work,
                const Options& options)
      : ChildProcess(with_binary(arguments), work, options) {}

 private:
  static std::vector<std::string> with_binary(const std::vector<std::string>& arguments) {
    std::vector<std::string> argv{KDS_SIM_BINARY};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    return argv;
  }
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
