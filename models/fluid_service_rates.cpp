// Each rate is the sustained one: a polling app keeping up reads what arrived since its last call
// (batch = rate x cycle), one that is behind reads full calls, and its processor then works on
// full batches too (the per_batch time is amortized, as the simulator's prefetch queue lets it).
#include "models/fluid_service_rates.hpp"

#include <algorithm>

#include "models/limits.hpp"
#include "models/record_processor.hpp"
#include "models/units.hpp"

namespace kds::models {

namespace {
using Eigen::ArrayXd;

bool has_processing_time(const ProcessingSpec& p) {
  return p.per_batch_s > 0 || p.per_record_s > 0 || p.per_mib_s > 0;
}

void polling(const ConsumerSpec& spec, const Scenario& scenario, const ArrayXd& lambda,
             const ArrayXd& bpr, const ArrayXd& behind, FluidServiceRates& out) {
  const ProcessingSpec& p = spec.processing;
  const Eigen::Index n = lambda.size();
  const ArrayXd per_call =
      (kMaxBytesPerGetRecords / bpr).min(static_cast<double>(spec.max_records)).max(1.0);
  const ArrayXd per_record_s = p.per_record_s + bpr * (p.per_mib_s / kBytesPerMiB);
  const double cycle_s = spec.idle_time_between_reads_s + scenario.service.get_records_latency_s;
  const ArrayXd full_batch_s = p.per_batch_s + per_call * per_record_s;
  const ArrayXd caught_up_batch = (lambda * cycle_s).max(1.0).min(per_call);
  const ArrayXd batch = (behind > 0).select(per_call, caught_up_batch);
  out.batch_s = p.per_batch_s + batch * per_record_s;
  out.proc_rate = (full_batch_s > 0).select(per_call / full_batch_s.max(1e-12), kUnlimitedRate);
  if (has_processing_time(p)) {
    // Busy share of the processor at the batch size the traffic gives (a batch per call).
    out.processing_load =
        (lambda > 0).select((p.per_batch_s + caught_up_batch * per_record_s) / cycle_s, 0.0);
  }
  if (spec.prefetch) {
    // The fetcher's rate; the processor holds it back through the prefetch queue.
    out.rate = per_call / cycle_s;
    out.call_rate = ArrayXd::Constant(n, 1.0 / cycle_s);
    out.queue_max = (kKclMaxPendingBatches * batch)
                        .min(static_cast<double>(kKclMaxPendingRecords))
                        .min(kKclMaxPendingBytes / bpr);
  } else {
    // KCL 1.x: the next call waits for the batch to be processed.
    out.rate = per_call / (cycle_s + full_batch_s);
    out.call_rate = 1.0 / (cycle_s + out.batch_s);
  }
}

void enhanced_fan_out(const ConsumerSpec& spec, const Scenario& scenario, const ArrayXd& lambda,
                      const ArrayXd& bpr, FluidServiceRates& out) {
  const ProcessingSpec& p = spec.processing;
  const Eigen::Index n = lambda.size();
  // A slice's push is one batch per shard: per_batch, then per_record (per_mib) x what fits.
  const double slice_s = scenario.engine.time_slice_s;
  const double work_s = std::max(0.0, slice_s - p.per_batch_s);
  ArrayXd proc = ArrayXd::Constant(n, kUnlimitedRate);
  if (p.per_record_s > 0) proc = proc.min(work_s / p.per_record_s / slice_s);
  if (p.per_mib_s > 0) proc = proc.min(work_s / p.per_mib_s * kBytesPerMiB / slice_s / bpr);
  out.proc_rate = proc;
  if (has_processing_time(p)) out.processing_load = lambda / proc.max(1e-12);
  out.rate = (kShardReadBytesPerS / bpr).min(proc);
  out.call_rate = ArrayXd::Zero(n);
  out.batch_s = ArrayXd::Zero(n);
}

void lambda_mapping(const ConsumerSpec& spec, const ArrayXd& bpr, const ArrayXd& behind,
                    const ArrayXd& hot_lane_share, FluidServiceRates& out) {
  const Eigen::Index n = bpr.size();
  out.full_batch = (kLambdaPayloadBytes / bpr).min(static_cast<double>(spec.batch_size)).max(1.0);
  out.batch_s = spec.per_invoke_s + spec.per_record_invoke_s * out.full_batch;
  out.proc_rate = ArrayXd::Constant(n, kUnlimitedRate);
  // The busiest lane binds: the shard's fetch waits while its lanes' buffers are full.
  out.rate = out.full_batch / out.batch_s.max(1e-12) / hot_lane_share;
  if (spec.use_efo) {
    out.rate = out.rate.min(kShardReadBytesPerS / bpr);
    out.call_rate = ArrayXd::Zero(n);
  } else {
    out.rate = out.rate.min(kGetRecordsCallsPerSecondPerShard * kMaxRecordsPerGetRecords);
    out.call_rate = (behind > 0)
                        .select(ArrayXd::Constant(n, kGetRecordsCallsPerSecondPerShard),
                                ArrayXd::Constant(n, kLambdaCaughtUpCallsPerS));
  }
}
}  // namespace

FluidServiceRates fluid_service_rates(const ConsumerSpec& spec, const Scenario& scenario,
                                      const ArrayXd& records_per_s, const ArrayXd& bytes_per_record,
                                      const ArrayXd& behind, const ArrayXd& hot_lane_share) {
  FluidServiceRates out;
  switch (spec.type) {
    case ConsumerType::kPolling:
      polling(spec, scenario, records_per_s, bytes_per_record, behind, out);
      break;
    case ConsumerType::kEfo:
      enhanced_fan_out(spec, scenario, records_per_s, bytes_per_record, out);
      break;
    case ConsumerType::kLambda:
      lambda_mapping(spec, bytes_per_record, behind, hot_lane_share, out);
      break;
  }
  return out;
}

}  // namespace kds::models
