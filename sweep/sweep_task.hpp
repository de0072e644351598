// One task of a sweep (SPEC §4 "sweep and merge"): runs its cases (k mod N == I), one `kds-sim
// run` process per case and seed, and writes what it ran:
//   DIR/cases/<id>/                 summary.json, metrics.csv (report.html with --reports),
//                                   run.log (the run's output) and status.json; with several
//                                   seeds, one folder per seed: DIR/cases/<id>/seed-<seed>/
//   DIR/results-<I>-of-<N>.csv      its rows (sweep/sweep_results.hpp), written at the end
//   DIR/results-<I>-of-<N>.json     the sweep file's path and fingerprint, I, N and its case ids
// Tasks share nothing but DIR. A run whose status.json says "ok" for the same sweep fingerprint,
// beside its summary.json, is complete and is not run again: a failed array task can simply be
// resubmitted. Every file is written atomically.
#ifndef KDS_SWEEP_SWEEP_TASK_HPP_
#define KDS_SWEEP_SWEEP_TASK_HPP_

#include <cstdint>
#include <string>
#include <vector>

#include "sweep/sweep_file.hpp"
#include "sweep/task_split.hpp"

namespace kds::sweep {

struct TaskOptions {
  std::string output_dir;
  std::string kds_sim_path;  // the binary to run cases with (this one)
  size_t parallel = 1;       // -j
  double case_timeout_s = 0;
  bool reports = false;  // keep each run's report.html
  std::vector<std::string> run_flags;  // added to every `kds-sim run` (SimGrid's --cfg, --log)
  bool progress = false;  // a progress line on stderr (a terminal)
};

struct TaskOutcome {
  size_t runs = 0, skipped = 0, failed = 0;
  int interrupted_by = 0;  // a signal stopped the task (nothing more is written)
  std::string error;       // an output could not be written (exit 1)
};

// The run folder of a case and seed, relative to the output folder.
std::string run_folder(const SweepFile& sweep, const SweepCase& c, uint64_t seed);
// "results-<I>-of-<N>" (add .csv or .json).
std::string task_file_stem(const TaskSplit& split);

TaskOutcome run_task(const SweepFile& sweep, const TaskSplit& split, const TaskOptions& options);

}  // namespace kds::sweep

#endif  // KDS_SWEEP_SWEEP_TASK_HPP_
