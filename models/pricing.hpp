// What the simulated traffic costs in both capacity modes, always both (SPEC §3 `cost`), from the
// billing rules of fact sheet §7a and the unit prices of a PriceTable (§7b).
#ifndef KDS_MODELS_PRICING_HPP_
#define KDS_MODELS_PRICING_HPP_

#include "models/scenario.hpp"

namespace kds::models {

// The billable quantities of a run (or of any period: the rules are linear in them).
struct BillableUsage {
  double horizon_hours = 0;
  double shard_hours = 0;        // provisioned: open shards x hours
  double put_payload_units = 0;  // provisioned: 25 KB chunks per stored record
  // Retention beyond the free 24 h: shard-hours while it was on (provisioned's extra rate), and the
  // GB-months of data kept in the extended (to 7 d) and long-term (beyond 7 d) tiers.
  double extended_retention_shard_hours = 0;
  double extended_retention_gb_months = 0;
  double long_term_retention_gb_months = 0;
  double on_demand_billed_in_bytes = 0;  // each record rounded up to 1 KB
  double shared_data_out_bytes = 0;      // read by polling (GetRecords) consumers
  double efo_consumer_shard_hours = 0;
  double efo_data_out_bytes = 0;

  // Adds factor x `other`: the rules are linear, so usage splits by period and by mode.
  void add(const BillableUsage& other, double factor = 1.0);
};

struct ProvisionedCost {
  double shard_hours_usd = 0;
  double put_payload_units = 0;
  double put_payload_units_usd = 0;
  double extended_retention_usd =
      0;  // per shard-hour while retention > 24 h, plus long-term GB-months
  double efo_consumer_shard_hours_usd = 0;
  double efo_data_usd = 0;
  double total_usd = 0;
  double monthly_usd = 0;
};

struct OnDemandCost {
  double stream_hours_usd = 0;
  double data_in_gb = 0;
  double data_in_usd = 0;
  double data_out_usd = 0;
  double efo_data_usd = 0;
  double retention_usd = 0;  // extended (24 h .. 7 d) and long-term (> 7 d) GB-months
  double total_usd = 0;
  double monthly_usd = 0;
};

// On-demand Advantage (planning.md §3.2): no stream-hour charge; ingest (rounded as on-demand's),
// retrieval and EFO per GB at lower rates. The account commits to a minimum throughput on ingest and
// on retrieval, each: a run that moves less is billed the shortfall at the same per-GB rate. The
// shortfall is taken over the whole run (the billing period), as if this stream were the account's
// only one: set pricing.advantage_minimum_commitment_mib_per_s to 0 when others already cover it.
struct OnDemandAdvantageCost {
  double data_in_gb = 0;
  double data_in_usd = 0;
  double data_out_usd = 0;
  double efo_data_usd = 0;
  double retention_usd = 0;
  double commitment_shortfall_gb = 0;  // ingest and retrieval shortfalls together
  double commitment_shortfall_usd = 0;
  double total_usd = 0;
  double monthly_usd = 0;
};

ProvisionedCost provisioned_cost(const BillableUsage& usage, const PriceTable& prices);
OnDemandCost on_demand_cost(const BillableUsage& usage, const PriceTable& prices);
OnDemandAdvantageCost on_demand_advantage_cost(const BillableUsage& usage,
                                               const PriceTable& prices);

// Retention storage beyond the first 24 h, in GB-months: each GB written is kept (retention - 24) h
// extra; split into the extended tier (up to 7 d) and the long-term tier (beyond 7 d).
double extended_retention_gb_months(double data_in_gb, double retention_hours);
double long_term_retention_gb_months(double data_in_gb, double retention_hours);

}  // namespace kds::models

#endif  // KDS_MODELS_PRICING_HPP_
