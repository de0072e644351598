// Consumer applications (SPEC §2 consumers[]). Common keys first, then the keys of the type. This
// version simulates polling (GetRecords, KCL-style), enhanced fan-out and Lambda consumers. Their
// keys are still checked (lambda's against the Lambda API's ranges, fact sheet §8) so that a
// scenario written today reports every problem at once and keeps working when the type arrives.
#include <algorithm>
#include <climits>
#include <cmath>

#include "models/limits.hpp"
#include "models/units.hpp"
#include "tools/duration.hpp"
#include "tools/scenario_sections.hpp"

namespace kds::front {
namespace models = kds::models;
namespace {

const std::vector<std::string> kPollingKeys = {"workers",       "idle_time_between_reads",
                                               "max_records",   "checkpoint_every",
                                               "failover_time", "throttle_backoff",
                                               "prefetch",      "lease_table"};
const std::vector<std::string> kLambdaKeys = {
    "batch_size",     "batching_window", "parallelization_factor",
    "use_efo",        "duration",        "concurrency_limit",
    "error_rate",     "poison_records",  "max_retry_attempts",
    "max_record_age", "bisect_on_error", "report_batch_item_failures",
    "on_failure",     "memory_mb",       "architecture"};
const std::vector<std::string> kFirehoseKeys = {"buffer_size", "buffer_interval",
                                                "delivery_latency", "transform"};

void load_start_position(const nlohmann::json& value, const Pointer& at,
                         models::ConsumerSpec& consumer, Problems& problems) {
  if (value.is_object()) {
    ObjectReader r(value, at, problems);
    if (const auto at_s = r.duration("at_timestamp", Bounds::at_least(0), Need::kRequired)) {
      consumer.start_position = models::StartPosition::kAtTimestamp;
      consumer.at_timestamp_s = *at_s;
    }
    r.finish();
    return;
  }
  // Fact sheet §2 (ShardIteratorType) and §12: the KCL's own default differs between code paths,
  // so the scenario states it; LATEST when absent.
  const auto position = read_choice(value, at, {"LATEST", "TRIM_HORIZON"}, problems);
  if (position) {
    consumer.start_position =
        *position == 0 ? models::StartPosition::kLatest : models::StartPosition::kTrimHorizon;
  }
}

void load_processing(const nlohmann::json& value, const Pointer& at, models::ProcessingSpec& spec,
                     Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  assign(spec.per_batch_s, r.duration("per_batch", Bounds::at_least(0)));
  assign(spec.per_record_s, r.duration("per_record", Bounds::at_least(0)));
  assign(spec.per_mib_s, r.duration("per_mib", Bounds::at_least(0)));
  // Beyond 1 the noise factor (1 + U(-jitter, jitter)) could make a processing time negative.
  assign(spec.jitter, r.number("jitter", Bounds::between(0, 1)));
  r.finish();
}

void load_polling_keys(ObjectReader& r, models::ConsumerSpec& consumer) {
  // A worker beyond the most shards a stream can have would never hold a lease, and each worker is
  // an actor (the engine's limit is checked over the whole scenario).
  assign(consumer.workers,
         r.integer("workers", Bounds::between(1, models::kMaxShardsPerStream,
                                              "a worker holds at least one lease and a stream "
                                              "has at most 10,000 shards, fact sheet §5")));
  assign(consumer.idle_time_between_reads_s,
         r.duration("idle_time_between_reads",
                    Bounds::at_least(models::kMinIdleTimeBetweenReadsS,
                                     "KCL minimum MIN_IDLE_MILLIS_BETWEEN_READS, fact sheet §9")));
  assign(consumer.max_records,
         r.integer("max_records", Bounds::between(1, models::kMaxRecordsPerGetRecords,
                                                  "GetRecords Limit, fact sheet T6")));
  assign(consumer.checkpoint_every_s, r.duration("checkpoint_every", Bounds::at_least(0)));
  // The KCL renews leases every failover_time / 3 - 25 ms: that must stay positive.
  assign(consumer.failover_time_s,
         r.duration("failover_time",
                    Bounds::above(0.075, "KCL renews every failover_time / 3 - 25 ms")));
  assign(consumer.throttle_backoff_s, r.duration("throttle_backoff", Bounds::at_least(0)));
  assign(consumer.prefetch, r.boolean("prefetch"));
  if (const nlohmann::json* table = r.get("lease_table")) {
    if (expect_object(*table, r.at("lease_table"), r.problems())) {
      ObjectReader t(*table, r.at("lease_table"), r.problems());
      const auto mode = t.choice("mode", {"ON_DEMAND", "PROVISIONED"}, Need::kRequired);
      consumer.lease_table.provisioned = mode && *mode == 1;
      const Bounds units = Bounds::at_least(1, "DynamoDB capacity units");
      if (consumer.lease_table.provisioned) {
        assign(consumer.lease_table.write_capacity_units,
               t.integer("write_capacity_units", units, Need::kRequired));
        assign(consumer.lease_table.read_capacity_units,
               t.integer("read_capacity_units", units, Need::kRequired));
      } else {
        t.only_for({"write_capacity_units", "read_capacity_units"}, "only for mode PROVISIONED");
      }
      t.finish();
    }
  }
}

// Where the function sends what it processed (models/downstream_output.hpp): the target's quota
// by default, a batch call carries at most 10 messages (SendMessageBatch, PutEvents entries).
void load_output(const nlohmann::json& value, const Pointer& at, models::ConsumerSpec& consumer,
                 Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  models::OutputSpec output;
  const auto target = r.choice("type", {"sqs", "sqs_fifo", "eventbridge"}, Need::kRequired);
  if (target) output.target = static_cast<models::OutputSpec::Target>(*target);
  if (const auto per = r.choice("per", {"record", "batch"})) output.per_record = *per == 0;
  assign(output.messages_per_call,
         r.integer("messages_per_call",
                   Bounds::between(1, 10, "SendMessageBatch and PutEvents take 10 at most")));
  if (const auto ht = r.boolean("high_throughput")) {
    if (*ht && target && output.target != models::OutputSpec::Target::kSqsFifo)
      problems.add(r.at("high_throughput"), "applies to type sqs_fifo only");
    output.high_throughput = *ht;
  }
  output.max_calls_per_s = models::default_calls_per_s(output.target, output.high_throughput);
  assign(output.max_calls_per_s, r.number("max_calls_per_s", Bounds::above(0)));
  r.finish();
  consumer.output = output;
}

// Lambda event source mapping settings, checked against the Lambda API (fact sheet §8).
void load_lambda_keys(ObjectReader& r, models::ConsumerSpec& consumer) {
  const std::string limit = "Lambda limit";
  assign(consumer.batch_size,
         r.integer("batch_size", Bounds::between(1, 10000, limit)));  // BatchSize
  assign(consumer.batching_window_s, r.duration("batching_window", Bounds::between(0, 300, limit)));
  assign(consumer.parallelization_factor,
         r.integer("parallelization_factor", Bounds::between(1, 10, limit)));
  assign(consumer.use_efo, r.boolean("use_efo"));
  if (const nlohmann::json* duration = r.get("duration")) {
    if (expect_object(*duration, r.at("duration"), r.problems())) {
      ObjectReader d(*duration, r.at("duration"), r.problems());
      // An invocation of no time would let one lane run without bound within a step.
      assign(consumer.per_invoke_s,
             d.duration("per_invoke", Bounds::between(0.001, 900, "Lambda timeout 15 min")));
      assign(consumer.per_record_invoke_s, d.duration("per_record", Bounds::at_least(0)));
      // A full batch's invocation must end within Lambda's 15-minute timeout (a longer one would
      // be killed and retried for ever; the run would also hold it slice by slice).
      const double full_batch_s =
          consumer.per_invoke_s + consumer.per_record_invoke_s * consumer.batch_size;
      if (full_batch_s > 900) {
        r.problems().add(r.at("duration") / "per_record",
                         "per_invoke + batch_size x per_record must be <= 900 s (Lambda timeout "
                         "15 min), got " + format_duration(full_batch_s));
      }
      d.finish();
    }
  }
  if (const auto limit_value = r.integer("concurrency_limit", Bounds::at_least(1))) {
    consumer.concurrency_limit = static_cast<int>(std::min<int64_t>(*limit_value, INT_MAX));
  }
  assign(consumer.error_rate, r.number("error_rate", Bounds::between(0, 1)));
  assign(consumer.poison_records, r.number("poison_records", Bounds::between(0, 1)));
  assign(consumer.max_retry_attempts,
         r.integer("max_retry_attempts", Bounds::between(-1, 10000, limit)));
  // MaximumRecordAgeInSeconds: -1 (infinite) or 60..604800 s; 0..59 are refused.
  if (const nlohmann::json* age = r.get("max_record_age")) {
    const bool infinite = age->is_number() && age->get<double>() == -1;
    const DurationResult parsed = parse_duration(*age);
    if (!infinite && (!parsed.seconds || *parsed.seconds < 60 || *parsed.seconds > 604800)) {
      r.problems().add(r.at("max_record_age"), "must be -1 (infinite) or 60s..7d (" + limit +
                                                   "), got " + describe_value(*age));
    } else if (!infinite) {
      consumer.max_record_age_s = *parsed.seconds;
    }
  }
  // MemorySize 128..10,240 MB and the architecture: what the pipeline cost bills per GB-second.
  assign(consumer.memory_mb, r.integer("memory_mb", Bounds::between(128, 10240, limit)));
  if (const auto arch = r.choice("architecture", {"x86_64", "arm64"})) consumer.arm64 = *arch == 1;
  assign(consumer.bisect_on_error, r.boolean("bisect_on_error"));
  assign(consumer.report_batch_item_failures, r.boolean("report_batch_item_failures"));
  const std::vector<std::string> destinations = {"none", "sqs", "sns", "s3"};
  if (const auto d = r.choice("on_failure", destinations)) consumer.on_failure = destinations[*d];
}

// Amazon Data Firehose with the stream as its source (pipeline.md §4.1): a GetRecords call per
// shard every second, from LATEST, no processing of its own; BufferingHints within the API's
// ranges; an optional transformation Lambda.
void load_firehose_keys(ObjectReader& r, models::ConsumerSpec& consumer) {
  models::FirehoseSpec firehose;
  if (const auto mib = r.integer("buffer_size", Bounds::between(models::kFirehoseMinBufferMiB,
                                                                  models::kFirehoseMaxBufferMiB,
                                                                  "BufferingHints SizeInMBs"))) {
    firehose.buffer_size_bytes = *mib * models::kBytesPerMiB;
  }
  assign(firehose.buffer_interval_s,
         r.duration("buffer_interval", Bounds::between(0, models::kFirehoseMaxBufferIntervalS,
                                                       "BufferingHints IntervalInSeconds")));
  if (firehose.buffer_interval_s != std::floor(firehose.buffer_interval_s))
    r.problems().add(r.at("buffer_interval"),
                     "must be a whole number of seconds (IntervalInSeconds is an integer), got " +
                         format_duration(firehose.buffer_interval_s));
  assign(firehose.delivery_latency_s, r.duration("delivery_latency", Bounds::between(0, 3600)));
  if (const nlohmann::json* transform = r.get("transform")) {
    if (expect_object(*transform, r.at("transform"), r.problems())) {
      ObjectReader t(*transform, r.at("transform"), r.problems());
      firehose.transform = true;
      assign(firehose.transform_per_invoke_s,
             t.duration("per_invoke", Bounds::between(0.001, 300, "Firehose invokes it up to 5 min"),
                        Need::kRequired));
      if (const auto mib = t.number("buffer_size", Bounds::between(1, 3, "transformation buffer")))
        firehose.transform_buffer_bytes = *mib * models::kBytesPerMiB;
      assign(firehose.transform_per_record_s, t.duration("per_record", Bounds::at_least(0)));
      assign(firehose.transform_memory_mb,
             t.integer("memory_mb", Bounds::between(128, 10240, "Lambda limit")));
      t.finish();
    }
  }
  consumer.firehose = firehose;
  consumer.workers = 1;
  consumer.idle_time_between_reads_s = 1.0;  // "once per second for each shard"
  consumer.max_records = 10000;
  consumer.start_position = models::StartPosition::kLatest;  // "starts reading ... LATEST"
  consumer.processing = {};
}

}  // namespace

const std::vector<std::string>& polling_consumer_keys() {
  return kPollingKeys;
}

void load_consumer(const nlohmann::json& value, const Pointer& at, const SectionContext& context,
                   models::ConsumerSpec& consumer, Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  assign(consumer.name, read_entity_name(r));
  const auto type = r.choice("type", {"polling", "efo", "lambda", "firehose"});
  const bool firehose = type && *type == 3;
  if (type) consumer.type = firehose ? models::ConsumerType::kPolling
                                     : static_cast<models::ConsumerType>(*type);
  if (const nlohmann::json* position = r.get("start_position")) {
    load_start_position(*position, r.at("start_position"), consumer, problems);
  }
  Bounds start_bounds = Bounds::at_least(0);
  if (context.duration_s) start_bounds = start_bounds.and_at_most(*context.duration_s, true);
  assign(consumer.start_at_s, r.duration("start_at", start_bounds));
  if (const nlohmann::json* processing = r.get("processing")) {
    load_processing(*processing, r.at("processing"), consumer.processing, problems);
  }

  if (r.has("type") && !type) {
    // The type is unreadable (already reported): accept every type's keys without checking them
    // rather than report each as belonging to another type.
    for (const auto* keys : {&kPollingKeys, &kLambdaKeys, &kFirehoseKeys}) {
      for (const std::string& key : *keys) r.get(key);
    }
    r.get("output");
  } else if (firehose) {
    // Firehose reads from LATEST and has no processing time of its own.
    if (r.has("start_position"))
      problems.add(r.at("start_position"), "Firehose reads from LATEST, it takes no start_position");
    if (r.has("processing"))
      problems.add(r.at("processing"),
                   "Firehose has no processing time; use transform for a transformation Lambda");
    load_firehose_keys(r, consumer);
    r.only_for(kPollingKeys, "only for type polling");
    r.only_for(kLambdaKeys, "only for type lambda");
    r.only_for({"output"}, "only for types polling and lambda");
  } else if (consumer.type == models::ConsumerType::kPolling) {
    load_polling_keys(r, consumer);
    if (const nlohmann::json* output = r.get("output"))
      load_output(*output, r.at("output"), consumer, r.problems());
    r.only_for(kLambdaKeys, "only for type lambda");
    r.only_for(kFirehoseKeys, "only for type firehose");
  } else if (consumer.type == models::ConsumerType::kEfo) {
    r.only_for(kPollingKeys, "only for type polling");
    r.only_for(kLambdaKeys, "only for type lambda");
    r.only_for(kFirehoseKeys, "only for type firehose");
    r.only_for({"output"}, "only for types polling and lambda");
  } else {
    load_lambda_keys(r, consumer);
    if (const nlohmann::json* output = r.get("output"))
      load_output(*output, r.at("output"), consumer, r.problems());
    r.only_for(kPollingKeys, "only for type polling");
    r.only_for(kFirehoseKeys, "only for type firehose");
  }
  r.finish();
}

}  // namespace kds::front
