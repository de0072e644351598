// Per-item costs, measured with /usr/bin/time on the release build (peak RSS):
// - a small run: 37 MiB (the binary, SimGrid, the price tables);
// - 10,000 shards with one polling app: +28 MB, about 2.8 KB a shard;
// - 10,000 polling workers: +94 MB, about 9.4 KB an actor (its stack pages and lease state);
// - a day at a 1 s report interval on 10 shards with shard metrics: metrics.csv 288 MB, peak
//   665 MB: the text is built whole before it is written, and its pieces cost about twice its size.
// Each figure below rounds those up. The series sizes follow models/run_result.hpp.
#include "models/memory_estimate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "models/limits.hpp"
#include "models/producer_group.hpp"
#include "models/rate_pattern.hpp"

namespace kds::models {

namespace {
constexpr double kBaseBytes = 40.0 * 1024 * 1024;
constexpr double kBytesPerShard = 3.0 * 1024;            // stream, write limits, heatmap slots
constexpr double kBytesPerShardAndConsumer = 1024;       // leases, EFO subscriptions, mappings
constexpr double kBytesPerLambdaLane = 256;              // a lane's buffer and counters
constexpr double kBytesPerActor = 16.0 * 1024;           // SimGrid context and a worker's state
constexpr double kStreamSeriesBytesPerPeriod = 16 * 8;   // 13 stream series of doubles
// Outgoing, throttles, ages, concurrency, delay max and p99, MillisBehindLatest.
constexpr double kConsumerSeriesBytesPerPeriod = 11 * 8;
constexpr double kHeatmapBytesPerShardPeriod = 4;        // write_throttled_by_period (float)
constexpr double kShardSeriesBytesPerPeriod = 6 * 8 + 2 * 8;  // PeriodSeries + consumers' outgoing
constexpr double kCsvRowBytes = 50;         // "86340,IncomingBytes,shardId-000000000001,1048576\n"
constexpr double kCsvCopies = 2;            // the text and its pieces while it is built
constexpr double kStreamRowsPerPeriod = 12;
constexpr double kConsumerRowsPerPeriod = 9;
constexpr double kShardRowsPerPeriod = 6;
constexpr double kLogEntryBytes = 48;       // a 24-byte slice entry in a ring that doubles
constexpr double kRetryEntryBytes = 32;     // PutOffer
constexpr double kUnreadHeldS = 900;        // what consumers that keep up leave unread, at most

double mean_record_bytes(const RecordSizeSpec& size) {
  switch (size.kind) {
    case RecordSizeSpec::Kind::kFixed:
      return size.fixed_bytes;
    case RecordSizeSpec::Kind::kUniform:
      return (size.uniform_min_bytes + size.uniform_max_bytes) / 2;
    case RecordSizeSpec::Kind::kLognormal:
      break;
  }
  return size.lognormal_median_bytes *
         std::exp(size.lognormal_sigma * size.lognormal_sigma / 2);
}

bool on_demand_at_some_point(const Scenario& scenario) {
  if (scenario.mode == StreamMode::kOnDemand) return true;
  for (const EventSpec& e : scenario.events)
    if (e.kind == EventSpec::Kind::kSwitchMode) return true;
  return false;
}

// Whether the producers' peak can exceed the starting write capacity (then retries pile up).
bool can_throttle(const Scenario& scenario) {
  if (on_demand_at_some_point(scenario)) return true;
  double records = 0, bytes = 0;
  for (const ProducerSpec& p : scenario.producers) {
    const double peak = peak_rate_per_s(p.rate);
    records += peak;
    bytes += peak * mean_record_bytes(p.record_bytes);
  }
  return records > scenario.shards * kShardWriteRecordsPerS ||
         bytes > scenario.shards * kShardWriteBytesPerS;
}

// Whether a consumer can fall far behind, so that the shard logs hold up to the retention period:
// it starts behind the tip or late, is stopped by an event, the shared reads ask more than
// 2 MiB/s a shard, or its processing takes half its time or more at the producers' peak. Else it
// stays within minutes of the tip.
bool a_consumer_can_fall_behind(const Scenario& scenario) {
  double records_per_s = 0, bytes_per_s = 0;
  for (const ProducerSpec& p : scenario.producers) {
    const double peak = peak_rate_per_s(p.rate);
    records_per_s += peak;
    bytes_per_s += peak * mean_record_bytes(p.record_bytes);
  }
  const double shards = std::max(1, scenario.shards);
  const double shard_records = records_per_s / shards, shard_bytes = bytes_per_s / shards;
  int shared_readers = 0;
  for (const ConsumerSpec& c : scenario.consumers) {
    if (c.start_position != StartPosition::kLatest || c.start_at_s > 0) return true;
    if (!c.uses_efo_pipe()) ++shared_readers;
    const double busy =
        c.type == ConsumerType::kLambda
            ? shard_records * c.per_record_invoke_s / c.parallelization_factor
            : shard_records * c.processing.per_record_s +
                  shard_bytes / kBytesPerMiB * c.processing.per_mib_s;
    if (busy >= 0.5) return true;
  }
  for (const EventSpec& e : scenario.events)
    if (e.kind == EventSpec::Kind::kStopConsumer) return true;
  return shared_readers * shard_bytes > kShardReadBytesPerS;
}

std::string count(double n) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f", n);
  std::string digits = text, out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}
}  // namespace

