// The resource guard of `kds-sim run` and `check`: a run whose estimated peak memory
// (models/memory_estimate.hpp) exceeds the budget is refused before it starts (exit 2), naming the
// estimate, the budget and the field that drives the estimate. The budget defaults to 80 % of the
// machine's memory; `--max-memory` sets it (e.g. `--max-memory 64GiB`, or `unlimited`).
#ifndef KDS_TOOLS_MEMORY_BUDGET_HPP_
#define KDS_TOOLS_MEMORY_BUDGET_HPP_

#include <optional>
#include <string>

#include "models/scenario.hpp"
#include "tools/scenario_loader.hpp"

namespace kds::front {

struct MemoryBudget {
  double bytes = 0;    // 0: unlimited
  std::string origin;  // how it was set, for the message
};

// "512MiB", "64GiB", "1.5TiB", "2G" (binary units; K, M, G, T alone mean KiB..TiB), a plain number
// of bytes, or "unlimited". Returns nothing when the text is none of these.
std::optional<MemoryBudget> parse_memory_budget(const std::string& text);

// 80 % of the machine's physical memory.
MemoryBudget default_memory_budget();

// The error to print when the scenario's estimated peak exceeds the budget, else nothing.
std::optional<ValidationError> check_memory_budget(const models::Scenario& scenario,
                                                   const MemoryBudget& budget);

}  // namespace kds::front

#endif  // KDS_TOOLS_MEMORY_BUDGET_HPP_
