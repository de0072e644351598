// What a run produced: the totals and per-period series the report writers read. The engine fills
// it; reports/ never looks at the engine. Counts are user records, bytes are data bytes.
#ifndef KDS_MODELS_RUN_RESULT_HPP_
#define KDS_MODELS_RUN_RESULT_HPP_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/histogram.hpp"
#include "models/propagation_delay.hpp"
#include "models/scenario.hpp"

namespace kds::models {

// Per-period values of one dimension (the stream, a shard or a consumer). Index = period number.
struct PeriodSeries {
  std::vector<double> incoming_records, incoming_bytes, write_throttled_records;
  std::vector<double> read_throttled_calls, outgoing_records, outgoing_bytes;
  void resize(size_t periods) {
    for (auto* v : {&incoming_records, &incoming_bytes, &write_throttled_records,
                    &read_throttled_calls, &outgoing_records, &outgoing_bytes})
      v->assign(periods, 0.0);
  }
};

struct ShardResult {
  std::string shard_id;
  std::vector<std::string> parent_shard_ids;  // the shards it was split or merged from
  std::string starting_hash_key, ending_hash_key;
  double opened_s = 0;
  double closed_s = -1;  // -1: still open at the end
  int64_t incoming_records = 0;
  double incoming_bytes = 0;
  int64_t write_throttled_records = 0;
  int64_t read_throttled_calls = 0;
  // Whether the shard was open at some time in [from_s, to_s): CloudWatch has its datapoints
  // only then.
  bool open_during(double from_s, double to_s) const {
    return to_s > opened_s && (closed_s < 0 || from_s < closed_s);
  }
  PeriodSeries periods;                          // filled only when ReportSpec::shard_metrics
  std::vector<float> write_throttled_by_period;  // always filled: the report's shard x time heatmap
};

// One Lambda invocation, kept for the first invocations of a run so that tests and users can check
// the delivery order per lane (per key) and per shard.
struct LambdaInvocation {
  int shard;
  int lane;
  double started_s;
  double first_arrival_s;
  double last_arrival_s;
};

struct LambdaResult {
  double invocations = 0;
  double errors = 0;
  double retries = 0;
  double throttles = 0;
  int max_concurrency = 0;
  int64_t records_sent_to_on_failure = 0;
  int64_t batches_sent_to_on_failure = 0;  // one message (or object) per discarded batch
  double billed_duration_s = 0;  // invocations' durations, each rounded up to 1 ms (GB-s cost)
  std::vector<double> concurrent_executions;        // per period: the largest number of busy lanes
  std::vector<LambdaInvocation> first_invocations;  // at most kMaxLoggedInvocations
  static constexpr size_t kMaxLoggedInvocations = 50000;
};

// When a consumer got a shard's records: the first and last delivery (for Lambda, the end of the
// invocation). Across a reshard a child's first delivery must not precede its parents' last (T20).
struct DeliverySpan {
  double first_s = 0;
  double last_s = 0;
  int64_t records = 0;
};

struct ConsumerResult {
  std::string name;
  ConsumerType type = ConsumerType::kPolling;
  std::optional<FirehoseResult> firehose;  // type "firehose" (a polling app with a buffer)
  std::optional<LeaseTableResult> lease_table;  // polling (KCL) apps: their DynamoDB table
  OutputResult output;  // consumers[].output: what the app or function sent downstream
  int64_t records_processed = 0;
  double bytes_read = 0;
  int64_t get_records_calls = 0;  // GetRecords calls; SubscribeToShard calls for enhanced fan-out
  int64_t read_throttled_calls = 0;
  int64_t lost_records = 0;
  int64_t duplicate_records =
      0;  // delivered again after a failover or restart (from the checkpoint)
  std::vector<double> lease_takeover_delays_s;
  int64_t leases_stolen = 0;  // polling: leases a worker took from a live one to even the load
  double efo_consumer_shard_hours = 0;  // enhanced fan-out only: billed per consumer-shard-hour
  LambdaResult
      lambda;  // type lambda only  // per lease taken from a stopped worker: stop -> takeover
  Histogram iterator_age_ms;         // one sample per served call
  double final_iterator_age_ms = 0;  // the largest last sample over the app's shards
  PropagationDelays propagation_delay_ms;  // weighted by records; over the run and per period
  // At the end of the run, how long the oldest record the consumer had not processed had waited
  // (0: none was left). Its propagation delay is at least this: max_propagation_delay counts it.
  double oldest_unprocessed_age_ms = 0;
  PeriodSeries periods;              // outgoing_* and read_throttled_calls
  // Per period; -1 where the app made no served call. GetRecords.IteratorAgeMilliseconds for
  // polling apps, SubscribeToShardEvent.MillisBehindLatest for enhanced fan-out.
  std::vector<double> max_iterator_age_ms;
  // Per period, polling apps: MillisBehindLatest as the KCL reports it (how far the last fetched
  // record is behind the shard's tip at fetch time), the period maximum; -1 where no served call.
  std::vector<double> max_millis_behind_latest;
  std::vector<DeliverySpan> shard_delivery_spans;  // per shard index
};

// A resharding or mode-switch request refused as AWS would refuse it (SPEC §2 events[]).
struct RefusedEvent {
  double at_s;
  std::string action;  // e.g. "update_shard_count 21"
  std::string reason;  // the rule, in AWS's words where it has them
};

// An UpdateShardCount request, from a scheduled event or the autoscaler (summary.json
// stream.scaling_actions[]). Accepted requests complete at completed_s (the slice boundary at which
// the new shards open); one still kAccepted when the run ends was in progress.
struct ScalingAction {
  // kAccepted: UPDATING, due at completed_s; kApplied: the new shards opened at completed_s.
  enum class Outcome { kPending, kAccepted, kApplied, kRefused };
  double at_s = 0;
  int from = 0;  // open shards when the request was made
  int to = 0;    // TargetShardCount
  std::string by;  // "events" or "autoscaler:<policy>"
  Outcome outcome = Outcome::kPending;
  std::string reason;   // why the service refused it
  std::string trigger;  // autoscaler: the alarm or vote that made it
  double completed_s = -1;
  bool accepted() const { return outcome == Outcome::kAccepted || outcome == Outcome::kApplied; }
};

struct StreamResult {
  int shards_initial = 0;
  int shards_final = 0;
  double shard_hours = 0;
  int64_t incoming_records = 0;
  double incoming_bytes = 0;
  int64_t put_attempts = 0;               // records offered, retries included
  int64_t write_throttled_records = 0;    // throttled put attempts
  int64_t producer_dropped_records = 0;   // still throttled after the last attempt
  int64_t retries_waiting_at_end = 0;     // throttled records whose retry was due after the run
  int64_t oversize_rejected_records = 0;  // larger than max_record_size_kib, rejected by the API
  double put_calls = 0;                   // PutRecord/PutRecords requests (estimated from batching)
  int64_t stored_kds_records =
      0;  // KDS records stored: fewer than user records under KPL aggregation
  double put_payload_units = 0;          // provisioned billing, 25 KB chunks per record
  double on_demand_billed_in_bytes = 0;  // on-demand billing, each record rounded up to 1 KB
  PeriodSeries periods;
  std::vector<double> open_shard_count;   // per period: shards open at its end (OpenShardCount)
  std::vector<double> open_shard_hours;   // per period: what provisioned mode bills
  std::vector<double> on_demand_seconds;  // per period: time the stream was in ON_DEMAND mode
  // Per period, at its end: stream write capacity (open shards x 1 MiB/s and x 1,000 records/s
  // when provisioned; the on-demand capacity when on demand).
  std::vector<double> write_capacity_bytes_per_s, write_capacity_records_per_s;
  std::vector<double> put_payload_units_by_period;
  std::vector<double> on_demand_billed_in_bytes_by_period;
  StreamMode mode_final = StreamMode::kProvisioned;
  std::vector<RefusedEvent> refused_events;  // control-plane requests the service would refuse
  std::vector<ScalingAction> scaling_actions;  // in the order the control plane took them
  // An accepted request still UPDATING when the run ended (never applied); `reason` is empty.
  std::optional<RefusedEvent> update_in_progress_at_end;
  double update_completes_at_s = 0;
};

struct RunResult {
  double duration_s = 0;
  double interval_s = 60;
  size_t periods = 0;
  StreamResult stream;
  std::vector<ShardResult> shards;
  std::vector<ConsumerResult> consumers;
  std::vector<AlarmResult> alarms;  // the scenario's alarms, then the autoscaler's own
};

}  // namespace kds::models

#endif  // KDS_MODELS_RUN_RESULT_HPP_
