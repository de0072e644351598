// `kds-sim plan WORKLOAD.json [-o DIR] [--set PTR=VALUE]... [--seed S] [-j N] [--quiet]`
// (SPEC §4 "plan"; the work is in plan/).
#ifndef KDS_TOOLS_PLAN_COMMAND_HPP_
#define KDS_TOOLS_PLAN_COMMAND_HPP_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tools/estimate_command.hpp"

namespace kds::front {

struct PlanOptions {
  std::string scenario_path;
  std::string output_dir;  // empty: out/<name>-plan
  std::vector<std::string> overrides;
  std::optional<uint64_t> seed;
  std::optional<size_t> parallel;  // -j; default: the cores
  bool quiet = false;
  std::vector<std::string> simgrid_args;  // passed to every run
};

// Exit codes: 0 a recommendation; 3 no option meets the SLOs (everything still written, the
// closest options listed); 2 a bad scenario or plan block (every problem as `pointer: rule`,
// nothing written); 1 an internal error or a simulation that failed to run. A signal stops the
// runs and ends the process by it.
int plan_command(const PlanOptions& options, const std::string& version,
                 const CreateOutputFolder& create_output_folder);

}  // namespace kds::front

#endif  // KDS_TOOLS_PLAN_COMMAND_HPP_
