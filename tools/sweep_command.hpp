// `kds-sim sweep SWEEP.json [-o DIR] [-j N] [--task-index I --task-count N] [--reports]
// [--case-timeout S] [--emit slurm|k8s [--max-running K]]` and `kds-sim merge DIR` (SPEC §4
// "sweep and merge"; the work is in sweep/).
#ifndef KDS_TOOLS_SWEEP_COMMAND_HPP_
#define KDS_TOOLS_SWEEP_COMMAND_HPP_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "tools/memory_budget.hpp"

namespace kds::front {

struct SweepOptions {
  std::string sweep_path;
  std::string output_dir;  // empty: out/<sweep name>-sweep
  std::optional<size_t> parallel;  // -j; default: the cores (1 per task with --emit)
  std::optional<long long> task_index, task_count;
  bool reports = false;
  double case_timeout_s = 0;
  std::string emit;  // "", "slurm" or "k8s"
  size_t max_running = 0;
  bool quiet = false;
  MemoryBudget budget;
  std::string max_memory_text;  // --max-memory as given (passed on to every run), or empty
  std::vector<std::string> simgrid_args;  // --cfg=... and --log=..., passed to every run
};

// Exit codes: 0 every case ran; 1 a case failed (the others still ran and everything else was
// written) or an output could not be written; 2 a bad sweep file, case or option (nothing run);
// a signal ends it by that signal after stopping the runs.
int sweep_command(const SweepOptions& options);

// Exit codes: 0 merged; 2 incomplete or inconsistent task results (each problem named, nothing
// written); 1 an output could not be written.
int merge_command(const std::string& output_dir, bool quiet);

}  // namespace kds::front

#endif  // KDS_TOOLS_SWEEP_COMMAND_HPP_
