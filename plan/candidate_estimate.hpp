// A candidate judged by the fluid model (models/fluid_model.hpp): loaded through the scenario
// loader like any run, estimated, its SLOs checked (models/fluid_slo.hpp) and its bill read in its
// own mode. The planner ranks and bisects on these; only finalists are simulated.
#ifndef KDS_PLAN_CANDIDATE_ESTIMATE_HPP_
#define KDS_PLAN_CANDIDATE_ESTIMATE_HPP_

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/scenario.hpp"
#include "models/slo.hpp"
#include "plan/plan_candidate.hpp"

namespace kds::plan {

struct CandidateVerdict {
  bool valid = true;         // the loader accepted the candidate's document
  std::string invalid_why;   // the loader's first error otherwise
  bool slo_met = false;
  std::vector<std::string> violations;  // "max_iterator_age (app): 75 s > 30 s"
  std::vector<std::string> not_judged;  // SLOs only a simulation judges (propagation delays)
  double monthly_usd = 0;               // the bill in the candidate's mode, per 730 h
  nlohmann::json cost;                  // summary.json's cost object of that mode
  std::string bottleneck;               // the most used resource: "GetRecords calls 95 % at ..."
  double bottleneck_utilization = 0;
  double max_iterator_age_ms = 0;  // over the consumers
  // How far the SLOs are missed: the sum over violations of (value - limit) / limit (a limit of 0
  // counts the value itself). The search stops adding shards that no longer reduce it.
  double severity = 0;
};

class CandidateEstimator {
 public:
  // `base` is the workload document as read; `scenario` the same document loaded.
  CandidateEstimator(nlohmann::json base, models::Scenario scenario);

  // The verdict on `candidate`, computed once per distinct candidate.
  const CandidateVerdict& judge(const Candidate& candidate);
  size_t estimated() const { return cache_.size(); }
  const models::Scenario& workload() const { return scenario_; }
  const nlohmann::json& workload_document() const { return base_; }

 private:
  nlohmann::json base_;
  models::Scenario scenario_;
  std::map<std::string, CandidateVerdict> cache_;  // by candidate key
};

// "max_iterator_age (app): 75 s > 30 s": a violation as the plan lists it (estimated or simulated).
std::string violation_text(const models::SloViolation& v);

// The SPEC's name of a mode's cost object in summary.json: provisioned, on_demand,
// on_demand_advantage.
const char* cost_key(models::PlanMode mode);

}  // namespace kds::plan

#endif  // KDS_PLAN_CANDIDATE_ESTIMATE_HPP_
