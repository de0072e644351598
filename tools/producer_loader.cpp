// Producer groups (SPEC §2 producers[]). A group is `instances` processes sharing one aggregate
// rate; each record has a size, a partition key and goes out through PutRecord or PutRecords with
// retries. The rate is read in rate_loader.cpp. Every range that AWS enforces on a put request is
// enforced here with its limit named, so that a scenario AWS would refuse is refused at load time.
#include <algorithm>
#include <climits>
#include <cstdint>

#include "models/limits.hpp"
#include "models/rate_pattern.hpp"
#include "tools/duration.hpp"
#include "tools/scenario_sections.hpp"

namespace kds::front {
namespace models = kds::models;
namespace {

// Simulator caps: large enough for any real group, small enough to keep a run's memory bounded.
constexpr int kMaxInstances = 10000;
constexpr int64_t kMaxDistinctKeys = 10000000;
constexpr double kMaxRateScale = 1e6;  // a simulator limit; the scaled rates are checked too

// Counts Unicode characters (code points) in UTF-8 text, as AWS measures a partition key's length.
size_t count_characters(const std::string& text) {
  size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;  // not a continuation byte
  }
  return count;
}

// The record-size limit as the messages name it (fact sheet §1, MaxRecordSizeInKiB).
std::string record_size_limit(const SectionContext& context) {
  return "record size limit: max_record_size_kib " +
         std::to_string(static_cast<int64_t>(*context.max_record_bytes / models::kBytesPerKiB)) +
         ", MaxRecordSizeInKiB";
}

// A size in bytes: a non-negative integer, and at most the record size limit when that is known.
Bounds size_bounds(const SectionContext& context) {
  if (!context.max_record_bytes) return Bounds::at_least(0);
  return Bounds::between(0, *context.max_record_bytes, record_size_limit(context));
}

void load_record_bytes(const nlohmann::json& value, const Pointer& at,
                       const SectionContext& context, models::RecordSizeSpec& size,
                       Problems& problems) {
  using Kind = models::RecordSizeSpec::Kind;
  if (value.is_number()) {
    size.kind = Kind::kFixed;
    assign(size.fixed_bytes, read_integer(value, at, size_bounds(context), problems));
    return;
  }
  const auto kind = read_variant(value, at, {"uniform", "lognormal"},
                                 "a number of bytes, {\"uniform\": [min, max]} or {\"lognormal\": "
                                 "{\"median\": B, \"sigma\": s}}",
                                 problems);
  if (kind == "uniform") {
    size.kind = Kind::kUniform;
    const nlohmann::json& range = value.at("uniform");
    const Pointer range_at = at / "uniform";
    if (!range.is_array() || range.size() != 2) {
      problems.add(range_at, "must be [min, max] in bytes, got " + describe_value(range));
      return;
    }
    const auto lo = read_integer(range[0], range_at / 0, Bounds::at_least(0), problems);
    const auto hi = read_integer(range[1], range_at / 1, size_bounds(context), problems);
    if (lo && hi && *hi < *lo) {
      problems.add(range_at / 1,
                   "must be >= min (" + std::to_string(*lo) + "), got " + std::to_string(*hi));
      return;
    }
    assign(size.uniform_min_bytes, lo);
    assign(size.uniform_max_bytes, hi);
  } else if (kind == "lognormal") {
    // Not capped at the record size limit: draws above it are rejected at run time, as the
    // service rejects them, which is the behaviour a lognormal scenario means to study.
    size.kind = Kind::kLognormal;
    const Pointer dist_at = at / "lognormal";
    if (!expect_object(value.at("lognormal"), dist_at, problems)) return;
    ObjectReader r(value.at("lognormal"), dist_at, problems);
    assign(size.lognormal_median_bytes, r.number("median", Bounds::above(0), Need::kRequired));
    assign(size.lognormal_sigma, r.number("sigma", Bounds::at_least(0), Need::kRequired));
    r.finish();
  }
}

void load_keys(const nlohmann::json& value, const Pointer& at, models::KeySpec& keys,
               Problems& problems) {
  using Kind = models::KeySpec::Kind;
  const Bounds count_bounds = Bounds::between(1, kMaxDistinctKeys, "simulator limit");
  const std::string forms =
      "\"random\", {\"uniform\": N}, {\"zipf\": {\"count\": N, \"exponent\": s}} or "
      "{\"single\": \"key\"}";
  if (value.is_string()) {
    if (value == "random") {
      keys.kind = Kind::kRandom;
    } else {
      std::string rule = "must be " + forms + ", got " + describe_value(value);
      if (closest_match(value.get<std::string>(), {"random"})) rule += "; did you mean \"random\"?";
      problems.add(at, rule);
    }
    return;
  }
  const auto kind = read_variant(value, at, {"uniform", "zipf", "single"}, forms, problems);
  if (kind == "uniform") {
    keys.kind = Kind::kUniform;
    assign(keys.count, read_integer(value.at("uniform"), at / "uniform", count_bounds, problems));
  } else if (kind == "zipf") {
    keys.kind = Kind::kZipf;
    if (!expect_object(value.at("zipf"), at / "zipf", problems)) return;
    ObjectReader r(value.at("zipf"), at / "zipf", problems);
    assign(keys.count, r.integer("count", count_bounds, Need::kRequired));
    assign(keys.zipf_exponent, r.number("exponent", Bounds::above(0)));
    r.finish();
  } else if (kind == "single") {
    keys.kind = Kind::kSingle;
    const auto key = read_string(value.at("single"), at / "single", problems);
    if (!key) return;
    const size_t length = count_characters(*key);
    if (length < 1 || length > static_cast<size_t>(models::kMaxPartitionKeyLength)) {
      // Fact sheet §1: PartitionKey is 1..256 Unicode characters [BOTO-KDS].
      problems.add(at / "single",
                   "must be 1..256 characters (partition key length, PutRecord "
                   "limit), got " +
                       std::to_string(length) + " characters");
      return;
    }
    keys.single_key = *key;
  }
}

void load_batching(const nlohmann::json& value, const Pointer& at, models::ProducerSpec& producer,
                   Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  const auto api = r.choice("api", {"PutRecord", "PutRecords"});
  if (api == size_t{0}) {
    // PutRecord sends one record per call and does not wait for others.
    producer.api = models::PutApi::kPutRecord;
    producer.max_records = 1;
    producer.linger_s = 0;
    if (const auto max_records = r.integer("max_records", Bounds::any());
        max_records && *max_records != 1) {
      problems.add(r.at("max_records"), "must be 1 with api PutRecord (one record per call), got " +
                                            std::to_string(*max_records));
    }
    r.only_for({"linger"}, "only for api PutRecords");
  } else {
    if (api) producer.api = models::PutApi::kPutRecords;
    // Fact sheet §1, T2: PutRecords takes at most 500 entries [BOTO-KDS].
    assign(producer.max_records,
           r.integer("max_records",
                     Bounds::between(1, models::kMaxRecordsPerPutRecords, "PutRecords limit")));
    assign(producer.linger_s, r.duration("linger", Bounds::at_least(0)));
  }
  r.finish();
}

void load_retry(const nlohmann::json& value, const Pointer& at, models::ProducerSpec& producer,
                Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  // Beyond INT_MAX attempts a record is retried for longer than any simulation: clamp, no error.
  if (const auto attempts = r.integer("max_attempts", Bounds::at_least(1))) {
    producer.max_attempts = static_cast<int>(std::min<int64_t>(*attempts, INT_MAX));
  }
  const Bounds delay = Bounds::above(0, "simulator limit").and_at_most(kMaxDelayS);
  const auto base = r.duration("base_delay", delay);
  assign(producer.base_delay_s, base);
  const auto max = r.duration("max_delay", delay);
  if (max && *max < producer.base_delay_s) {
    problems.add(r.at("max_delay"), "must be >= base_delay (" +
                                        format_duration(producer.base_delay_s) + "), got " +
                                        describe_value(value.at("max_delay")));
  } else {
    assign(producer.max_delay_s, max);
  }
  if (const auto jitter = r.choice("jitter", {"full", "equal", "none"})) {
    producer.jitter = static_cast<models::Jitter>(*jitter);
  }
  r.finish();
}

}  // namespace

