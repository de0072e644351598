// The machine's memory is the smaller of what sysconf reports and the memory limit of the process's
// cgroup (a container or a CI job is often given less than the host has). The check runs after
// validation, so the message can name a field that is already known to be valid.
#include "tools/memory_budget.hpp"

#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>

#include "models/memory_estimate.hpp"

namespace kds::front {

namespace {
constexpr double kDefaultShareOfMachine = 0.8;

// The cgroup v2 (memory.max) or v1 (memory.limit_in_bytes) limit in bytes; 0 when there is none.
double cgroup_memory_limit() {
  for (const char* path :
       {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text == "max") continue;
    char* end = nullptr;
    const double limit = std::strtod(text.c_str(), &end);
    if (end != text.c_str() && *end == '\0' && limit > 0 && limit < 1e18) return limit;
  }
  return 0;
}
}  // namespace

std::optional<MemoryBudget> parse_memory_budget(const std::string& text) {
  if (text == "unlimited") return MemoryBudget{0, "--max-memory unlimited"};
  // Decimal digits only (strtod would also take "0x10" and "inf").
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0])) ||
      text.find_first_of("xXnN") != std::string::npos)
    return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !std::isfinite(value) || value <= 0) return std::nullopt;
  const std::string unit = end;
  double scale = 0;
  const char* const prefixes = "KMGT";
  if (unit.empty() || unit == "B") {
    scale = 1;
  } else {
    for (int i = 0; prefixes[i] != '\0'; ++i) {
      if (unit == std::string(1, prefixes[i]) || unit == std::string(1, prefixes[i]) + "iB")
        scale = std::pow(1024.0, i + 1);
    }
  }
  if (scale == 0) return std::nullopt;
  return MemoryBudget{value * scale, "--max-memory " + text};
}

MemoryBudget default_memory_budget() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page_bytes = ::sysconf(_SC_PAGESIZE);
  double machine = pages > 0 && page_bytes > 0
                       ? static_cast<double>(pages) * static_cast<double>(page_bytes)
                       : 0;
  const double cgroup = cgroup_memory_limit();
  const bool contained = cgroup > 0 && (machine <= 0 || cgroup < machine);
  if (contained) machine = cgroup;
  if (machine <= 0) return {0, "this machine's memory is unknown"};  // no default guard
  return {kDefaultShareOfMachine * machine,
          "80 % of this " + std::string(contained ? "container's " : "machine's ") +
              models::format_bytes(machine) + "; --max-memory changes it"};
}

std::optional<ValidationError> check_memory_budget(const models::Scenario& scenario,
                                                   const MemoryBudget& budget) {
  if (budget.bytes <= 0) return std::nullopt;
  const models::MemoryEstimate estimate = models::estimate_peak_memory(scenario);
  if (estimate.total_bytes <= budget.bytes) return std::nullopt;
  const models::MemoryItem& largest = estimate.items.front();
  return ValidationError{
      largest.pointer,
      "the run would need an estimated " + models::format_bytes(estimate.total_bytes) +
          " of memory, over the budget of " + models::format_bytes(budget.bytes) + " (" +
          budget.origin + "); the largest part: " + largest.what + ", " +
          models::format_bytes(largest.bytes)};
}

}  // namespace kds::front
