#include "models/run_assessment.hpp"

#include <algorithm>

#include "models/limits.hpp"
#include "models/retention_schedule.hpp"
#include "models/units.hpp"

namespace kds::models {

RunAssessment assess(const Scenario& scenario, RunResult run) {
  RunAssessment a;
  BillableUsage& u = a.usage;
  u.horizon_hours = run.duration_s / kSecondsPerHour;
  u.shard_hours = run.stream.shard_hours;
  u.put_payload_units = run.stream.put_payload_units;
  // Retention beyond 24 h, period by period, as set_retention_hours events change it.
  const RetentionSchedule retention(scenario);
  for (size_t p = 0; p < run.periods; ++p) {
    const double from_s = static_cast<double>(p) * run.interval_s;
    const double hours =
        std::max(0.0, std::min(run.interval_s, run.duration_s - from_s)) / kSecondsPerHour;
    const double retention_hours = retention.retention_hours_at(from_s);
    const double gb = run.stream.periods.incoming_bytes[p] / kBytesPerBillingGB;
    if (retention_hours > kMinRetentionHours)
      u.extended_retention_shard_hours += run.stream.open_shard_count[p] * hours;
    u.extended_retention_gb_months += extended_retention_gb_months(gb, retention_hours);
    u.long_term_retention_gb_months += long_term_retention_gb_months(gb, retention_hours);
  }
  u.on_demand_billed_in_bytes = run.stream.on_demand_billed_in_bytes;
  for (const auto& consumer : run.consumers) {
    // Enhanced fan-out readers (EFO apps, Lambda with use_efo) pay EFO rates; the others share
    // GetRecords (free in provisioned mode, data out on demand).
    if (consumer.efo_consumer_shard_hours > 0 || consumer.type == ConsumerType::kEfo) {
      u.efo_data_out_bytes += consumer.bytes_read;
      u.efo_consumer_shard_hours += consumer.efo_consumer_shard_hours;
    } else {
      u.shared_data_out_bytes += consumer.bytes_read;
    }
  }
  a.provisioned = provisioned_cost(u, scenario.prices);
  a.on_demand = on_demand_cost(u, scenario.prices);
  a.slo = evaluate_slo(scenario.slo, run);
  a.run = std::move(run);
  return a;
}

}  // namespace kds::models