// KPL aggregation and collection (fact sheet §10 [KPL-CONF]): AggregationMaxSize 64..10,485,760
// bytes (default 51,200), RecordMaxBufferedTime (default 100 ms). An aggregated record is a KDS
// record, so it must also fit the stream's maximum record size.
void load_kpl(const nlohmann::json& value, const Pointer& at, const SectionContext& context,
              models::ProducerSpec& producer, Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  assign(producer.kpl_aggregation, r.boolean("aggregation"));
  assign(producer.kpl_max_buffered_time_s,
         r.duration("max_buffered_time", Bounds::between(0.001, 60, "KPL RecordMaxBufferedTime")));
  double max_bytes = 10485760;
  if (context.max_record_bytes) max_bytes = std::min(max_bytes, *context.max_record_bytes);
  assign(producer.kpl_aggregation_max_bytes,
         r.integer(
             "aggregation_max_bytes",
             Bounds::between(64, max_bytes,
                             "KPL AggregationMaxSize, within the stream's maximum record size")));
  r.finish();
  producer.kpl = true;
}

void load_producer(const nlohmann::json& value, const Pointer& at, const SectionContext& context,
                   models::ProducerSpec& producer, Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  assign(producer.name, read_entity_name(r));
  assign(producer.instances,
         r.integer("instances", Bounds::between(1, kMaxInstances, "simulator limit")));
  if (const nlohmann::json* rate = r.get("rate", Need::kRequired)) {
    load_rate(*rate, r.at("rate"), context, producer.rate, problems);
  }
  // rate_scale (an extension): every rate of the group times this factor, traces included, so
  // that "the same day at 1.25x" needs no edited CSV (the planner's headroom uses it).
  if (const auto scale = r.number("rate_scale", Bounds::above(0).and_at_most(kMaxRateScale))) {
    models::scale_rate(producer.rate, *scale);
    if (!(models::peak_rate_per_s(producer.rate) <= kMaxRecordsPerS)) {
      problems.add(r.at("rate_scale"),
                   "the scaled rate must stay at most " + describe_value(nlohmann::json(kMaxRecordsPerS)) +
                       " records/s (simulator limit), got a peak of " +
                       describe_value(nlohmann::json(models::peak_rate_per_s(producer.rate))));
    }
  }
  if (const auto arrivals = r.choice("arrivals", {"poisson", "uniform"})) {
    producer.arrivals = *arrivals == 0 ? models::Arrivals::kPoisson : models::Arrivals::kUniform;
  }
  if (const nlohmann::json* size = r.get("record_bytes", Need::kRequired)) {
    load_record_bytes(*size, r.at("record_bytes"), context, producer.record_bytes, problems);
  }
  if (const nlohmann::json* keys = r.get("keys")) {
    load_keys(*keys, r.at("keys"), producer.keys, problems);
  }
  if (const nlohmann::json* batching = r.get("batching")) {
    load_batching(*batching, r.at("batching"), producer, problems);
  }
  if (const nlohmann::json* retry = r.get("retry")) {
    load_retry(*retry, r.at("retry"), producer, problems);
  }
  if (const nlohmann::json* kpl = r.get("kpl"))
    load_kpl(*kpl, r.at("kpl"), context, producer, problems);
  r.finish();
}

}  // namespace kds::front
