// `kds-sim sweep SWEEP --emit slurm|k8s` (SPEC §4 "sweep and merge"): the job definitions that run
// a sweep on a cluster scheduler, printed, never run. Both run `kds-sim sweep` once per task, each
// task taking its index from the scheduler's variables (sweep/task_split.hpp), into one output
// folder on a shared file system, then `kds-sim merge` once all tasks succeeded.
#ifndef KDS_SWEEP_SWEEP_EMIT_HPP_
#define KDS_SWEEP_SWEEP_EMIT_HPP_

#include <cstddef>
#include <string>
#include <vector>

#include "sweep/sweep_file.hpp"

namespace kds::sweep {

struct EmitOptions {
  std::string kds_sim_path;  // absolute
  std::string sweep_path;    // absolute
  std::string output_dir;    // absolute
  size_t tasks = 1;          // the array's size
  size_t max_running = 0;    // at most this many tasks at once (0: no limit)
  size_t cpus_per_task = 1;  // each task's -j
  std::vector<std::string> task_flags;  // passed to every task's `kds-sim sweep` (--reports, ...)
};

// A bash script that submits the array job (sbatch --array=0-<N-1>%<K>) and the merge job with
// --dependency=afterok on it. `bash sweep.sh` submits both; $KDS_SBATCH_OPTIONS adds options to
// both sbatch calls (e.g. --wait, --partition=...).
std::string slurm_script(const SweepFile& sweep, const EmitOptions& options);

// A Kubernetes List (JSON, which kubectl reads as YAML) of an Indexed Job (completions N,
// parallelism K, KDS_SIM_TASK_COUNT=N, the sweep folder as a PersistentVolumeClaim named
// kds-sim-sweeps mounted at /sweeps) labelled kds-sim/role=tasks, and the merge Job labelled
// kds-sim/role=merge. The sweep file and its base must be in that volume, under /sweeps.
std::string k8s_manifest(const SweepFile& sweep, const EmitOptions& options);

}  // namespace kds::sweep

#endif  // KDS_SWEEP_SWEEP_EMIT_HPP_
