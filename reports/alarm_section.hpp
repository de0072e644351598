// The report's alarms (SPEC §4): a table of each alarm's history, each alarm's metric charted with
// its threshold and its time in ALARM shaded, and the bands other charts draw for the alarms on
// their metric.
#ifndef KDS_REPORTS_ALARM_SECTION_HPP_
#define KDS_REPORTS_ALARM_SECTION_HPP_

#include <functional>
#include <string>
#include <vector>

#include "models/run_result.hpp"
#include "models/scenario.hpp"
#include "reports/svg_chart.hpp"

namespace kds::reports {

// The time each alarm accepted by `wanted` spent in ALARM, as bands labelled "<name> in ALARM".
std::vector<TimeBand> alarm_bands(const models::RunResult& run,
                                  const std::function<bool(const models::AlarmResult&)>& wanted);

// The stream's scaling actions as markers: "4→8" where applied, "refused" in red.
std::vector<TimeMarker> scaling_markers(const models::RunResult& run);

// "" when the run has no alarm.
std::string alarm_section(const models::Scenario& scenario, const models::RunResult& run);

}  // namespace kds::reports

#endif  // KDS_REPORTS_ALARM_SECTION_HPP_
