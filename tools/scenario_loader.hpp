// The scenario loader: a scenario file (SPEC §2) in, a validated models::Scenario out, or every
// problem found, each as a JSON pointer and the rule it breaks. `kds-sim check` is this plus
// printing "pointer: rule" one per line; `kds-sim run` refuses to start unless the list is empty.
#ifndef KDS_TOOLS_SCENARIO_LOADER_HPP_
#define KDS_TOOLS_SCENARIO_LOADER_HPP_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "models/scenario.hpp"

namespace kds::front {

// One problem in user input (STYLE §6): where it is and what is wrong, naming the AWS limit and the
// value received where one applies.
struct ValidationError {
  std::string where;  // JSON pointer, e.g. "/consumers/1/workers"; "" is the whole document
  std::string rule;   // e.g. "must be >= 1, got 0"
};

// Either a scenario (and no errors) or the errors (and no scenario).
struct LoadResult {
  std::optional<kds::models::Scenario> scenario;
  std::vector<ValidationError> errors;
};

// Validates `doc` and fills a Scenario with the SPEC's defaults for absent keys. Every problem is
// collected; it never stops at the first. `base_dir` is the folder that relative paths (trace CSV
// files) are resolved against; it is stored in Scenario::base_dir.
[[nodiscard]] LoadResult load_scenario(const nlohmann::json& doc, const std::string& base_dir);

// Reads and parses the file at `path` (an unreadable file or a JSON syntax error is reported at
// pointer ""), applies each `--set` override "PTR=VALUE" in order (VALUE parsed as JSON, falling
// back to a string; PTR may name a missing key of an existing object), validates with
// load_scenario (base_dir = the file's folder, or `paths_from` when given: a sweep's inline base,
// written to its output folder, keeps the sweep file's folder) and finally applies `seed_override`.
// `document`, when given, receives the document as validated (overrides applied; the planner
// derives its candidates from it).
[[nodiscard]] LoadResult load_scenario_file(const std::string& path,
                                            const std::vector<std::string>& set_overrides,
                                            std::optional<uint64_t> seed_override,
                                            const std::optional<std::string>& paths_from = {},
                                            nlohmann::json* document = nullptr);

// The consumer keys only a polling consumer takes (workers, idle_time_between_reads, ...): what a
// switch to another type must drop.
[[nodiscard]] const std::vector<std::string>& polling_consumer_keys();
// Why `path` names nothing summary.json can have (SPEC §3; consumer indexes and the figures of
// their types checked against `consumers`),
// or nullopt: what an expectation's path is checked with at load time.
[[nodiscard]] std::optional<std::string> summary_path_problem(
    const std::string& path, const std::vector<kds::models::ConsumerSpec>& consumers);
// "pointer: rule", the line `kds-sim check` prints for one error.
[[nodiscard]] std::string to_string(const ValidationError& error);

}  // namespace kds::front

#endif  // KDS_TOOLS_SCENARIO_LOADER_HPP_
