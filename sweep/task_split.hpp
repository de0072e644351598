// Which share of a sweep this process runs (SPEC §4 "sweep and merge"): task I of N runs the cases
// k with k mod N == I. I and N come from --task-index/--task-count, else from the scheduler's
// variables, in this order: Slurm job arrays (SLURM_ARRAY_TASK_ID minus SLURM_ARRAY_TASK_MIN, over
// SLURM_ARRAY_TASK_STEP; SLURM_ARRAY_TASK_COUNT), AWS Batch array jobs (AWS_BATCH_JOB_ARRAY_INDEX,
// AWS_BATCH_JOB_ARRAY_SIZE), Kubernetes Indexed Jobs (JOB_COMPLETION_INDEX, with
// KDS_SIM_TASK_COUNT: Kubernetes does not expose the count); else the whole sweep.
#ifndef KDS_SWEEP_TASK_SPLIT_HPP_
#define KDS_SWEEP_TASK_SPLIT_HPP_

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace kds::sweep {

struct TaskSplit {
  size_t index = 0;
  size_t count = 1;
  std::string source;  // "whole sweep", "--task-index", "Slurm", "AWS Batch", "Kubernetes"
  bool split() const { return source != "whole sweep"; }
  bool runs(size_t case_index) const { return case_index % count == index; }
};

// Reads an environment variable; nullptr when unset (std::getenv in production).
using Environment = std::function<const char*(const char*)>;

// The split, or nothing with `error` naming the flag or variable at fault (exit 2).
std::optional<TaskSplit> task_split(std::optional<long long> flag_index,
                                    std::optional<long long> flag_count, const Environment& env,
                                    std::string& error);

}  // namespace kds::sweep

#endif  // KDS_SWEEP_TASK_SPLIT_HPP_
