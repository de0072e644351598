// The scenario loader: JSON document -> models::Scenario (SPEC §2).
//
// Design. The document is walked once, top to bottom, with an ObjectReader per JSON object
// (field_reader.hpp): every key the loader reads becomes "known" and every value is checked where
// it is read, so the rules, the defaults (those of models/scenario.hpp, which are the SPEC's) and
// the list of valid keys are one piece of code. Problems are collected, never thrown, and the
// walk always continues, so a user sees every problem in one `kds-sim check`.
//
// Cross-section rules (a trace must cover the duration, a fixed record size must fit the stream's
// record size limit, start_at must fall inside the run) read the already-loaded values through a
// SectionContext; when such a value is itself invalid the dependent rule is skipped, so one
// mistake is reported once.
#include "tools/scenario_loader.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>

#include "models/limits.hpp"
#include "sim/simulation.hpp"
#include "tools/duration.hpp"
#include "tools/field_reader.hpp"
#include "tools/scenario_sections.hpp"

namespace kds::front {
namespace models = kds::models;
namespace {

constexpr double kSecondsPerDay = 86400.0;
// A simulator limit, not an AWS one: 400 days covers a year of retention (fact sheet §6) plus
// margin while bounding the size of a run's time series.
constexpr double kMaxDurationS = 400 * kSecondsPerDay;
constexpr size_t kMaxNameLength = 128;
constexpr double kMinReportIntervalS = 1.0;
// Write and read token buckets hold at most a minute of the shard limit (simulator limit; the
// real burst size is not documented, fact sheet §1 "Large-record behaviour", UNCERTAIN).
constexpr double kMaxBurstS = 60.0;
constexpr double kMinTimeSliceS = 0.01;
constexpr double kMaxTimeSliceS = 10.0;

bool is_name_character(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

// Names made of [A-Za-z0-9._-], 1..kMaxNameLength characters, and not "." or "..", which as a
// folder name (out/<scenario name>/) would mean something else.
bool is_valid_name(const std::string& name) {
  if (name.empty() || name.size() > kMaxNameLength || name == "." || name == "..") return false;
  for (char c : name) {
    if (!is_name_character(c)) return false;
  }
  return true;
}

std::optional<std::string> read_name(ObjectReader& r, const std::string& why) {
  const auto name = r.string("name", Need::kRequired);
  if (!name) return std::nullopt;
  if (!is_valid_name(*name)) {
    r.problems().add(r.at("name"), "must be 1..128 characters of A-Z a-z 0-9 . _ - (" + why +
                                       "), got " + describe_value(nlohmann::json(*name)));
    return std::nullopt;
  }
  return name;
}

// seed: a non-negative integer up to 2^64 - 1, the state of the run's std::mt19937_64.
void load_seed(ObjectReader& r, models::Scenario& scenario) {
  const nlohmann::json* seed = r.get("seed");
  if (!seed) return;
  if (seed->is_number_unsigned()) {
    scenario.seed = seed->get<uint64_t>();
  } else if (seed->is_number_float() && seed->get<double>() >= 0 &&
             seed->get<double>() < 18446744073709551616.0 &&
             seed->get<double>() ==
                 static_cast<double>(static_cast<uint64_t>(seed->get<double>()))) {
    scenario.seed = static_cast<uint64_t>(seed->get<double>());
  } else {
    r.problems().add(r.at("seed"), "must be a non-negative integer, got " + describe_value(*seed));
  }
}

void load_stream(ObjectReader& top, models::Scenario& scenario, SectionContext& context,
                 Problems& problems) {
  const nlohmann::json* value = top.get("stream", Need::kRequired);
  if (!value || !expect_object(*value, top.at("stream"), problems)) return;
  ObjectReader r(*value, top.at("stream"), problems);
  const auto mode = r.choice("mode", {"PROVISIONED", "ON_DEMAND", "ON_DEMAND_ADVANTAGE"});
  const bool on_demand = mode == size_t{1} || mode == size_t{2};
  if (on_demand) scenario.mode = models::StreamMode::kOnDemand;
  scenario.on_demand_advantage = mode == size_t{2};
  if (on_demand && r.has("shards")) {
    problems.add(r.at("shards"),
                 "only for mode PROVISIONED: an ON_DEMAND stream's shards follow its capacity "
                 "(4 MiB/s at creation, or twice on_demand.previous_peak_mib_per_s)");
  }
  // Fact sheet §4 (Warm throughput, BOTO-KDS): WarmThroughputMiBps, at most 10 GiB/s, only on
  // on-demand streams of accounts with the Advantage commitment.
  if (r.has("warm_throughput_mib_per_s") && !scenario.on_demand_advantage) {
    problems.add(r.at("warm_throughput_mib_per_s"),
                 "only for mode ON_DEMAND_ADVANTAGE (WarmThroughputMiBps needs the account's "
                 "minimum throughput commitment)");
  }
  scenario.warm_throughput_mib_per_s = r.number(
      "warm_throughput_mib_per_s",
      Bounds::above(0).and_at_most(models::kOnDemandMaxWriteMiBPerSLargeRegions));
  // Fact sheet §5: UpdateShardCount caps a stream at 10,000 shards [BOTO-KDS]. An unreadable mode
  // is reported already; shards are then optional rather than required for a guessed mode.
  const bool provisioned = mode == size_t{0} || !r.has("mode");
  if (provisioned && !r.has("shards"))
    problems.add(r.at("shards"), "required for mode PROVISIONED");
  assign(scenario.shards,
         r.integer("shards", Bounds::between(1, models::kMaxShardsPerStream,
                                             "shards per stream, UpdateShardCount limit")));
  // Fact sheet §6: retention 24..8760 hours, in whole hours (RetentionPeriodHours) [BOTO-KDS].
  assign(scenario.retention_hours,
         r.integer("retention_hours",
                   Bounds::between(models::kMinRetentionHours, models::kMaxRetentionHours,
                                   "KDS retention limits")));
  // Fact sheet §1: MaxRecordSizeInKiB 1024..10240 [LARGE, BOTO-KDS].
  const auto kib = r.integer("max_record_size_kib",
                             Bounds::between(models::kMinMaxRecordSizeKiB,
                                             models::kMaxMaxRecordSizeKiB, "MaxRecordSizeInKiB"));
  assign(scenario.max_record_size_kib, kib);
  if (kib || !r.has("max_record_size_kib")) {
    context.max_record_bytes = scenario.max_record_size_kib * models::kBytesPerKiB;
  }
  if (const nlohmann::json* od = r.get("on_demand")) {
    if (!on_demand) {
      problems.add(r.at("on_demand"), "only for mode ON_DEMAND or ON_DEMAND_ADVANTAGE");
    } else if (expect_object(*od, r.at("on_demand"), problems)) {
      ObjectReader o(*od, r.at("on_demand"), problems);
      // Fact sheet §4: at most 10 GiB/s write in the largest regions.
      const Bounds throughput =
          Bounds::above(0).and_at_most(models::kOnDemandMaxWriteMiBPerSLargeRegions);
      scenario.previous_peak_mib_per_s = o.number("previous_peak_mib_per_s", throughput);
      context.on_demand_max_write_mib_per_s = o.number("max_write_mib_per_s", throughput);
      o.finish();
    }
  }
  r.finish();
}

// Loads each element of the array under `key` with `load_one`, then checks that names are unique.
template <class Spec, class LoadOne>
void load_list(ObjectReader& top, const std::string& key, std::vector<Spec>& out, LoadOne load_one,
               Problems& problems) {
  const nlohmann::json* value = top.get(key);
  if (!value || !expect_array(*value, top.at(key), problems)) return;
  std::map<std::string, size_t> first_index;
  for (size_t i = 0; i < value->size(); ++i) {
    Spec spec;
    load_one((*value)[i], top.at(key) / i, spec);
    if (!spec.name.empty()) {
      const auto [it, inserted] = first_index.emplace(spec.name, i);
      if (!inserted) {
        problems.add(top.at(key) / i / "name", "duplicate name \"" + spec.name + "\" (also " +
                                                   (top.at(key) / it->second / "name").to_string() +
                                                   ")");
      }
    }
    out.push_back(std::move(spec));
  }
}

void load_service(const nlohmann::json& value, const Pointer& at, models::ServiceSpec& service,
                  Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  const Bounds latency = Bounds::between(0, kMaxDelayS, "simulator limit");
  assign(service.put_latency_s, r.duration("put_latency", latency));
  assign(service.get_records_latency_s, r.duration("get_records_latency", latency));
  assign(service.propagation_s, r.duration("propagation", latency));
  assign(service.efo_push_latency_s, r.duration("efo_push_latency", latency));
  assign(service.write_burst_s,
         r.duration("write_burst", Bounds::above(0).and_at_most(kMaxBurstS)));
  assign(service.read_burst_s, r.duration("read_burst", Bounds::above(0).and_at_most(kMaxBurstS)));
  // A partition key is 1..256 characters (fact sheet §1 [BOTO-KDS]).
  assign(service.random_key_bytes,
         r.integer("random_key_bytes", Bounds::between(1, models::kMaxPartitionKeyLength,
                                                       "partition key length, PutRecord limit")));
  // Control plane and on-demand scaling (models/control_plane.hpp, models/on_demand_scaling.hpp).
  assign(service.update_shard_count_duration_s,
         r.duration("update_shard_count_duration", Bounds::at_least(0)));
  assign(service.split_merge_duration_s, r.duration("split_merge_duration", Bounds::at_least(0)));
  assign(service.switch_mode_duration_s, r.duration("switch_mode_duration", Bounds::at_least(0)));
  // A count beyond INT_MAX allows as much as INT_MAX in any run: clamp rather than wrap (to 0 for
  // 2^32, which would refuse every request).
  if (const auto n = r.integer("max_scalings_per_24h", Bounds::at_least(1)))
    service.max_scalings_per_24h = static_cast<int>(std::min<int64_t>(*n, INT_MAX));
  if (const auto n = r.integer("max_mode_switches_per_24h", Bounds::at_least(1)))
    service.max_mode_switches_per_24h = static_cast<int>(std::min<int64_t>(*n, INT_MAX));
  // Capped like previous_peak_mib_per_s, by the largest regional maximum (fact sheet §4); the
  // shard count derived from it must fit an int.
  assign(service.on_demand_initial_write_mib_per_s,
         r.number("on_demand_initial_write_mib_per_s",
                  Bounds::above(0).and_at_most(models::kOnDemandMaxWriteMiBPerSLargeRegions)));
  assign(service.on_demand_scale_up_delay_s,
         r.duration("on_demand_scale_up_delay", Bounds::at_least(0)));
  assign(service.on_demand_split_delay_s, r.duration("on_demand_split_delay", Bounds::at_least(0)));
  if (const auto kib = r.number("on_demand_split_threshold_kib_per_s", Bounds::above(0)))
    service.on_demand_split_threshold_bytes_per_s = *kib * models::kBytesPerKiB;
  assign(service.on_demand_peak_window_s, r.duration("on_demand_peak_window", Bounds::above(0)));
  assign(service.alarm_action_delay_s,
         r.duration("alarm_action_delay", Bounds::between(0, kMaxDelayS, "simulator limit")));
  r.finish();
}

void load_slo(const nlohmann::json& value, const Pointer& at, models::SloSpec& slo,
              Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  slo.max_iterator_age_s = r.duration("max_iterator_age", Bounds::at_least(0));
  slo.max_propagation_delay_s = r.duration("max_propagation_delay", Bounds::at_least(0));
  slo.p99_propagation_delay_s = r.duration("p99_propagation_delay", Bounds::at_least(0));
  slo.max_write_throttle_ratio = r.number("max_write_throttle_ratio", Bounds::between(0, 1));
  slo.max_lost_records = r.integer("max_lost_records", Bounds::at_least(0));
  r.finish();
}

void load_report(const nlohmann::json& value, const Pointer& at, const SectionContext& context,
                 models::ReportSpec& report, Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  Bounds interval = Bounds::at_least(kMinReportIntervalS);
  if (context.duration_s && *context.duration_s >= kMinReportIntervalS) {
    interval = interval.and_at_most(*context.duration_s);
  }
  assign(report.interval_s, r.duration("interval", interval));
  assign(report.shard_metrics, r.boolean("shard_metrics"));
  r.finish();
}

void load_engine(const nlohmann::json& value, const Pointer& at, models::EngineSpec& engine,
                 Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  assign(engine.time_slice_s,
         r.duration("time_slice", Bounds::between(kMinTimeSliceS, kMaxTimeSliceS)));
  r.finish();
}

}  // namespace

std::optional<std::string> read_entity_name(ObjectReader& reader) {
  return read_name(reader, "it appears in metrics.csv and in events");
}

std::optional<std::string> read_variant(const nlohmann::json& value, const Pointer& at,
                                        const std::vector<std::string>& kinds,
                                        const std::string& expected, Problems& problems) {
  if (!value.is_object()) {
    problems.add(at, "must be " + expected + ", got " + describe_value(value));
    return std::nullopt;
  }
  ObjectReader r(value, at, problems);
  std::vector<std::string> present;
  for (const std::string& kind : kinds) {
    if (r.get(kind)) present.push_back(kind);
  }
  const size_t before = problems.size();
  r.finish();
  const bool had_unknown_keys = problems.size() > before;
  if (present.size() == 1) return present.front();
  if (present.size() > 1) {
    std::string names;
    for (const std::string& kind : kinds) names += (names.empty() ? "" : ", ") + kind;
    problems.add(at, "must have exactly one of the keys " + names + "; got both \"" + present[0] +
                         "\" and \"" + present[1] + "\"");
  } else if (!had_unknown_keys) {
    problems.add(at, "must be " + expected + ", got " + describe_value(value));
  }
  return std::nullopt;
}

std::string to_string(const ValidationError& error) {
  return error.where.empty() ? error.rule : error.where + ": " + error.rule;
}

constexpr int kShardMetricsDefaultMaxShards = 100;
// Fact sheet §3 (T14): 20 registered consumers per stream, 50 with On-demand Advantage.
constexpr int kMaxEfoConsumersPerStream = 20;
constexpr int kMaxEfoConsumersPerAdvantageStream = 50;

LoadResult load_scenario(const nlohmann::json& doc, const std::string& base_dir) {
  Problems problems;
  models::Scenario scenario;
  scenario.base_dir = base_dir;
  if (!doc.is_object()) {
    problems.add(Pointer(), "a scenario must be a JSON object, got " + describe_value(doc));
    return {std::nullopt, problems.take()};
  }
  ObjectReader r(doc, Pointer(), problems);
  SectionContext context;
  context.base_dir = base_dir;

  // "$schema" lets editors find scenarios/schema.json for completion; it means nothing to a run.
  r.string("$schema");
  assign(scenario.name, read_name(r, "it names the output folder"));
  assign(scenario.description, r.string("description"));
  const auto duration_s = r.duration(
      "duration", Bounds::above(0, "simulator limit").and_at_most(kMaxDurationS), Need::kRequired);
  assign(scenario.duration_s, duration_s);
  context.duration_s = duration_s;
  load_seed(r, scenario);
  load_stream(r, scenario, context, problems);

  load_list(
      r, "producers", scenario.producers,
      [&](const nlohmann::json& v, const Pointer& at, models::ProducerSpec& p) {
        load_producer(v, at, context, p, problems);
      },
      problems);
  load_list(
      r, "consumers", scenario.consumers,
      [&](const nlohmann::json& v, const Pointer& at, models::ConsumerSpec& c) {
        load_consumer(v, at, context, c, problems);
      },
      problems);
  // Fact sheet §3 [BOTO-KDS RegisterStreamConsumer]: at most 20 registered (EFO) consumers per
  // stream, 50 on an ON_DEMAND_ADVANTAGE stream.
  const int max_efo = scenario.on_demand_advantage ? kMaxEfoConsumersPerAdvantageStream
                                                   : kMaxEfoConsumersPerStream;
  int efo_consumers = 0;
  for (size_t i = 0; i < scenario.consumers.size(); ++i) {
    if (!scenario.consumers[i].uses_efo_pipe()) continue;
    if (++efo_consumers == max_efo + 1) {
      problems.add(r.at("consumers") / i / "type",
                   "at most " + std::to_string(max_efo) +
                       " enhanced fan-out consumers per " +
                       models::stream_mode_name(scenario.mode, scenario.on_demand_advantage) +
                       " stream (RegisterStreamConsumer limit), this is the " +
                       std::to_string(efo_consumers) + "th");
    }
  }
  // Every polling worker and every other consumer is an actor of the engine.
  int actors = 1;
  for (size_t i = 0; i < scenario.consumers.size(); ++i) {
    const auto& c = scenario.consumers[i];
    const int before = actors;
    actors += c.type == models::ConsumerType::kPolling ? c.workers : 1;
    if (before <= sim::kMaxActors && actors > sim::kMaxActors) {
      problems.add(r.at("consumers") / i /
                       (c.type == models::ConsumerType::kPolling ? "workers" : "type"),
                   "the simulation holds at most " + std::to_string(sim::kMaxActors) +
                       " actors (the write path, one per polling worker, one per other consumer; "
                       "SimGrid maps a stack for each), this consumer brings the count to " +
                       std::to_string(actors));
    }
  }
  // Fact sheet §8 [LAMBDA-ARCH]: parallelization "does not work with KPL aggregation" (a KDS
  // record holds many keys, so lanes by key cannot keep per-key order).
  bool aggregated = false;
  for (const auto& p : scenario.producers) aggregated = aggregated || p.aggregates();
  for (size_t i = 0; aggregated && i < scenario.consumers.size(); ++i) {
    const auto& c = scenario.consumers[i];
    if (c.type == models::ConsumerType::kLambda && c.parallelization_factor > 1) {
      problems.add(
          r.at("consumers") / i / "parallelization_factor",
          "must be 1 when a producer uses KPL aggregation (Lambda's ParallelizationFactor does not "
          "work with KPL aggregation), got " +
              std::to_string(c.parallelization_factor));
    }
  }
  if (const nlohmann::json* events = r.get("events")) {
    if (expect_array(*events, r.at("events"), problems)) {
      for (size_t i = 0; i < events->size(); ++i) {
        models::EventSpec event;
        load_event((*events)[i], r.at("events") / i, context, scenario, event, problems);
        scenario.events.push_back(event);
      }
    }
  }
  if (const nlohmann::json* v = r.get("service")) {
    load_service(*v, r.at("service"), scenario.service, problems);
  }
  if (const nlohmann::json* v = r.get("slo")) load_slo(*v, r.at("slo"), scenario.slo, problems);
  load_pricing(r.get("pricing"), r.at("pricing"), scenario.prices, problems);
  if (const nlohmann::json* v = r.get("plan")) load_plan(*v, r.at("plan"), scenario, problems);
  if (const nlohmann::json* v = r.get("lesson")) {
    scenario.lesson.emplace();
    load_lesson(*v, r.at("lesson"), *scenario.lesson, problems);
  }
  if (const nlohmann::json* v = r.get("expect")) load_expect(*v, r.at("expect"), scenario, problems);
  // A lesson shows its point through expectations: without one, `exam` would pass it unseen.
  const nlohmann::json* expect = r.get("expect");
  if (scenario.lesson && scenario.expect.empty() && (!expect || expect->is_array()))
    problems.add(r.at("expect"), "required with a lesson: at least one check on summary.json");
  // Fact sheet §4 [QUOTAS-NOW]: 10 GB/s in us-east-1, us-west-2 and eu-west-1, 200 MB/s elsewhere,
  // unless the scenario names its own maximum (raised through a support ticket).
  const std::string& region = scenario.prices.region;
  scenario.on_demand_max_write_mib_per_s = context.on_demand_max_write_mib_per_s.value_or(
      region == "us-east-1" || region == "us-west-2" || region == "eu-west-1"
          ? models::kOnDemandMaxWriteMiBPerSLargeRegions
          : models::kOnDemandMaxWriteMiBPerS);
  // Per-shard rows default to on for streams of up to 100 shards: a 1,000-shard day would write
  // several hundred MB of them that nobody asked for (CloudWatch, too, makes them opt-in).
  // The largest shard count known before the run: on demand, what twice the previous peak calls
  // for; UpdateShardCount targets (on-demand splits cannot be known in advance).
  int known_shards = scenario.shards;
  if (scenario.mode == models::StreamMode::kOnDemand) {
    known_shards =
        static_cast<int>(std::ceil(std::max(scenario.on_demand_floor_write_mib_per_s(),
                                            2 * scenario.previous_peak_mib_per_s.value_or(0.0))));
  }
  for (const auto& event : scenario.events) {
    if (event.kind == models::EventSpec::Kind::kUpdateShardCount)
      known_shards = std::max(known_shards, event.target_shard_count);
  }
  scenario.report.shard_metrics = known_shards <= kShardMetricsDefaultMaxShards;
  if (const nlohmann::json* v = r.get("report")) {
    load_report(*v, r.at("report"), context, scenario.report, problems);
  }
  if (const nlohmann::json* v = r.get("engine")) {
    load_engine(*v, r.at("engine"), scenario.engine, problems);
  }
  // A report period holds whole write slices: consumers record per slice, and a period boundary
  // inside a slice would put part of the slice's deliveries in the wrong period.
  const double slices_per_period = scenario.report.interval_s / scenario.engine.time_slice_s;
  if (std::fabs(slices_per_period - std::round(slices_per_period)) > 1e-6 * slices_per_period ||
      slices_per_period < 1 - 1e-9) {
    problems.add(r.at("report") / "interval",
                 "must be a whole multiple of engine.time_slice (" +
                     format_duration(scenario.engine.time_slice_s) + "), got " +
                     format_duration(scenario.report.interval_s));
  }
  // After the report interval and the slice: alarm periods are multiples of the one, the
  // autoscaler's checks fall on the other.
  if (const nlohmann::json* v = r.get("alarms")) load_alarms(*v, r.at("alarms"), scenario, problems);
  if (const nlohmann::json* v = r.get("autoscaler"))
    load_autoscaler(*v, r.at("autoscaler"), scenario, problems);
  // The planner sizes fixed shard counts and chooses the mode; an autoscaler would resize its
  // candidates (and cannot run on its on-demand ones).
  if (scenario.plan && scenario.autoscaler)
    problems.add(r.at("plan"), "the plan chooses the shard count and the mode, but the scenario "
                               "has an autoscaler (/autoscaler); remove it to plan");
  // Demand is added up per slice: a peak window shorter than a slice would count a slice's bytes
  // in a shorter time and overstate the throughput.
  if (scenario.service.on_demand_peak_window_s < scenario.engine.time_slice_s) {
    problems.add(r.at("service") / "on_demand_peak_window",
                 "must be at least engine.time_slice (" +
                     std::to_string(scenario.engine.time_slice_s) + " s), got " +
                     std::to_string(scenario.service.on_demand_peak_window_s) + " s");
  }
  r.finish();

  if (!problems.empty()) return {std::nullopt, problems.take()};
  return {std::move(scenario), {}};
}

}  // namespace kds::front
