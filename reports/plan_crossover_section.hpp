// plan.html's mode crossover (planning.md §7.5): the cheapest monthly cost of each mode at
// traffic levels from 1/8 to 8 times the workload, where the cheapest mode changes, and the table
// of levels, read from plan.json's `crossover`.
#ifndef KDS_REPORTS_PLAN_CROSSOVER_SECTION_HPP_
#define KDS_REPORTS_PLAN_CROSSOVER_SECTION_HPP_

#include <string>

#include <nlohmann/json.hpp>

namespace kds::reports {

std::string crossover_section(const nlohmann::json& plan);

}  // namespace kds::reports

#endif  // KDS_REPORTS_PLAN_CROSSOVER_SECTION_HPP_
