// The planner's search (SPEC §4 "plan", planning.md §6): every combination of the plan's consumer
// choices in every allowed mode, each ranked by the fluid model. Shards and Lambda's
// ParallelizationFactor are monotone knobs and are bisected (galloping up from the plan's minimum
// first): PF costs nothing on the stream's bill, so shards are found at the highest allowed PF and
// the PF is then lowered as far as those shards allow; the plan thereby raises PF before it adds
// shards. Batch sizes are tried from a short list. Each option also gets the largest traffic
// multiple it serves (bisection on a rate multiplier) and the binding constraint. Simulation of
// the finalists is separate (plan/finalist_runs.hpp).
#ifndef KDS_PLAN_PLAN_SEARCH_HPP_
#define KDS_PLAN_PLAN_SEARCH_HPP_

#include <optional>
#include <string>
#include <vector>

#include "plan/candidate_estimate.hpp"
#include "plan/plan_candidate.hpp"

namespace kds::plan {

struct PlanOption {
  Candidate candidate;
  std::string id;
  std::string role;           // "best PROVISIONED", "one shard fewer than the recommendation", ...
  CandidateVerdict verdict;   // at the workload's rates
  bool headroom_met = true;   // also at rates x headroom
  std::vector<std::string> headroom_violations;
  double max_rate_multiple = 0;
  std::string binding;
  std::string source = "estimated";  // "simulated" once a full run confirms it
  std::string evidence;              // runs/<id> when simulated
  bool meets() const { return verdict.slo_met && headroom_met; }
};

// The cheapest configuration of each mode at a traffic level of the workload's rates x multiple
// (an established stream: its on-demand previous peak scaled too).
struct CrossoverLevel {
  double rate_multiple = 1;
  double ingest_mib_per_s = 0;
  std::vector<std::optional<double>> monthly_usd;  // per mode of the plan; none: none meets SLOs
  std::vector<int> shards;                         // PROVISIONED's count there (0: other modes)
};
struct CrossoverChange {
  std::string from_mode, to_mode;
  double at_rate_multiple = 0;  // interpolated between two levels (log scale)
  double at_ingest_mib_per_s = 0;
};
struct ModeCrossover {
  std::vector<std::string> modes;
  std::vector<CrossoverLevel> levels;
  std::vector<CrossoverChange> changes;
};

struct PlanSearch {
  std::vector<PlanOption> options;  // sorted by monthly_usd
  std::optional<size_t> recommended;
  std::vector<std::string> notes;  // hot keys, the minimum shard count reached, ...
  bool hot_key = false;  // a key over one shard's limits: no shard count stops its throttling
  ModeCrossover crossover;
};

// Bounds of the traffic-multiple bisection.
constexpr double kMaxRateMultiple = 64;
constexpr double kRateMultiplePrecision = 0.02;  // relative

PlanSearch search_plan(CandidateEstimator& estimator);

// Re-sorts `search.options` by cost (invalid candidates last; equal costs by the consumer choices
// nearest the scenario's own) and chooses the cheapest option that meets the SLOs with headroom.
void rank_options(PlanSearch& search, const models::Scenario& workload);

// `candidate` as an option: its verdict at the workload's rates and with headroom, and its
// max_rate_multiple.
PlanOption make_option(CandidateEstimator& estimator, const Candidate& candidate, double headroom,
                       const std::string& role);

std::optional<size_t> find_option(const PlanSearch& search, const Candidate& candidate);

// Lists the recommendation's one-shard-fewer neighbour (provisioned, above the plan's minimum)
// when it is not listed yet; its index.
std::optional<size_t> add_neighbour_of_recommendation(PlanSearch& search,
                                                      CandidateEstimator& estimator);

// Each option's `binding` from its final verdict (simulated where it ran): a failing option's
// first violation and busiest resource; a passing provisioned option's one-shard-fewer verdict;
// and the recommendation's neighbour's role.
void assign_bindings(PlanSearch& search, CandidateEstimator& estimator);

// The largest multiple of the workload's rates (up to kMaxRateMultiple) at which `candidate` still
// meets the SLOs by the fluid model; 0 when it fails even at a sliver of them.
double max_rate_multiple(CandidateEstimator& estimator, Candidate candidate);

}  // namespace kds::plan

#endif  // KDS_PLAN_PLAN_SEARCH_HPP_
