// summary.json, exactly the shape of SPEC §3 (plus a few documented extra fields).
#ifndef KDS_REPORTS_SUMMARY_JSON_HPP_
#define KDS_REPORTS_SUMMARY_JSON_HPP_

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "models/run_assessment.hpp"
#include "models/scenario.hpp"
#include "reports/expectations.hpp"

namespace kds::reports {

// The summary as pretty-printed JSON text (keys in a fixed order, numbers finite).
std::string summary_json(const models::Scenario& scenario, const models::RunAssessment& assessment,
                         const std::string& version);

// summary.json and the scenario's expectations judged on it (none when it has no `expect`).
std::pair<std::string, ExpectationResults> summary_with_expectations(
    const models::Scenario& scenario, const models::RunAssessment& assessment,
    const std::string& version);

// summary.json's `cost` object (SPEC §3): the three modes' what-if and the billed timeline.
// estimate.json gives its estimate in the same shape.
nlohmann::json cost_json(const models::Scenario& scenario, const models::BillableUsage& usage,
                         const models::ProvisionedCost& provisioned,
                         const models::OnDemandCost& on_demand,
                         const models::OnDemandAdvantageCost& on_demand_advantage,
                         const models::BilledCost& billed);

}  // namespace kds::reports

#endif  // KDS_REPORTS_SUMMARY_JSON_HPP_
