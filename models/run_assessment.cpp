#include "models/run_assessment.hpp"

#include "models/units.hpp"

namespace kds::models {

RunAssessment assess(const Scenario& scenario, RunResult run) {
  RunAssessment a;
  BillableUsage& u = a.usage;
  u.horizon_hours = run.duration_s / kSecondsPerHour;
  u.shard_hours = run.stream.shard_hours;
  u.put_payload_units = run.stream.put_payload_units;
  u.retention_hours = scenario.retention_hours;
  u.data_in_bytes = run.stream.incoming_bytes;
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
