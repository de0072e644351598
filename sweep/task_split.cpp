#include "sweep/task_split.hpp"

#include <cerrno>
#include <cstdlib>

namespace kds::sweep {

namespace {
// A whole number from the environment; nothing (and `error` set) when it is not one.
std::optional<long long> env_number(const Environment& env, const char* name, std::string& error) {
  const char* text = env(name);
  if (text == nullptr) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0') {
    error = std::string(name) + "=" + text + ": must be a whole number";
    return std::nullopt;
  }
  return value;
}

std::optional<TaskSplit> checked(long long index, long long count, const std::string& source,
                                 const std::string& names, std::string& error) {
  if (count < 1) {
    error = names + ": the task count must be at least 1, got " + std::to_string(count);
    return std::nullopt;
  }
  if (index < 0 || index >= count) {
    error = names + ": the task index must be from 0 to " + std::to_string(count - 1) + ", got " +
            std::to_string(index);
    return std::nullopt;
  }
  return TaskSplit{static_cast<size_t>(index), static_cast<size_t>(count), source};
}
}  // namespace

std::optional<TaskSplit> task_split(std::optional<long long> flag_index,
                                    std::optional<long long> flag_count, const Environment& env,
                                    std::string& error) {
  error.clear();
  if (flag_index.has_value() != flag_count.has_value()) {
    error = "--task-index and --task-count: give both or neither";
    return std::nullopt;
  }
  if (flag_index)
    return checked(*flag_index, *flag_count, "--task-index", "--task-index/--task-count", error);

  if (env("SLURM_ARRAY_TASK_ID") != nullptr) {
    const auto id = env_number(env, "SLURM_ARRAY_TASK_ID", error);
    const auto min = env_number(env, "SLURM_ARRAY_TASK_MIN", error);
    const auto step = env_number(env, "SLURM_ARRAY_TASK_STEP", error);
    const auto count = env_number(env, "SLURM_ARRAY_TASK_COUNT", error);
    if (!error.empty()) return std::nullopt;
    if (!count) {
      error = "SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not";
      return std::nullopt;
    }
    const long long first = min.value_or(0), stride = step.value_or(1);
    if (stride < 1 || (*id - first) % stride != 0) {
      error = "SLURM_ARRAY_TASK_ID=" + std::to_string(*id) + " is not on the array's steps";
      return std::nullopt;
    }
    return checked((*id - first) / stride, *count, "Slurm",
                   "SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT", error);
  }
  if (env("AWS_BATCH_JOB_ARRAY_INDEX") != nullptr) {
    const auto index = env_number(env, "AWS_BATCH_JOB_ARRAY_INDEX", error);
    const auto size = env_number(env, "AWS_BATCH_JOB_ARRAY_SIZE", error);
    if (!error.empty()) return std::nullopt;
    if (!size) {
      error = "AWS_BATCH_JOB_ARRAY_INDEX is set but AWS_BATCH_JOB_ARRAY_SIZE is not";
      return std::nullopt;
    }
    return checked(*index, *size, "AWS Batch", "AWS_BATCH_JOB_ARRAY_INDEX/AWS_BATCH_JOB_ARRAY_SIZE",
                   error);
  }
  if (env("JOB_COMPLETION_INDEX") != nullptr) {
    const auto index = env_number(env, "JOB_COMPLETION_INDEX", error);
    const auto count = env_number(env, "KDS_SIM_TASK_COUNT", error);
    if (!error.empty()) return std::nullopt;
    if (!count) {
      error =
          "JOB_COMPLETION_INDEX is set but KDS_SIM_TASK_COUNT is not (Kubernetes does not expose "
          "the completion count: set it to the Job's completions)";
      return std::nullopt;
    }
    return checked(*index, *count, "Kubernetes", "JOB_COMPLETION_INDEX/KDS_SIM_TASK_COUNT", error);
  }
  return TaskSplit{0, 1, "whole sweep"};
}

}  // namespace kds::sweep
