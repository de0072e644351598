// Scheduled events (SPEC §2 events[]): `at` plus exactly one action. Names must match a consumer
// or producer of the scenario; `worker` only makes sense for a polling app's existing worker.
// Resharding and mode switches are checked here for form only (a shard id's spelling, two distinct
// shards to merge): whether AWS accepts them depends on the stream's state when they are made, so
// the run refuses them as AWS would and lists them in refused_events (models/control_plane.hpp).
#include <limits>
#include <regex>

#include "models/limits.hpp"
#include "tools/scenario_sections.hpp"

namespace kds::front {
namespace models = kds::models;

namespace {
const std::vector<std::string> kActions = {
    "stop_consumer", "stop_producer", "set_retention_hours", "update_shard_count",
    "split_shard",   "merge_shards",  "switch_mode"};

// A shard id as the API spells it: shardId- and 12 digits.
std::optional<std::string> read_shard_id(const nlohmann::json& value, const Pointer& at,
                                         Problems& problems) {
  auto id = read_string(value, at, problems);
  if (!id) return std::nullopt;
  static const std::regex kShardId("shardId-[0-9]{12}");
  if (!std::regex_match(*id, kShardId)) {
    problems.add(at, "must be a shard id such as \"shardId-000000000000\", got \"" + *id + "\"");
    return std::nullopt;
  }
  return id;
}

// The resharding and mode-switch actions; returns false if the event has none of them.
bool load_stream_action(ObjectReader& r, models::EventSpec& event, Problems& problems) {
  using Kind = models::EventSpec::Kind;
  if (r.has("update_shard_count")) {
    event.kind = Kind::kUpdateShardCount;
    // Targets AWS refuses (over 2x, under half, over 10,000) are refused by the run, not here.
    assign(event.target_shard_count,
           r.integer("update_shard_count", Bounds::between(1, std::numeric_limits<int>::max())));
    return true;
  }
  if (r.has("split_shard")) {
    event.kind = Kind::kSplitShard;
    if (auto id = read_shard_id(*r.get("split_shard"), r.at("split_shard"), problems))
      event.shard_ids = {*id};
    return true;
  }
  if (r.has("merge_shards")) {
    event.kind = Kind::kMergeShards;
    const nlohmann::json& ids = *r.get("merge_shards");
    const Pointer at = r.at("merge_shards");
    if (!ids.is_array() || ids.size() != 2) {
      problems.add(at,
                   "must be an array of two shard ids (MergeShards merges two adjacent shards)");
      return true;
    }
    std::vector<std::string> read;
    for (size_t i = 0; i < 2; ++i) {
      if (auto id = read_shard_id(ids[i], at / i, problems)) read.push_back(*id);
    }
    if (read.size() == 2 && read[0] == read[1])
      problems.add(at / 1, "must differ from the first shard, got \"" + read[1] + "\" twice");
    else if (read.size() == 2)
      event.shard_ids = read;
    return true;
  }
  if (r.has("switch_mode")) {
    event.kind = Kind::kSwitchMode;
    const auto mode = r.choice("switch_mode", {"PROVISIONED", "ON_DEMAND"});
    if (mode)
      event.mode = *mode == 1 ? models::StreamMode::kOnDemand : models::StreamMode::kProvisioned;
    return true;
  }
  return false;
}
}  // namespace

void load_event(const nlohmann::json& value, const Pointer& at, const SectionContext& context,
                const models::Scenario& scenario, models::EventSpec& event, Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  Bounds when = Bounds::at_least(0);
  if (context.duration_s) when = when.and_at_most(*context.duration_s, true);
  assign(event.at_s, r.duration("at", when, Need::kRequired));
  event.for_s = r.duration("for", Bounds::above(0));
  const auto worker = r.integer("worker", Bounds::at_least(0));
  // `for` and `worker` belong to the stop actions only.
  const auto refuse_stop_options = [&] {
    if (event.for_s) problems.add(r.at("for"), "only for stop_consumer and stop_producer");
    if (worker) problems.add(r.at("worker"), "only for stop_consumer");
  };

  std::vector<std::string> actions;
  for (const std::string& key : kActions) {
    if (r.has(key)) actions.push_back(key);
  }
  if (actions.size() == 1 && load_stream_action(r, event, problems)) {
    refuse_stop_options();
    r.finish();
    return;
  }
  const auto consumer_name = r.string("stop_consumer");
  const auto producer_name = r.string("stop_producer");
  // IncreaseStreamRetentionPeriod / DecreaseStreamRetentionPeriod: 24..8760 hours (fact sheet §6).
  const auto retention = r.integer(
      "set_retention_hours", Bounds::between(models::kMinRetentionHours, models::kMaxRetentionHours,
                                             "KDS retention limits"));
  r.finish();
  if (actions.size() > 1) {
    problems.add(at, "must have exactly one action; got both \"" + actions[0] + "\" and \"" +
                         actions[1] + "\"");
    return;
  }
  if (actions.empty()) {
    problems.add(
        at,
        "must have one action: stop_consumer, stop_producer, update_shard_count, split_shard, "
        "merge_shards, switch_mode or set_retention_hours");
    return;
  }
  if (retention) {
    event.kind = models::EventSpec::Kind::kSetRetentionHours;
    event.retention_hours = static_cast<double>(*retention);
    refuse_stop_options();
  } else if (consumer_name) {
    event.kind = models::EventSpec::Kind::kStopConsumer;
    event.target = *consumer_name;
    const models::ConsumerSpec* consumer = nullptr;
    for (const auto& c : scenario.consumers) {
      if (c.name == *consumer_name) consumer = &c;
    }
    if (!consumer) {
      problems.add(r.at("stop_consumer"), "no consumer is named \"" + *consumer_name + "\"");
    } else if (worker) {
      if (*worker >= consumer->workers) {
        problems.add(r.at("worker"), "must be 0.." + std::to_string(consumer->workers - 1) +
                                         " (workers of \"" + consumer->name + "\"), got " +
                                         std::to_string(*worker));
      } else {
        event.worker = static_cast<int>(*worker);
      }
    }
  } else if (producer_name) {
    event.kind = models::EventSpec::Kind::kStopProducer;
    event.target = *producer_name;
    bool known = false;
    for (const auto& p : scenario.producers) known = known || p.name == *producer_name;
    if (!known)
      problems.add(r.at("stop_producer"), "no producer is named \"" + *producer_name + "\"");
    if (worker) problems.add(r.at("worker"), "only for stop_consumer");
  }
}

}  // namespace kds::front
