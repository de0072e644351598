// Scheduled events (SPEC §2 events[]): `at` plus exactly one action. stop_consumer, stop_producer
// and set_retention_hours run in this version; resharding and mode switches are refused with the
// issue that tracks them, never ignored. Names must match a consumer
// or producer of the scenario; `worker` only makes sense for a polling app's existing worker.
#include "models/limits.hpp"
#include "tools/scenario_sections.hpp"

namespace kds::front {
namespace models = kds::models;

namespace {
const std::vector<std::string> kStreamActions = {"update_shard_count", "split_shard",
                                                 "merge_shards", "switch_mode"};
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

  std::vector<std::string> actions;
  for (const char* key : {"stop_consumer", "stop_producer", "set_retention_hours"}) {
    if (r.has(key)) actions.push_back(key);
  }
  for (const std::string& key : kStreamActions) {
    if (r.get(key)) {
      problems.add(r.at(key), not_supported_yet("the " + key + " event", "issue #4"));
      actions.push_back(key);
    }
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
    if (event.for_s) problems.add(r.at("for"), "only for stop_consumer and stop_producer");
    if (worker) problems.add(r.at("worker"), "only for stop_consumer");
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
