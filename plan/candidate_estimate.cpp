#include "plan/candidate_estimate.hpp"

#include <cstdio>

#include "models/fluid_model.hpp"
#include "models/fluid_slo.hpp"
#include "reports/summary_json.hpp"
#include "tools/scenario_loader.hpp"

namespace kds::plan {

namespace {
std::string key_of(const Candidate& c) {
  char multiple[64];
  std::snprintf(multiple, sizeof multiple, "@%.17g%s", c.rate_multiple,
                c.established_at_multiple ? "e" : "");
  return candidate_id(c) + multiple;
}

}  // namespace

std::string violation_text(const models::SloViolation& v) {
  char text[256];
  const bool seconds = v.what != "max_write_throttle_ratio" && v.what != "max_lost_records";
  std::snprintf(text, sizeof text, "%s%s%s%s: %.6g%s > %.6g%s", v.what.c_str(),
                v.consumer.empty() ? "" : " (", v.consumer.c_str(), v.consumer.empty() ? "" : ")",
                v.value, seconds ? " s" : "", v.limit, seconds ? " s" : "");
  return text;
}

const char* cost_key(models::PlanMode mode) {
  switch (mode) {
    case models::PlanMode::kOnDemand:
      return "on_demand";
    case models::PlanMode::kOnDemandAdvantage:
      return "on_demand_advantage";
    case models::PlanMode::kProvisioned:
      break;
  }
  return "provisioned";
}

CandidateEstimator::CandidateEstimator(nlohmann::json base, models::Scenario scenario)
    : base_(std::move(base)), scenario_(std::move(scenario)) {}

const CandidateVerdict& CandidateEstimator::judge(const Candidate& candidate) {
  const std::string key = key_of(candidate);
  if (const auto it = cache_.find(key); it != cache_.end()) return it->second;
  CandidateVerdict& v = cache_[key];
  const front::LoadResult loaded =
      front::load_scenario(candidate_document(base_, scenario_, candidate), scenario_.base_dir);
  if (!loaded.scenario) {
    v.valid = false;
    v.invalid_why = loaded.errors.empty() ? "rejected" : front::to_string(loaded.errors.front());
    v.violations.push_back("not a valid scenario: " + v.invalid_why);
    return v;
  }
  models::Scenario s = *loaded.scenario;
  s.seed = scenario_.seed;
  const models::FluidEstimate e = models::estimate_fluid(s);
  const models::FluidSloVerdict slo = models::evaluate_slo(s.slo, e);
  v.slo_met = slo.verdict.met;
  for (const auto& violation : slo.verdict.violations) {
    v.violations.push_back(violation_text(violation));
    v.severity += violation.limit > 0 ? (violation.value - violation.limit) / violation.limit
                                      : violation.value;
  }
  v.not_judged = slo.not_judged;
  v.monthly_usd = e.billed.monthly_usd;
  v.cost = reports::cost_json(s, e.usage, e.provisioned, e.on_demand, e.on_demand_advantage,
                              e.billed)[cost_key(candidate.mode)];
  if (!e.bottlenecks.empty()) {
    const auto& b = e.bottlenecks.front();
    char text[256];
    std::snprintf(text, sizeof text, "%s %.0f %% at %s%s%s", b.resource.c_str(),
                  100.0 * b.utilization, b.where.c_str(), b.consumer.empty() ? "" : " for ",
                  b.consumer.c_str());
    v.bottleneck = text;
    v.bottleneck_utilization = b.utilization;
  }
  for (const auto& c : e.consumers) v.max_iterator_age_ms = std::max(v.max_iterator_age_ms, c.max_iterator_age_ms);
  return v;
}

}  // namespace kds::plan
