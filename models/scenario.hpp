// The typed, validated scenario: what tools/scenario_loader.cpp builds from the JSON file once.
// Everything after the loader (sim/, reports/) reads these structs and never sees JSON.
// Units are base units: seconds, bytes, records, USD. Field names copy the SPEC's JSON keys
// (../shared/SPEC.md §2) so that one grep finds the key, the field and the rule.
#ifndef KDS_MODELS_SCENARIO_HPP_
#define KDS_MODELS_SCENARIO_HPP_

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/autoscaler_spec.hpp"
#include "models/cloudwatch_alarm.hpp"
#include "models/downstream_output.hpp"
#include "models/firehose_delivery_stream.hpp"
#include "models/kcl_lease_table.hpp"
#include "models/lesson.hpp"
#include "models/plan_spec.hpp"

namespace kds::models {

enum class StreamMode { kProvisioned, kOnDemand };

// Aggregate user records/s of a producer group as a function of simulated time.
struct RateSpec {
  enum class Kind { kConstant, kSteps, kRamp, kDiurnal, kTrace };
  Kind kind = Kind::kConstant;
  double constant_per_s = 0;  // kConstant
  std::vector<std::pair<double, double>>
      steps;  // kSteps: (from_s, records/s), from_s ascending, first 0
  double ramp_from_per_s = 0,
         ramp_to_per_s = 0;  // kRamp: linear from t=0 to t=ramp_over_s, then flat
  double ramp_over_s = 0;
  double diurnal_mean_per_s = 0;  // kDiurnal: mean*(1+amplitude*cos(2pi(t-peak_at)/period))
  double diurnal_amplitude = 0;   // 0..1
  double diurnal_period_s = 86400;
  double diurnal_peak_at_s = 0;
  std::vector<double> trace_per_s;  // kTrace: one rate per period (Sum / period)
  double trace_period_s = 60;
};

// Data bytes per user record (the partition key is extra, see KeySpec::key_bytes).
struct RecordSizeSpec {
  enum class Kind { kFixed, kUniform, kLognormal };
  Kind kind = Kind::kFixed;
  double fixed_bytes = 0;
  double uniform_min_bytes = 0, uniform_max_bytes = 0;
  double lognormal_median_bytes = 0, lognormal_sigma = 0;
};

// Partition keys of a producer group.
struct KeySpec {
  enum class Kind { kRandom, kUniform, kZipf, kSingle };
  Kind kind = Kind::kRandom;
  int64_t count = 0;           // kUniform, kZipf: distinct keys, named "key-0" .. "key-<count-1>"
  double zipf_exponent = 1.0;  // kZipf
  std::string single_key;      // kSingle
};

enum class PutApi { kPutRecord, kPutRecords };
enum class Jitter { kFull, kEqual, kNone };
enum class Arrivals { kPoisson, kUniform };

struct ProducerSpec {
  std::string name;
  int instances = 1;  // processes sharing the group's rate
  RateSpec rate;
  Arrivals arrivals = Arrivals::kPoisson;
  RecordSizeSpec record_bytes;
  KeySpec keys;
  PutApi api = PutApi::kPutRecords;
  int max_records = 500;   // PutRecords entries per call, 1..500
  double linger_s = 0.05;  // how long an instance waits to fill a PutRecords call
  int max_attempts = 10;   // attempts per record, first one included
  double base_delay_s = 0.1;
  double max_delay_s = 5.0;
  Jitter jitter = Jitter::kFull;
  // KPL (SPEC §2 `kpl`, fact sheet §10): user records aggregated per shard into KDS records.
  bool kpl = false;                          // a "kpl" object was given
  bool kpl_aggregation = true;               // AggregationEnabled
  double kpl_max_buffered_time_s = 0.1;      // RecordMaxBufferedTime
  double kpl_aggregation_max_bytes = 51200;  // AggregationMaxSize
  bool aggregates() const { return kpl && kpl_aggregation; }
};

enum class ConsumerType { kPolling, kEfo, kLambda };
enum class StartPosition { kLatest, kTrimHorizon, kAtTimestamp };

// Time to process one batch: per_batch + per_record*records + per_mib*MiB, times (1 + U(-jitter,
// jitter)).
struct ProcessingSpec {
  double per_batch_s = 0;
  double per_record_s = 0;
  double per_mib_s = 0;
  double jitter = 0;
};

struct ConsumerSpec {
  std::string name;
  ConsumerType type = ConsumerType::kPolling;
  StartPosition start_position = StartPosition::kLatest;
  double at_timestamp_s = 0;  // kAtTimestamp
  double start_at_s = 0;      // when the application starts
  ProcessingSpec processing;
  // polling (KCL-style)
  int workers = 1;
  double idle_time_between_reads_s = 1.0;
  int max_records = 10000;
  double checkpoint_every_s = 0;
  double failover_time_s = 10.0;
  double throttle_backoff_s = 1.0;  // extension: wait after ReadProvisionedThroughputExceeded
  // Extension: KCL 2.x/3.x prefetch (models/record_processor.hpp); false: KCL 1.x, the next
  // GetRecords waits for the batch to be processed.
  bool prefetch = true;
  LeaseTableSpec lease_table;  // the KCL's DynamoDB table (polling apps; on demand by default)
  // lambda (event source mapping, fact sheet §8)
  int batch_size = 100;            // BatchSize 1..10000
  double batching_window_s = 0;    // MaximumBatchingWindowInSeconds 0..300
  int parallelization_factor = 1;  // 1..10 concurrent batches per shard
  bool use_efo = false;            // read through a registered (EFO) consumer
  double per_invoke_s = 0.01;      // duration.per_invoke
  double per_record_invoke_s = 0;  // duration.per_record
  int concurrency_limit = 1000;    // concurrent invocations across the mapping
  double error_rate = 0;           // probability that an invocation fails
  double poison_records = 0;       // fraction of records that always fail
  int max_retry_attempts = -1;     // -1: until the record expires
  double max_record_age_s = -1;    // -1: infinite
  bool bisect_on_error = false;
  bool report_batch_item_failures = false;
  std::string on_failure = "none";  // none, sqs, sns, s3
  int memory_mb = 128;              // Lambda MemorySize 128..10240 (pipeline cost)
  bool arm64 = false;               // Architectures: arm64 instead of x86_64 (pipeline cost)
  // type "firehose": a delivery stream reading through GetRecords, run as a polling app with
  // Firehose's settings (one call a second per shard, from LATEST, no processing time).
  std::optional<FirehoseSpec> firehose;
  std::optional<OutputSpec> output;  // lambda: where the function sends what it processed
  bool uses_efo_pipe() const {
    return type == ConsumerType::kEfo || (type == ConsumerType::kLambda && use_efo);
  }
};

// Service-side timing and accounting choices the fact sheet does not pin down (all parameters).
struct ServiceSpec {
  double put_latency_s = 0.02;  // PutRecord(s) round trip: throttled entries are known after it
  double get_records_latency_s = 0.05;  // GetRecords round trip: records reach the app after it
  double propagation_s = 0.025;         // a stored record becomes readable this long after arrival
  double efo_push_latency_s =
      0.045;                   // readable -> SubscribeToShardEvent at the app (T17: 70 ms in all)
  double write_burst_s = 1.0;  // shard write bucket holds this many seconds of the limit
  double read_burst_s = 1.0;   // shard read bucket holds this many seconds of 2 MiB/s
  int random_key_bytes = 36;   // length of a "random" partition key (a UUID string)
  // Control plane (fact sheet §4, §5): how long each asynchronous update keeps the stream UPDATING
  // before it takes effect. UpdateShardCount "could take a few minutes" [BOTO-KDS]; split, merge
  // and mode switch times are not documented (choices).
  double update_shard_count_duration_s = 180;
  double split_merge_duration_s = 30;
  double switch_mode_duration_s = 30;
  int max_scalings_per_24h = 10;      // UpdateShardCount per rolling 24 h (T12; 2 in old SDKs)
  int max_mode_switches_per_24h = 2;  // T13
  // On-demand scaling (fact sheet §4, T9-T11; the model is in models/on_demand_scaling.hpp).
  double on_demand_initial_write_mib_per_s = 4;  // T10: 4 MB/s write, 8 MB/s read
  double on_demand_scale_up_delay_s = 900;  // a new write peak becomes 2x capacity this much later
  double on_demand_split_delay_s = 900;     // T11: a shard over the threshold splits within 15 min
  double on_demand_split_threshold_bytes_per_s = 500 * 1024.0;  // T11: 500 KB/s per shard
  double on_demand_peak_window_s = 60;  // throughput is averaged over this window to find peaks
  double on_demand_peak_memory_s = 30 * 86400.0;  // "the previous 30 days"
  // CloudWatch (SPEC §4 alarms): how long after a period ends its datapoint reaches an alarm's
  // action (an autoscaler). KDS publishes minute metrics and CloudWatch evaluates alarms every
  // minute; the lag is not documented (a choice, UNCERTAIN). Alarm transitions themselves are
  // timestamped at the end of the period that caused them.
  double alarm_action_delay_s = 60;
};

// A scheduled action (SPEC §2 events[]).
struct EventSpec {
  enum class Kind {
    kStopConsumer,
    kStopProducer,
    kSetRetentionHours,
    kUpdateShardCount,
    kSplitShard,
    kMergeShards,
    kSwitchMode
  };
  Kind kind = Kind::kStopConsumer;
  double at_s = 0;
  std::string target;           // the consumer's or producer group's name
  std::optional<double> for_s;  // how long it stays stopped; absent: until the end of the run
  int worker = -1;              // stop_consumer of a polling app: one worker; -1: the whole app
  double retention_hours = 24;  // set_retention_hours
  int target_shard_count = 0;   // update_shard_count
  std::vector<std::string> shard_ids;       // split_shard: one; merge_shards: two
  StreamMode mode = StreamMode::kOnDemand;  // switch_mode
  double until_s() const { return for_s ? at_s + *for_s : 1e300; }
};

struct SloSpec {
  std::optional<double> max_iterator_age_s;
  // Per consumer: the largest propagation delay of any record, and the p99 over the run (seconds).
  std::optional<double> max_propagation_delay_s;
  std::optional<double> p99_propagation_delay_s;
  std::optional<double> max_write_throttle_ratio;
  std::optional<int64_t> max_lost_records;
};

// Unit prices in USD; loaded from pricing/<region>.json and overridden by name from the scenario.
struct PriceTable {
  std::string region;
  std::string prices_date;
  double shard_hour = 0;                     // provisioned
  double put_payload_unit_per_million = 0;   // provisioned, 25 KB units
  double extended_retention_shard_hour = 0;  // provisioned, retention 24 h..7 d
  double long_term_retention_gb_month = 0;   // both modes, retention beyond 7 d
  double efo_consumer_shard_hour = 0;        // provisioned
  double efo_data_gb = 0;                    // provisioned
  double on_demand_stream_hour = 0;
  double on_demand_data_in_gb = 0;
  double on_demand_data_out_gb = 0;
  double on_demand_efo_data_gb = 0;
  double on_demand_extended_retention_gb_month = 0;
  // On-demand Advantage (planning.md §3.2; third-party figures, UNCERTAIN): no stream-hour charge,
  // lower per-GB rates, and an account-wide minimum throughput billed as a shortfall.
  double advantage_data_in_gb = 0;
  double advantage_data_out_gb = 0;
  double advantage_efo_data_gb = 0;
  double advantage_extended_retention_gb_month = 0;
  double advantage_minimum_commitment_mib_per_s = 0;  // on ingest and on retrieval, each
  std::string advantage_prices_date;
  // The services around the stream (pipeline.md §3; SPEC §4 cost.pipeline).
  std::string pipeline_prices_date;
  double lambda_request_per_million = 0;  // each ESM batch invocation is one request
  double lambda_gb_second_x86 = 0;        // first tier; duration billed per 1 ms, rounded up
  double lambda_gb_second_arm = 0;
  double firehose_ingest_gb = 0;              // KDS as source, first 500 TB/month
  double firehose_record_rounding_bytes = 5120;  // each record rounded up to 5 KB
  double sqs_standard_request_per_million = 0;
  double sqs_fifo_request_per_million = 0;
  double sqs_request_chunk_bytes = 65536;  // each 64 KB of a payload is one request
  double sns_publish_per_million = 0;      // on-failure destination
  double s3_put_per_thousand = 0;          // on-failure destination
  double eventbridge_event_per_million = 0;
  double dynamodb_write_request_per_million = 0;  // on demand (WRU); the KCL lease table
  double dynamodb_read_request_per_million = 0;   // on demand (RRU)
  double dynamodb_wcu_hour = 0;                   // provisioned
  double dynamodb_rcu_hour = 0;
  double eventbridge_event_chunk_bytes = 65536;  // a 256 KB event counts as 4
  double put_payload_unit_bytes = 25000;  // "25KB" chunk; KB read as 1,000 B so 1 MB -> 40 (P2)
  double on_demand_data_in_rounding_bytes = 1024;  // each record rounded up to 1 KB = 1,024 B (P3)
};

// The payload an output's target bills as one request or event (64 KB for both, by default).
inline double output_chunk_bytes(const OutputSpec& output, const PriceTable& prices) {
  return output.target == OutputSpec::Target::kEventBridge ? prices.eventbridge_event_chunk_bytes
                                                           : prices.sqs_request_chunk_bytes;
}

struct ReportSpec {
  double interval_s = 60;     // metrics period, CloudWatch's is 60 s
  bool shard_metrics = true;  // per-shard rows in metrics.csv; the loader's default: shards <= 100
};

struct EngineSpec {
  double time_slice_s = 1.0;  // write path advances in slices of this length
};

// The scenario file's spelling of the enums (SPEC §2), for the writers.
inline const char* stream_mode_name(StreamMode mode) {
  return mode == StreamMode::kOnDemand ? "ON_DEMAND" : "PROVISIONED";
}
// On-demand Advantage is an account setting over on-demand streams (fact sheet §4 Modes): the
// simulator runs it as kOnDemand with Scenario::on_demand_advantage set.
inline const char* stream_mode_name(StreamMode mode, bool on_demand_advantage) {
  return mode == StreamMode::kOnDemand && on_demand_advantage ? "ON_DEMAND_ADVANTAGE"
                                                               : stream_mode_name(mode);
}
inline const char* consumer_type_name(ConsumerType type) {
  switch (type) {
    case ConsumerType::kEfo:
      return "efo";
    case ConsumerType::kLambda:
      return "lambda";
    case ConsumerType::kPolling:
      break;
  }
  return "polling";
}
inline const char* consumer_type_name(ConsumerType type, bool firehose) {
  return firehose ? "firehose" : consumer_type_name(type);
}

struct Scenario {
  std::string name;
  std::string description;
  std::string base_dir;  // folder of the scenario file (trace CSV paths are relative to it)
  double duration_s = 0;
  uint64_t seed = 1;
  StreamMode mode = StreamMode::kProvisioned;
  int shards = 0;  // PROVISIONED: open shards at start; ON_DEMAND: derived from the capacity
  std::optional<double> previous_peak_mib_per_s;  // ON_DEMAND: write peak of the previous 30 days
  double on_demand_max_write_mib_per_s = 200;     // regional maximum (fact sheet §4)
  // ON_DEMAND_ADVANTAGE (fact sheet §4): the account's minimum throughput commitment is on, so
  // on-demand time is billed at Advantage prices, 50 registered consumers are allowed, and the
  // stream may be kept warm: its write capacity never drops below warm_throughput_mib_per_s.
  bool on_demand_advantage = false;
  std::optional<double> warm_throughput_mib_per_s;
  double retention_hours = 24;
  int max_record_size_kib = 1024;
  std::vector<ProducerSpec> producers;
  std::vector<ConsumerSpec> consumers;
  std::vector<EventSpec> events;  // in file order
  std::vector<AlarmSpec> alarms;  // evaluated on the finished run
  std::optional<AutoscalerSpec> autoscaler;  // PROVISIONED streams only
  ServiceSpec service;
  SloSpec slo;
  PriceTable prices;
  ReportSpec report;
  EngineSpec engine;
  std::optional<PlanSpec> plan;  // `kds-sim plan` only; `run` ignores it
  std::optional<LessonSpec> lesson;
  std::vector<ExpectSpec> expect;  // checked on summary.json after a run

  // The on-demand write capacity before any peak: the initial capacity, or the warm throughput.
  double on_demand_floor_write_mib_per_s() const {
    return std::max(service.on_demand_initial_write_mib_per_s,
                    warm_throughput_mib_per_s.value_or(0.0));
  }
};

}  // namespace kds::models

#endif  // KDS_MODELS_SCENARIO_HPP_
