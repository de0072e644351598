// posix_spawn, then a poll loop every 10 ms: waitpid(WNOHANG) on each running child and the
// timeouts. Polling keeps it simple and portable (no SIGCHLD handler racing with waitpid); 10 ms
// is nothing against a simulation's second or more.
#include "sweep/process_pool.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cmath>
#include <cstring>
#include <thread>

extern char** environ;

namespace kds::sweep {

namespace {
using Clock = std::chrono::steady_clock;
constexpr double kKillGraceS = 2.0;

volatile sig_atomic_t stop_signal = 0;
void note_signal(int signal) {
  stop_signal = signal;
}

struct Running {
  size_t index;
  pid_t pid;
  Clock::time_point started;
  bool terminated = false;  // SIGTERM sent
  Clock::time_point terminated_at;
  bool timed_out = false;
};

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// This process's environment with `extra` added ("NAME=VALUE" replaces NAME).
std::vector<std::string> environment_with(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    bool replaced = false;
    for (const std::string& x : extra) {
      const std::string name = x.substr(0, x.find('=') + 1);
      replaced = replaced || entry.rfind(name, 0) == 0;
    }
    if (!replaced) env.push_back(entry);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Starts `command`; returns its pid, or -errno.
pid_t spawn(const ChildCommand& command) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, command.log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  // The child starts with default dispositions for the signals this pool catches.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
  std::vector<std::string> argv = command.argv;
  std::vector<std::string> env = environment_with(command.env);
  std::vector<char*> argv_p = pointers(argv), env_p = pointers(env);
  pid_t pid = -1;
  const int error =
      posix_spawn(&pid, argv_p[0], &actions, &attributes, argv_p.data(), env_p.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  return error == 0 ? pid : -error;
}
}  // namespace

std::string ChildEnd::status() const {
  if (not_started) return std::string("not started: ") + std::strerror(exit_code);
  if (timed_out) {  // the limit, not the time it took to stop: results.csv stays reproducible
    char text[48];
    std::snprintf(text, sizeof text, "timeout after %g s", timeout_s);
    return text;
  }
  if (signal != 0) return "signal " + std::to_string(signal);
  return exit_code == 0 ? "ok" : "exit " + std::to_string(exit_code);
}

PoolOutcome run_pool(const std::vector<ChildCommand>& commands, size_t parallel, double timeout_s,
                     const std::function<void(size_t, const ChildEnd&)>& on_end) {
  struct sigaction handler {}, old_int{}, old_term{};
  handler.sa_handler = note_signal;
  sigemptyset(&handler.sa_mask);
  stop_signal = 0;
  sigaction(SIGINT, &handler, &old_int);
  sigaction(SIGTERM, &handler, &old_term);

  std::vector<Running> running;
  size_t next = 0;
  while (next < commands.size() || !running.empty()) {
    const bool stopping = stop_signal != 0;
    while (!stopping && next < commands.size() && running.size() < std::max<size_t>(parallel, 1)) {
      const pid_t pid = spawn(commands[next]);
      if (pid < 0) {
        ChildEnd end;
        end.not_started = true;
        end.exit_code = -pid;
        on_end(next, end);
      } else {
        running.push_back({next, pid, Clock::now()});
      }
      ++next;
    }
    if (stopping) next = commands.size();  // start nothing more
    for (size_t r = 0; r < running.size();) {
      Running& child = running[r];
      int status = 0;
      if (::waitpid(child.pid, &status, WNOHANG) == child.pid) {
        ChildEnd end;
        end.wall_s = seconds_since(child.started);
        end.timed_out = child.timed_out;
        end.timeout_s = timeout_s;
        if (WIFEXITED(status)) end.exit_code = WEXITSTATUS(status);
        if (WIFSIGNALED(status)) end.signal = WTERMSIG(status);
        const size_t index = child.index;
        running.erase(running.begin() + static_cast<std::ptrdiff_t>(r));
        on_end(index, end);
        continue;
      }
      const bool too_long = timeout_s > 0 && seconds_since(child.started) > timeout_s;
      if (!child.terminated && (too_long || stopping)) {
        child.timed_out = too_long && !stopping;
        child.terminated = true;
        child.terminated_at = Clock::now();
        ::kill(child.pid, SIGTERM);
      } else if (child.terminated && seconds_since(child.terminated_at) > kKillGraceS) {
        ::kill(child.pid, SIGKILL);
      }
      ++r;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  return {static_cast<int>(stop_signal)};
}

ChildCommand scenario_run_command(const ScenarioRuns& runs, const std::string& scenario_path,
                                  const std::string& folder) {
  ChildCommand c;
  c.argv = {runs.kds_sim_path, "run", scenario_path, "-o", folder, "--quiet"};
  c.argv.insert(c.argv.end(), runs.run_flags.begin(), runs.run_flags.end());
  c.log_path = folder + "/run.log";
  return c;
}

}  // namespace kds::sweep