std::string format_bytes(double bytes) {
  const char* const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  size_t u = 0;
  while (bytes >= 1024 && u + 1 < std::size(units)) {
    bytes /= 1024;
    ++u;
  }
  char text[32];
  std::snprintf(text, sizeof text, bytes < 10 && u > 0 ? "%.2f %s" : "%.0f %s", bytes, units[u]);
  return text;
}

int max_shards_ever(const Scenario& scenario) {
  double shards = scenario.shards;
  for (const EventSpec& e : scenario.events) {
    if (e.kind == EventSpec::Kind::kUpdateShardCount) shards += e.target_shard_count;
    if (e.kind == EventSpec::Kind::kSplitShard) shards += 2;
    if (e.kind == EventSpec::Kind::kMergeShards) shards += 1;
  }
  if (on_demand_at_some_point(scenario)) {
    // Capacity is twice the peak (at least 4 MiB/s, at most the regional maximum) and open shards
    // stay under twice the capacity in MiB/s (T10, T11); splits close shards, so allow as many again.
    double peak_mib = 0;
    for (const ProducerSpec& p : scenario.producers)
      peak_mib += peak_rate_per_s(p.rate) * mean_record_bytes(p.record_bytes) / kBytesPerMiB;
    double capacity = std::max({scenario.on_demand_floor_write_mib_per_s(),
                                2 * scenario.previous_peak_mib_per_s.value_or(0), 2 * peak_mib});
    capacity = std::min(capacity, scenario.on_demand_max_write_mib_per_s);
    shards = std::max(shards, 2 * 2 * capacity);
  }
  return static_cast<int>(std::min(shards, 1e9));
}

