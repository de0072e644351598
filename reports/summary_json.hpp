// summary.json, exactly the shape of SPEC §3 (plus a few documented extra fields).
#ifndef KDS_REPORTS_SUMMARY_JSON_HPP_
#define KDS_REPORTS_SUMMARY_JSON_HPP_

#include <string>

#include "models/run_assessment.hpp"
#include "models/scenario.hpp"

namespace kds::reports {

// The summary as pretty-printed JSON text (keys in a fixed order, numbers finite).
std::string summary_json(const models::Scenario& scenario, const models::RunAssessment& assessment,
                         const std::string& version);

}  // namespace kds::reports

#endif  // KDS_REPORTS_SUMMARY_JSON_HPP_
