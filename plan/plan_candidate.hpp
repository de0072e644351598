// One configuration the planner considers (SPEC §4 "plan"): a capacity mode, a shard count for
// PROVISIONED, and per planned consumer a read type, Lambda ParallelizationFactor and BatchSize;
// plus the traffic multiple it is judged at. A candidate becomes a runnable scenario document by
// overriding the workload's own document, so that estimate and simulation load exactly what
// `kds-sim run recommended.json` loads.
#ifndef KDS_PLAN_PLAN_CANDIDATE_HPP_
#define KDS_PLAN_PLAN_CANDIDATE_HPP_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/scenario.hpp"

namespace kds::plan {

// What the plan sets on one planned consumer; empty or 0: keep the scenario's value.
struct ConsumerChoice {
  std::string name;
  std::string type;  // "polling" or "efo" (a Lambda consumer: its mapping's read, use_efo)
  int parallelization_factor = 0;
  int batch_size = 0;
  bool operator==(const ConsumerChoice& o) const {
    return name == o.name && type == o.type &&
           parallelization_factor == o.parallelization_factor && batch_size == o.batch_size;
  }
};

struct Candidate {
  models::PlanMode mode = models::PlanMode::kProvisioned;
  int shards = 0;  // PROVISIONED only
  std::vector<ConsumerChoice> consumers;  // one per planned consumer, in scenario order
  // Every producer's rate times this (rate_scale). An established stream (the crossover's traffic
  // levels) also has its on-demand previous peak scaled; a surge (headroom, max_rate_multiple)
  // does not: the stream was sized for the workload and then meets more.
  double rate_multiple = 1.0;
  bool established_at_multiple = false;
  bool operator==(const Candidate& o) const {
    return mode == o.mode && shards == o.shards && consumers == o.consumers &&
           rate_multiple == o.rate_multiple &&
           established_at_multiple == o.established_at_multiple;
  }
};

// "provisioned-4", "on-demand", "on-demand-advantage", then per planned consumer what was chosen:
// "-app-efo", "-fn-pf4-b100". A folder name under runs/.
std::string candidate_id(const Candidate& candidate);
// "PROVISIONED 4 shards; app efo; fn polling, PF 4, batch 100": for tables.
std::string candidate_label(const Candidate& candidate);

// One producer group at its peak: records/s, and per record its mean data and key bytes (the
// record's size against a shard's limit is their sum); the share of its most frequent key.
struct ProducerPeak {
  double records_per_s = 0;
  double data_bytes = 0;
  double key_bytes = 0;
  double max_key_share = 0;
};
ProducerPeak producer_peak(const models::Scenario& scenario, const models::ProducerSpec& producer);

// The workload's peak write throughput in MiB/s (each producer's peak rate x its mean record size,
// key included): the on-demand previous peak of a stream that has carried this workload before.
double peak_write_mib_per_s(const models::Scenario& scenario);

// The workload document `base` (as read, overrides applied) set up as `candidate`: the plan block
// removed, the mode and its keys, consumer choices, rate scales. `scenario` is `base` loaded.
nlohmann::json candidate_document(const nlohmann::json& base, const models::Scenario& scenario,
                                  const Candidate& candidate);

}  // namespace kds::plan

#endif  // KDS_PLAN_PLAN_CANDIDATE_HPP_
