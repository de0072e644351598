// Runs commands as child processes, a few at a time (a sweep's cases: SimGrid allows one engine
// per process). Each child's stdout and stderr go to its log file, stdin is /dev/null. A child
// past its timeout gets SIGTERM, then SIGKILL 2 s later. SIGINT or SIGTERM to this process stops
// the children the same way, waits for them, and returns with `interrupted_by` set.
#ifndef KDS_SWEEP_PROCESS_POOL_HPP_
#define KDS_SWEEP_PROCESS_POOL_HPP_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace kds::sweep {

struct ChildCommand {
  std::vector<std::string> argv;  // argv[0]: the program's path
  std::vector<std::string> env;   // "NAME=VALUE" added to (or replacing in) this process's
  std::string log_path;
};

struct ChildEnd {
  int exit_code = -1;  // when it exited
  int signal = 0;      // when a signal ended it
  bool timed_out = false;
  bool not_started = false;  // posix_spawn failed (exit_code holds errno)
  double wall_s = 0;
  double timeout_s = 0;  // the limit it passed, when timed_out
  std::string status() const;  // "ok", "exit 1", "signal 9", "timeout after 60 s", ...
  bool ok() const { return !timed_out && !not_started && signal == 0 && exit_code == 0; }
};

struct PoolOutcome {
  int interrupted_by = 0;  // the signal that stopped the pool, 0 when all ran
};

// Runs `commands`, at most `parallel` at once, in order; calls on_end(k, end) in this thread as
// command k ends. timeout_s <= 0: no timeout.
PoolOutcome run_pool(const std::vector<ChildCommand>& commands, size_t parallel, double timeout_s,
                     const std::function<void(size_t, const ChildEnd&)>& on_end);

// How the verbs above the simulator (plan, exam, quiz) run scenarios: `kds-sim run` processes of
// this binary, `parallel` at once, each in a folder under `output_dir`.
struct ScenarioRuns {
  std::string output_dir;
  std::string kds_sim_path;
  size_t parallel = 1;
  std::vector<std::string> run_flags;  // added to every run (SimGrid flags, --set, --seed)
};

// `kds-sim run SCENARIO -o FOLDER --quiet` plus the run flags, its output to FOLDER/run.log.
ChildCommand scenario_run_command(const ScenarioRuns& runs, const std::string& scenario_path,
                                  const std::string& folder);

}  // namespace kds::sweep

#endif  // KDS_SWEEP_PROCESS_POOL_HPP_
