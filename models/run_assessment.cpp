#include "models/run_assessment.hpp"

#include <algorithm>

#include "models/limits.hpp"
#include "models/retention_schedule.hpp"
#include "models/units.hpp"

namespace kds::models {

namespace {
bool pays_efo_rates(const ConsumerResult& consumer) {
  // Enhanced fan-out readers (EFO apps, Lambda with use_efo) pay EFO rates; the others share
  // GetRecords (free in provisioned mode, data out on demand).
  return consumer.efo_consumer_shard_hours > 0 || consumer.type == ConsumerType::kEfo;
}

// The billable usage of period p. EFO consumer-shard-hours are spread over the periods in
// proportion to the stream's open shard-hours after the consumer's start.
BillableUsage period_usage(const RunResult& run, const RetentionSchedule& retention,
                           const std::vector<double>& efo_hour_weights, size_t p) {
  BillableUsage u;
  const double from_s = static_cast<double>(p) * run.interval_s;
  const double hours =
      std::max(0.0, std::min(run.interval_s, run.duration_s - from_s)) / kSecondsPerHour;
  const StreamResult& s = run.stream;
  u.horizon_hours = hours;
  u.shard_hours = s.open_shard_hours[p];
  u.put_payload_units = s.put_payload_units_by_period[p];
  u.on_demand_billed_in_bytes = s.on_demand_billed_in_bytes_by_period[p];
  // Retention beyond 24 h, as set_retention_hours events change it.
  const double retention_hours = retention.retention_hours_at(from_s);
  const double gb = s.periods.incoming_bytes[p] / kBytesPerBillingGB;
  if (retention_hours > kMinRetentionHours)
    u.extended_retention_shard_hours = s.open_shard_hours[p];
  u.extended_retention_gb_months = extended_retention_gb_months(gb, retention_hours);
  u.long_term_retention_gb_months = long_term_retention_gb_months(gb, retention_hours);
  for (size_t c = 0; c < run.consumers.size(); ++c) {
    const ConsumerResult& consumer = run.consumers[c];
    if (pays_efo_rates(consumer)) {
      u.efo_data_out_bytes += consumer.periods.outgoing_bytes[p];
      u.efo_consumer_shard_hours +=
          consumer.efo_consumer_shard_hours * efo_hour_weights[c * run.periods + p];
    } else {
      u.shared_data_out_bytes += consumer.periods.outgoing_bytes[p];
    }
  }
  return u;
}

// Per consumer and period: the share of its EFO consumer-shard-hours that fell in the period.
std::vector<double> efo_hour_weights(const Scenario& scenario, const RunResult& run) {
  std::vector<double> weights(run.consumers.size() * run.periods, 0.0);
  for (size_t c = 0; c < run.consumers.size(); ++c) {
    const double start_s = scenario.consumers[c].start_at_s;
    double total = 0;
    for (size_t p = 0; p < run.periods; ++p) {
      const double from_s = static_cast<double>(p) * run.interval_s;
      const double until_s = std::min(run.duration_s, from_s + run.interval_s);
      const double after_start =
          until_s > from_s ? std::clamp((until_s - start_s) / (until_s - from_s), 0.0, 1.0) : 0.0;
      weights[c * run.periods + p] = run.stream.open_shard_hours[p] * after_start;
      total += weights[c * run.periods + p];
    }
    for (size_t p = 0; total > 0 && p < run.periods; ++p) weights[c * run.periods + p] /= total;
  }
  return weights;
}
}  // namespace

RunAssessment assess(const Scenario& scenario, RunResult run) {
  RunAssessment a;
  const RetentionSchedule retention(scenario);
  const std::vector<double> efo_weights = efo_hour_weights(scenario, run);
  BillableUsage in_provisioned, in_on_demand;
  for (size_t p = 0; p < run.periods; ++p) {
    const BillableUsage u = period_usage(run, retention, efo_weights, p);
    a.usage.add(u);
    const double on_demand_share =
        u.horizon_hours > 0 ? run.stream.on_demand_seconds[p] / kSecondsPerHour / u.horizon_hours
                            : 0.0;
    in_provisioned.add(u, 1.0 - on_demand_share);
    in_on_demand.add(u, on_demand_share);
  }
  // Totals kept by the engine are exact; the period sums above only split them.
  a.usage.horizon_hours = run.duration_s / kSecondsPerHour;
  a.usage.shard_hours = run.stream.shard_hours;
  a.usage.put_payload_units = run.stream.put_payload_units;
  a.usage.on_demand_billed_in_bytes = run.stream.on_demand_billed_in_bytes;
  a.usage.efo_consumer_shard_hours = 0;
  for (const auto& consumer : run.consumers) {
    if (pays_efo_rates(consumer))
      a.usage.efo_consumer_shard_hours += consumer.efo_consumer_shard_hours;
  }
  const ModeCosts costs = price_modes(scenario, a.usage, in_provisioned, in_on_demand);
  a.provisioned = costs.provisioned;
  a.on_demand = costs.on_demand;
  a.on_demand_advantage = costs.on_demand_advantage;
  a.billed = costs.billed;
  a.pipeline = price_pipeline(scenario, run, a.billed);
  a.slo = evaluate_slo(scenario.slo, run);
  a.run = std::move(run);
  return a;
}

}  // namespace kds::models
