#include "plan/planner.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>

#include "models/units.hpp"

namespace kds::plan {

namespace {
namespace fs = std::filesystem;

// The formulas' inputs from the workload as given: its peak records/s, their mean data size and
// the consumers that share the 2 MiB/s read limit (polling apps and Lambda without EFO).
models::SizingInputs formula_inputs(const models::Scenario& s) {
  models::SizingInputs in;
  double bytes = 0;
  for (const models::ProducerSpec& p : s.producers) {
    const ProducerPeak peak = producer_peak(s, p);
    in.records_per_s += peak.records_per_s;
    bytes += peak.records_per_s * peak.data_bytes;
  }
  in.average_record_bytes = in.records_per_s > 0 ? bytes / in.records_per_s : 0;
  in.shared_consumers = 0;
  for (const models::ConsumerSpec& c : s.consumers) in.shared_consumers += !c.uses_efo_pipe();
  in.shared_consumers = std::max(in.shared_consumers, 1);
  return in;
}

struct Wanted {
  size_t option = 0;
  bool headroom = false;
  std::string id;
};

std::string run_id(const PlanOption& o, bool headroom) {
  return headroom ? o.id + "-headroom" : o.id;
}

// The runs the evidence needs now, not yet run, within the budget.
std::vector<Wanted> wanted_runs(const PlanSearch& s, const models::PlanSpec& plan,
                                const std::map<std::string, FinalistOutcome>& done,
                                size_t budget) {
  std::vector<Wanted> wanted;
  const auto want = [&](size_t option, bool headroom) {
    const std::string id = run_id(s.options[option], headroom);
    if (done.count(id) || wanted.size() >= budget) return;
    for (const Wanted& w : wanted)
      if (w.id == id) return;
    wanted.push_back({option, headroom, id});
  };
  if (s.recommended) {
    const PlanOption& rec = s.options[*s.recommended];
    want(*s.recommended, false);
    if (rec.candidate.mode == models::PlanMode::kProvisioned) {
      Candidate fewer = rec.candidate;
      fewer.shards -= 1;
      if (const auto n = find_option(s, fewer)) want(*n, false);
    }
    if (plan.headroom > 1) want(*s.recommended, true);
  }
  // Each other mode's best: its cheapest option meeting the SLOs, else its cheapest.
  for (models::PlanMode mode : plan.modes) {
    std::optional<size_t> best, cheapest;
    for (size_t i = 0; i < s.options.size(); ++i) {
      if (s.options[i].candidate.mode != mode) continue;
      if (!cheapest) cheapest = i;
      if (!best && s.options[i].meets()) best = i;
    }
    if (const auto pick = best ? best : cheapest) want(*pick, false);
  }
  return wanted;
}

void apply_outcome(PlanOption& o, const Wanted& w, const FinalistOutcome& outcome,
                   PlanResult& result) {
  if (!outcome.ran) {
    ++result.failed_runs;
    result.search.notes.push_back("the simulation of " + w.id + " did not finish: " +
                                  outcome.status + "; its figures are estimated");
    return;
  }
  if (w.headroom) {
    o.headroom_met = outcome.slo_met;
    o.headroom_violations = outcome.violations;
    return;
  }
  o.source = "simulated";
  o.evidence = "runs/" + w.id;
  o.verdict.slo_met = outcome.slo_met;
  o.verdict.violations = outcome.violations;
  o.verdict.monthly_usd = outcome.monthly_usd;
  o.verdict.cost = outcome.cost;
  o.verdict.max_iterator_age_ms = outcome.max_iterator_age_ms;
}

}  // namespace

nlohmann::json runnable_document(const CandidateEstimator& est, const Candidate& candidate,
                                 const std::string& relative_to) {
  nlohmann::json doc = candidate_document(est.workload_document(), est.workload(), candidate);
  doc["seed"] = est.workload().seed;
  if (!doc.contains("producers")) return doc;
  for (nlohmann::json& producer : doc["producers"]) {
    nlohmann::json* trace = nullptr;
    if (producer.contains("rate") && producer["rate"].is_object() &&
        producer["rate"].contains("trace"))
      trace = &producer["rate"]["trace"];
    if (!trace || !trace->contains("csv") || !(*trace)["csv"].is_string()) continue;
    fs::path csv((*trace)["csv"].get<std::string>());
    if (csv.is_relative()) csv = fs::absolute(fs::path(est.workload().base_dir) / csv);
    csv = csv.lexically_normal();
    if (!relative_to.empty()) csv = csv.lexically_relative(fs::absolute(relative_to));
    (*trace)["csv"] = csv.string();
  }
  return doc;
}

PlanResult make_plan(CandidateEstimator& est, const RunnerOptions& runner,
                     size_t max_simulations) {
  const auto started = std::chrono::steady_clock::now();
  const models::PlanSpec& plan = *est.workload().plan;
  PlanResult result;
  result.formula_inputs = formula_inputs(est.workload());
  result.dev_guide = models::aws_dev_guide_shards(result.formula_inputs);
  result.faq = models::aws_faq_shards(result.formula_inputs);
  result.search = search_plan(est);
  PlanSearch& s = result.search;

  std::map<std::string, FinalistOutcome> done;
  while (result.simulated < max_simulations) {
    const auto wanted = wanted_runs(s, plan, done, max_simulations - result.simulated);
    if (wanted.empty()) break;
    std::vector<FinalistRun> runs;
    for (const Wanted& w : wanted) {
      Candidate c = s.options[w.option].candidate;
      if (w.headroom) c.rate_multiple *= plan.headroom;
      runs.push_back({w.id, runnable_document(est, c, ""), c.mode});
    }
    const auto outcomes = run_finalists(runs, runner, result.interrupted_by);
    result.simulated += runs.size();
    if (result.interrupted_by) break;
    // A provisioned option that its run overturned (it met the SLOs by the estimate, not in the
    // simulation): the next count up becomes a candidate, simulated in the next round if it is
    // then the recommendation or its mode's best.
    std::vector<Candidate> overturned;
    for (size_t i = 0; i < wanted.size(); ++i) {
      done[wanted[i].id] = outcomes[i];
      PlanOption& o = s.options[wanted[i].option];
      const bool met_before = o.meets();
      apply_outcome(o, wanted[i], outcomes[i], result);
      if (!met_before || o.meets() || o.candidate.mode != models::PlanMode::kProvisioned) continue;
      // An SLO the estimate cannot judge (propagation delays) gives no reason to expect that one
      // more shard helps: the plan does not walk the shard counts for it.
      const auto& failed = outcomes[i].failed_slos;
      const bool unjudged = std::any_of(failed.begin(), failed.end(), [&](const std::string& k) {
        return std::find(o.verdict.not_judged.begin(), o.verdict.not_judged.end(), k) !=
               o.verdict.not_judged.end();
      });
      if (unjudged) {
        s.notes.push_back(o.id + " fails an SLO in simulation that the estimate cannot judge; "
                          "the plan does not search more shards for it");
      } else {
        overturned.push_back(o.candidate);
      }
    }
    for (const Candidate& c : overturned) {
      // Raising a planned PF to its top is free on the bill: try it before one shard more.
      Candidate next = c;
      for (size_t k = 0; k < next.consumers.size(); ++k) {
        if (const auto& range = plan.consumers[k].parallelization_factor)
          next.consumers[k].parallelization_factor = range->max;
      }
      std::string why = "the planned parallelization factors raised";
      if (next == c || find_option(s, next)) {
        next = c;
        next.shards += 1;
        why = "one shard more";
      }
      if (next.shards <= plan.shards.max && !find_option(s, next)) {
        s.options.push_back(make_option(
            est, next, plan.headroom, why + ", after a simulation overturned " + candidate_id(c)));
      }
    }
    rank_options(s, est.workload());
    // The recommendation may have moved down (its neighbour passed): list the new neighbour.
    add_neighbour_of_recommendation(s, est);
  }
  assign_bindings(s, est);
  if (s.recommended && s.options[*s.recommended].source != "simulated") {
    const std::string id = s.options[*s.recommended].id;
    s.notes.push_back(done.count(id) ? "the recommendation's simulation did not finish; it is "
                                       "estimated"
                                     : "the simulation budget (" +
                                           std::to_string(max_simulations) +
                                           " runs) ran out before the recommendation was "
                                           "simulated; it is estimated");
  }
  result.estimated = est.estimated();
  result.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace kds::plan
