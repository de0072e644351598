// Physical memory comes from sysconf (what the kernel reports for the machine; a container's cgroup
// limit can be lower: then --max-memory says so). The check runs after validation, so the message
// can name a field that is already known to be valid.
#include "tools/memory_budget.hpp"

#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cstdlib>

#include "models/memory_estimate.hpp"

namespace kds::front {

namespace {
constexpr double kDefaultShareOfMachine = 0.8;
}  // namespace

std::optional<MemoryBudget> parse_memory_budget(const std::string& text) {
  if (text == "unlimited") return MemoryBudget{0, "--max-memory unlimited"};
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !std::isfinite(value) || value <= 0 || !std::isdigit(text[0]))
    return std::nullopt;
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
  const double machine = static_cast<double>(::sysconf(_SC_PHYS_PAGES)) *
                         static_cast<double>(::sysconf(_SC_PAGESIZE));
  return {kDefaultShareOfMachine * machine,
          "80 % of this machine's " + models::format_bytes(machine) + "; --max-memory changes it"};
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
