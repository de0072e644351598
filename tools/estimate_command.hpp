// `kds-sim estimate SCENARIO.json [--against RUN_DIR] [-o DIR] [--set PTR=VALUE]... [--seed N]
// [--quiet]` (SPEC §4 "estimate"): evaluates the fluid model (models/fluid_model.hpp) of the
// scenario and writes DIR/estimate.json (default out/<name>/estimate.json).
#ifndef KDS_TOOLS_ESTIMATE_COMMAND_HPP_
#define KDS_TOOLS_ESTIMATE_COMMAND_HPP_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace kds::front {

struct EstimateOptions {
  std::string scenario_path;
  std::string output_dir;              // empty: out/<scenario name>
  std::string against_dir;             // empty: no comparison
  std::vector<std::string> overrides;  // --set PTR=VALUE, applied in order
  std::optional<uint64_t> seed;
  bool quiet = false;
};

// Creates an output folder and the missing ones above it; returns those it created, deepest first
// (`run`'s helper in tools/kds_sim_main.cpp, so that both verbs leave nothing behind when stopped).
using CreateOutputFolder =
    std::function<std::vector<std::string>(const std::string& folder, std::error_code& error)>;

// Exit codes as `run`'s: 0 written; 2 an invalid scenario (loaded as `run` loads it, every
// problem printed as `pointer: rule`), an unreadable --against run folder or an unusable output
// folder, with nothing written; 1 an error while writing. A signal while the folder is created or
// the file written ends the process as in `run` (tools/interrupt.hpp), leaving nothing behind.
int estimate_command(const EstimateOptions& options, const std::string& version,
                     const CreateOutputFolder& create_output_folder);

}  // namespace kds::front

#endif  // KDS_TOOLS_ESTIMATE_COMMAND_HPP_