MemoryEstimate estimate_peak_memory(const Scenario& scenario) {
  MemoryEstimate estimate;
  const auto add = [&](std::string what, std::string pointer, double bytes) {
    estimate.items.push_back({std::move(what), std::move(pointer), bytes});
  };
  const double shards = max_shards_ever(scenario);
  const double periods = std::ceil(scenario.duration_s / scenario.report.interval_s);
  const double consumers = static_cast<double>(scenario.consumers.size());
  const std::string shards_text = count(shards) + " shards";
  const std::string periods_text = count(periods) + " report periods";

  add("the program itself", "", kBaseBytes);
  double lanes = 0;
  for (const ConsumerSpec& c : scenario.consumers)
    if (c.type == ConsumerType::kLambda) lanes += shards * c.parallelization_factor;
  add(shards_text + " with " + count(consumers) + " consumers", "/stream/shards",
      shards * (kBytesPerShard + consumers * kBytesPerShardAndConsumer) +
          lanes * kBytesPerLambdaLane);

  add("stream and consumer series, " + periods_text, "/report/interval",
      periods * (kStreamSeriesBytesPerPeriod + consumers * kConsumerSeriesBytesPerPeriod));
  add("per-shard throttling series for the report's heatmap, " + shards_text + " x " +
          periods_text,
      "/report/interval", periods * shards * kHeatmapBytesPerShardPeriod);
  const double csv_rows_per_period =
      kStreamRowsPerPeriod + consumers * kConsumerRowsPerPeriod +
      (scenario.report.shard_metrics ? shards * kShardRowsPerPeriod : 0);
  if (scenario.report.shard_metrics) {
    add("per-shard metric series and metrics.csv rows, " + shards_text + " x " + periods_text,
        "/report/shard_metrics",
        periods * shards *
            (kShardSeriesBytesPerPeriod + kShardRowsPerPeriod * kCsvRowBytes * kCsvCopies));
  }
  add("metrics.csv, " + count(periods * csv_rows_per_period) + " rows", "/report/interval",
      periods * (csv_rows_per_period - (scenario.report.shard_metrics ? shards * 6 : 0)) *
          kCsvRowBytes * kCsvCopies);

  // A consumer that falls behind keeps every record it has not read, up to the retention period,
  // as one entry per shard and slice.
  if (!scenario.consumers.empty()) {
    double retention_h = scenario.retention_hours;
    for (const EventSpec& e : scenario.events)
      if (e.kind == EventSpec::Kind::kSetRetentionHours)
        retention_h = std::max(retention_h, e.retention_hours);
    const bool behind = a_consumer_can_fall_behind(scenario);
    const double held_s = std::min(behind ? retention_h * 3600 : kUnreadHeldS, scenario.duration_s);
    const double slices = std::ceil(held_s / scenario.engine.time_slice_s);
    // The field to change: the slice when it is short, else what bounds the time held.
    const std::string pointer = scenario.engine.time_slice_s < 1 ? "/engine/time_slice"
                                : held_s == scenario.duration_s ? "/duration"
                                                                 : "/stream/retention_hours";
    add(std::string(behind ? "shard logs held for a consumer that can fall behind"
                           : "shard logs of records not yet read") +
            ", " + shards_text + " x " + count(slices) + " write slices",
        pointer, shards * slices * kLogEntryBytes);
  }

  double actors = 1 + consumers;
  std::string actors_pointer = "/consumers";  // the polling app with the most workers, if any
  int most_workers = 0;
  for (size_t i = 0; i < scenario.consumers.size(); ++i) {
    const ConsumerSpec& c = scenario.consumers[i];
    if (c.type != ConsumerType::kPolling) continue;
    actors += c.workers;
    if (c.workers > most_workers) {
      most_workers = c.workers;
      actors_pointer = "/consumers/" + std::to_string(i) + "/workers";
    }
  }
  add(count(actors) + " simulated actors", actors_pointer, actors * kBytesPerActor);

  // Under throttling every slot of a producer's retry ring holds up to twice one entry per shard
  // and attempt once merged (models/producer_group.cpp).
  if (can_throttle(scenario)) {
    for (size_t i = 0; i < scenario.producers.size(); ++i) {
      const ProducerSpec& p = scenario.producers[i];
      const double slots =
          std::ceil((p.max_delay_s + scenario.service.put_latency_s +
                     2 * scenario.engine.time_slice_s) / scenario.engine.time_slice_s) + 2;
      const double entries =
          2 * std::max(static_cast<double>(ProducerGroup::kRetriesBeforeMerging),
                       shards * p.max_attempts);
      add("retries waiting under throttling, " + count(slots) + " write slices x " +
              count(entries) + " entries",
          "/producers/" + std::to_string(i) + "/retry", slots * entries * kRetryEntryBytes);
    }
  }

  std::stable_sort(estimate.items.begin(), estimate.items.end(),
                   [](const MemoryItem& a, const MemoryItem& b) { return a.bytes > b.bytes; });
  for (const MemoryItem& item : estimate.items) estimate.total_bytes += item.bytes;
  return estimate;
}

}  // namespace kds::models
