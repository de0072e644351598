// Billing rules (fact sheet §7a):
//  - provisioned: shard-hours; PUT payload units of 25 KB per record, per million; extended
//    retention as an extra rate per shard-hour; long-term retention per GB-month; shared reads
//    free; EFO per consumer-shard-hour and per GB.
//  - on-demand: stream-hours; data in with each record rounded up to 1 KB; data out per GB; EFO per
//    GB; extended and long-term retention per GB-month.
//  - on-demand Advantage: as on-demand without stream-hours, at its own rates, plus the shortfall
//    under the account's minimum throughput commitment (planning.md §3.2).
// A month is 730 hours (the oracles P4, P5, P7 use it); monthly = total / horizon * 730 (SPEC §3).
// Retention storage: each GB written is kept (retention - 24) hours beyond the free day, with the
// retention in force when it was written (run_assessment.cpp sums it per period).
#include "models/pricing.hpp"

#include <algorithm>

#include "models/limits.hpp"
#include "models/units.hpp"

namespace kds::models {

namespace {
double monthly(double total_usd, double horizon_hours) {
  return horizon_hours > 0 ? total_usd / horizon_hours * kHoursPerMonth : 0.0;
}
}  // namespace

void BillableUsage::add(const BillableUsage& o, double factor) {
  horizon_hours += factor * o.horizon_hours;
  shard_hours += factor * o.shard_hours;
  put_payload_units += factor * o.put_payload_units;
  extended_retention_shard_hours += factor * o.extended_retention_shard_hours;
  extended_retention_gb_months += factor * o.extended_retention_gb_months;
  long_term_retention_gb_months += factor * o.long_term_retention_gb_months;
  on_demand_billed_in_bytes += factor * o.on_demand_billed_in_bytes;
  shared_data_out_bytes += factor * o.shared_data_out_bytes;
  efo_consumer_shard_hours += factor * o.efo_consumer_shard_hours;
  efo_data_out_bytes += factor * o.efo_data_out_bytes;
}

double extended_retention_gb_months(double data_in_gb, double retention_hours) {
  const double extra_hours =
      std::clamp(retention_hours, kMinRetentionHours, kExtendedRetentionLimitHours) -
      kMinRetentionHours;
  return data_in_gb * extra_hours / kHoursPerMonth;
}

double long_term_retention_gb_months(double data_in_gb, double retention_hours) {
  return data_in_gb * std::max(0.0, retention_hours - kExtendedRetentionLimitHours) /
         kHoursPerMonth;
}

ProvisionedCost provisioned_cost(const BillableUsage& usage, const PriceTable& prices) {
  ProvisionedCost cost;
  cost.shard_hours_usd = usage.shard_hours * prices.shard_hour;
  cost.put_payload_units = usage.put_payload_units;
  cost.put_payload_units_usd = usage.put_payload_units / 1e6 * prices.put_payload_unit_per_million;
  cost.extended_retention_usd =
      usage.extended_retention_shard_hours * prices.extended_retention_shard_hour +
      usage.long_term_retention_gb_months * prices.long_term_retention_gb_month;
  cost.efo_consumer_shard_hours_usd =
      usage.efo_consumer_shard_hours * prices.efo_consumer_shard_hour;
  cost.efo_data_usd = usage.efo_data_out_bytes / kBytesPerBillingGB * prices.efo_data_gb;
  cost.total_usd = cost.shard_hours_usd + cost.put_payload_units_usd + cost.extended_retention_usd +
                   cost.efo_consumer_shard_hours_usd + cost.efo_data_usd;
  cost.monthly_usd = monthly(cost.total_usd, usage.horizon_hours);
  return cost;
}

OnDemandCost on_demand_cost(const BillableUsage& usage, const PriceTable& prices) {
  OnDemandCost cost;
  cost.stream_hours_usd = usage.horizon_hours * prices.on_demand_stream_hour;
  cost.data_in_gb = usage.on_demand_billed_in_bytes / kBytesPerBillingGB;
  cost.data_in_usd = cost.data_in_gb * prices.on_demand_data_in_gb;
  cost.data_out_usd =
      usage.shared_data_out_bytes / kBytesPerBillingGB * prices.on_demand_data_out_gb;
  cost.efo_data_usd = usage.efo_data_out_bytes / kBytesPerBillingGB * prices.on_demand_efo_data_gb;
  cost.retention_usd =
      usage.extended_retention_gb_months * prices.on_demand_extended_retention_gb_month +
      usage.long_term_retention_gb_months * prices.long_term_retention_gb_month;
  cost.total_usd = cost.stream_hours_usd + cost.data_in_usd + cost.data_out_usd +
                   cost.efo_data_usd + cost.retention_usd;
  cost.monthly_usd = monthly(cost.total_usd, usage.horizon_hours);
  return cost;
}

OnDemandAdvantageCost on_demand_advantage_cost(const BillableUsage& usage,
                                               const PriceTable& prices) {
  OnDemandAdvantageCost cost;
  cost.data_in_gb = usage.on_demand_billed_in_bytes / kBytesPerBillingGB;
  cost.data_in_usd = cost.data_in_gb * prices.advantage_data_in_gb;
  const double shared_out_gb = usage.shared_data_out_bytes / kBytesPerBillingGB;
  const double efo_out_gb = usage.efo_data_out_bytes / kBytesPerBillingGB;
  cost.data_out_usd = shared_out_gb * prices.advantage_data_out_gb;
  cost.efo_data_usd = efo_out_gb * prices.advantage_efo_data_gb;
  cost.retention_usd =
      usage.extended_retention_gb_months * prices.advantage_extended_retention_gb_month +
      usage.long_term_retention_gb_months * prices.long_term_retention_gb_month;
  const double committed_gb = prices.advantage_minimum_commitment_mib_per_s * kBytesPerMiB *
                              usage.horizon_hours * kSecondsPerHour / kBytesPerBillingGB;
  const double in_shortfall_gb = std::max(0.0, committed_gb - cost.data_in_gb);
  const double out_shortfall_gb = std::max(0.0, committed_gb - shared_out_gb - efo_out_gb);
  cost.commitment_shortfall_gb = in_shortfall_gb + out_shortfall_gb;
  cost.commitment_shortfall_usd = in_shortfall_gb * prices.advantage_data_in_gb +
                                  out_shortfall_gb * prices.advantage_data_out_gb;
  cost.total_usd = cost.data_in_usd + cost.data_out_usd + cost.efo_data_usd + cost.retention_usd +
                   cost.commitment_shortfall_usd;
  cost.monthly_usd = monthly(cost.total_usd, usage.horizon_hours);
  return cost;
}

}  // namespace kds::models
