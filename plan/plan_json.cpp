#include "plan/plan_json.hpp"

#include <algorithm>

#include "reports/output_files.hpp"

namespace kds::plan {

namespace {
using Json = nlohmann::ordered_json;
using reports::round_to;

double usd(double value) {
  return round_to(value, 6);
}

Json consumers_json(const models::Scenario& workload, const Candidate& c) {
  Json out = Json::object();
  for (const ConsumerChoice& choice : c.consumers) {
    const auto spec = std::find_if(workload.consumers.begin(), workload.consumers.end(),
                                   [&](const auto& x) { return x.name == choice.name; });
    Json j;
    j["type"] = choice.type.empty() ? (spec->uses_efo_pipe() ? "efo" : "polling") : choice.type;
    if (spec->type == models::ConsumerType::kLambda) {
      j["lambda"] = true;
      j["parallelization_factor"] = choice.parallelization_factor > 0
                                        ? choice.parallelization_factor
                                        : spec->parallelization_factor;
      j["batch_size"] = choice.batch_size > 0 ? choice.batch_size : spec->batch_size;
    }
    out[choice.name] = j;
  }
  return out;
}

Json option_json(const models::Scenario& workload, const PlanOption& o) {
  Json j;
  j["id"] = o.id;
  j["mode"] = models::plan_mode_name(o.candidate.mode);
  j["shards"] = o.candidate.mode == models::PlanMode::kProvisioned ? Json(o.candidate.shards)
                                                                  : Json(nullptr);
  j["consumers"] = consumers_json(workload, o.candidate);
  j["label"] = candidate_label(o.candidate);
  j["role"] = o.role;
  j["monthly_usd"] = usd(o.verdict.monthly_usd);
  j["cost"] = o.verdict.cost.is_null() ? Json::object() : Json(o.verdict.cost);
  j["slo_met"] = o.verdict.slo_met;
  j["violations"] = o.verdict.violations;
  j["not_judged_by_estimate"] = o.source == "simulated" ? std::vector<std::string>{}
                                                        : o.verdict.not_judged;
  j["headroom_met"] = o.headroom_met;
  j["headroom_violations"] = o.headroom_violations;
  j["max_rate_multiple"] = round_to(o.max_rate_multiple, 4);
  j["max_rate_multiple_source"] = "estimated";  // bisection on the fluid model, even when simulated
  j["max_iterator_age_ms"] = round_to(o.verdict.max_iterator_age_ms, 3);
  j["binding"] = o.binding;
  j["evidence"] = o.evidence.empty() ? Json(nullptr) : Json(o.evidence);
  j["source"] = o.source;
  return j;
}

Json crossover_json(const ModeCrossover& x) {
  Json j;
  j["modes"] = x.modes;
  j["levels"] = Json::array();
  for (const CrossoverLevel& level : x.levels) {
    Json row;
    row["rate_multiple"] = round_to(level.rate_multiple, 6);
    row["ingest_mib_per_s"] = round_to(level.ingest_mib_per_s, 6);
    Json costs = Json::object();
    for (size_t m = 0; m < x.modes.size(); ++m) {
      costs[x.modes[m]] = level.monthly_usd[m] ? Json(usd(*level.monthly_usd[m])) : Json(nullptr);
      if (x.modes[m] == "PROVISIONED") row["provisioned_shards"] = level.shards[m];
    }
    row["monthly_usd"] = costs;
    j["levels"].push_back(row);
  }
  j["changes"] = Json::array();
  for (const CrossoverChange& c : x.changes) {
    j["changes"].push_back({{"from", c.from_mode},
                            {"to", c.to_mode},
                            {"at_rate_multiple", round_to(c.at_rate_multiple, 4)},
                            {"at_ingest_mib_per_s", round_to(c.at_ingest_mib_per_s, 4)}});
  }
  return j;
}

Json slo_json(const models::SloSpec& slo) {
  Json j = Json::object();
  if (slo.max_iterator_age_s) j["max_iterator_age_s"] = *slo.max_iterator_age_s;
  if (slo.max_propagation_delay_s) j["max_propagation_delay_s"] = *slo.max_propagation_delay_s;
  if (slo.p99_propagation_delay_s) j["p99_propagation_delay_s"] = *slo.p99_propagation_delay_s;
  if (slo.max_write_throttle_ratio) j["max_write_throttle_ratio"] = *slo.max_write_throttle_ratio;
  if (slo.max_lost_records) j["max_lost_records"] = *slo.max_lost_records;
  return j;
}
}  // namespace

std::string plan_json(const models::Scenario& workload, const PlanResult& r,
                      const std::string& version) {
  const PlanSearch& s = r.search;
  Json j;
  j["scenario"] = workload.name;
  j["seed"] = workload.seed;
  j["version"] = version;
  j["recommended"] = s.recommended ? Json(s.options[*s.recommended].id) : Json(nullptr);
  j["slo"] = slo_json(workload.slo);
  j["headroom"] = workload.plan->headroom;
  j["options"] = Json::array();
  for (const PlanOption& o : s.options) j["options"].push_back(option_json(workload, o));
  j["formulas"] = {
      {"aws_dev_guide_shards", r.dev_guide.shards},
      {"aws_faq_shards", r.faq.shards},
      {"inputs",
       {{"records_per_s", round_to(r.formula_inputs.records_per_s, 6)},
        {"average_record_bytes", round_to(r.formula_inputs.average_record_bytes, 3)},
        {"shared_consumers", r.formula_inputs.shared_consumers}}},
      {"note", "max(in/1 MiB/s, out/2 MiB/s) per shard at the workload's peak rate "
               "(planning.md §2.1): no record-count, GetRecords-call, hot-key or surge term"}};
  j["crossover"] = crossover_json(s.crossover);
  j["prices"] = {{"region", workload.prices.region},
                 {"prices_date", workload.prices.prices_date},
                 {"advantage_prices_date", workload.prices.advantage_prices_date},
                 {"advantage_prices_uncertain", true},
                 {"advantage_commitment_mib_per_s",
                  workload.prices.advantage_minimum_commitment_mib_per_s},
                 {"note", "On-demand Advantage prices are third-party figures (planning.md §3.2); "
                          "its minimum throughput commitment is account-wide, with a 24-hour "
                          "minimum, and is billed here as if this stream were the account's "
                          "only one"}};
  j["notes"] = s.notes;
  j["searched"] = {{"estimated", r.estimated},
                   {"simulated", r.simulated},
                   {"wall_s", round_to(r.wall_s, 3)}};
  return j.dump(2) + "\n";
}

}  // namespace kds::plan
