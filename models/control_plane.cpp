#include "models/control_plane.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "models/limits.hpp"
#include "models/units.hpp"

namespace kds::models {

namespace {
constexpr double kRollingWindowS = 24 * kSecondsPerHour;

bool is_control_plane(EventSpec::Kind kind) {
  return kind == EventSpec::Kind::kUpdateShardCount || kind == EventSpec::Kind::kSplitShard ||
         kind == EventSpec::Kind::kMergeShards || kind == EventSpec::Kind::kSwitchMode;
}

// Accepted requests made in the rolling 24 h before t_s.
int made_in_last_24h(const std::vector<double>& times_s, double t_s) {
  return static_cast<int>(std::count_if(times_s.begin(), times_s.end(),
                                        [t_s](double s) { return s > t_s - kRollingWindowS; }));
}

std::string seconds_text(double t_s) {
  char text[32];
  std::snprintf(text, sizeof text, "%g s", t_s);
  return text;
}
}  // namespace

ControlPlane::ControlPlane(const Scenario& scenario, Stream& stream, RunResult& result)
    : service_(scenario.service), stream_(stream), result_(result) {
  for (const EventSpec& event : scenario.events) {
    if (is_control_plane(event.kind)) requests_.push_back(&event);
  }
  std::stable_sort(requests_.begin(), requests_.end(),
                   [](const EventSpec* a, const EventSpec* b) { return a->at_s < b->at_s; });
}

std::string ControlPlane::describe(const EventSpec& event) {
  switch (event.kind) {
    case EventSpec::Kind::kUpdateShardCount:
      return "update_shard_count " + std::to_string(event.target_shard_count);
    case EventSpec::Kind::kSplitShard:
      return "split_shard " + event.shard_ids.at(0);
    case EventSpec::Kind::kMergeShards:
      return "merge_shards " + event.shard_ids.at(0) + " " + event.shard_ids.at(1);
    case EventSpec::Kind::kSwitchMode:
      return std::string("switch_mode ") + stream_mode_name(event.mode);
    default:
      return "event";
  }
}

double ControlPlane::duration_s(const EventSpec& event) const {
  switch (event.kind) {
    case EventSpec::Kind::kUpdateShardCount:
      return service_.update_shard_count_duration_s;
    case EventSpec::Kind::kSwitchMode:
      return service_.switch_mode_duration_s;
    default:
      return service_.split_merge_duration_s;
  }
}

void ControlPlane::before_slice(int64_t k) {
  const double slice_s = stream_.slice_s();
  const double start_s = static_cast<double>(k) * slice_s;
  // Requests made during the slice before: an update that completed by then is applied first.
  for (;;) {
    if (updating_ && updating_->done_s <= start_s + 1e-9) {
      apply(*updating_->event, k);
      updating_.reset();
    }
    const EventSpec* event = take_request(start_s + slice_s);
    if (event == nullptr) break;
    take(*event, k);
  }
}

const EventSpec* ControlPlane::take_request(double until_s) {
  const EventSpec* scheduled = next_request_ < requests_.size() ? requests_[next_request_] : nullptr;
  const EventSpec* dynamic = next_dynamic_ < dynamic_.size() ? &dynamic_[next_dynamic_] : nullptr;
  if (scheduled && scheduled->at_s >= until_s) scheduled = nullptr;
  if (dynamic && dynamic->at_s >= until_s) dynamic = nullptr;
  if (scheduled && (!dynamic || scheduled->at_s <= dynamic->at_s)) {
    ++next_request_;
    return scheduled;
  }
  if (dynamic) ++next_dynamic_;
  return dynamic;
}

void ControlPlane::take(const EventSpec& event, int64_t slice) {
  ScalingAction* action = nullptr;
  if (const auto it = action_of_.find(&event); it != action_of_.end()) {
    action = &result_.stream.scaling_actions[it->second];
  } else if (event.kind == EventSpec::Kind::kUpdateShardCount) {
    ScalingAction scheduled;
    scheduled.at_s = event.at_s;
    scheduled.to = event.target_shard_count;
    scheduled.by = "events";
    action_of_[&event] = result_.stream.scaling_actions.size();
    result_.stream.scaling_actions.push_back(scheduled);
    action = &result_.stream.scaling_actions.back();
  }
  if (action) action->from = stream_.open_shard_count();
  if (const auto reason = refusal(event, event.at_s)) {
    if (action) {
      action->outcome = ScalingAction::Outcome::kRefused;
      action->reason = *reason;
    }
    // refused_events lists the scenario's own events (SPEC §2); an autoscaler's refusals are in
    // scaling_actions only.
    if (!action || action->by == "events")
      result_.stream.refused_events.push_back({event.at_s, describe(event), *reason});
    return;
  }
  if (event.kind == EventSpec::Kind::kUpdateShardCount) scalings_s_.push_back(event.at_s);
  if (event.kind == EventSpec::Kind::kSwitchMode) switches_s_.push_back(event.at_s);
  const double done_s = event.at_s + duration_s(event);
  updating_ = Update{&event, done_s};
  if (action) {
    // Applied by the first before_slice, from this one on, whose slice starts at or after done_s.
    const double slice_s = stream_.slice_s();
    const auto done_slice =
        std::max<int64_t>(slice, static_cast<int64_t>(std::ceil(done_s / slice_s - 1e-9)));
    action->outcome = ScalingAction::Outcome::kAccepted;
    action->completed_s = static_cast<double>(done_slice) * slice_s;
  }
}

size_t ControlPlane::request_shard_count(int target, double at_s, const std::string& by,
                                         const std::string& why) {
  EventSpec event;
  event.kind = EventSpec::Kind::kUpdateShardCount;
  event.at_s = at_s;
  event.target_shard_count = target;
  dynamic_.push_back(event);
  const size_t index = result_.stream.scaling_actions.size();
  result_.stream.scaling_actions.push_back(
      {at_s, stream_.open_shard_count(), target, by, ScalingAction::Outcome::kPending, "", why});
  action_of_[&dynamic_.back()] = index;
  return index;
}

void ControlPlane::finish(double /*end_s*/) {
  if (!updating_) return;
  result_.stream.update_in_progress_at_end =
      RefusedEvent{updating_->event->at_s, describe(*updating_->event), ""};
  result_.stream.update_completes_at_s = updating_->done_s;
}

std::optional<std::string> ControlPlane::refusal(const EventSpec& event, double t_s) const {
  if (updating_) {
    return "ResourceInUseException: the stream is UPDATING (" + describe(*updating_->event) +
           ", requested at " + seconds_text(updating_->event->at_s) + ", is still in progress)";
  }
  // Every request but a mode switch reshards, which only provisioned streams do (fact sheet §5).
  if (event.kind != EventSpec::Kind::kSwitchMode && stream_.mode() == StreamMode::kOnDemand)
    return std::string("resharding works on PROVISIONED streams only");
  switch (event.kind) {
    case EventSpec::Kind::kUpdateShardCount:
      return update_shard_count_refusal(event.target_shard_count, t_s);
    case EventSpec::Kind::kSplitShard:
      if (stream_.open_shard_count() >= kMaxShardsPerStream)
        return "LimitExceededException: more than " + std::to_string(kMaxShardsPerStream) +
               " shards per stream";
      if (auto reason = open_shard_refusal(event.shard_ids[0])) return reason;
      if (const HashKeyRange& r = stream_.shard(stream_.find_shard(event.shard_ids[0])).range;
          r.starting_hash_key == r.ending_hash_key)
        return "InvalidArgumentException: " + event.shard_ids[0] +
               " holds a single hash key and cannot be split";
      return std::nullopt;
    case EventSpec::Kind::kMergeShards: {
      for (const std::string& id : event.shard_ids) {
        if (auto reason = open_shard_refusal(id)) return reason;
      }
      const HashKeyRange& a = stream_.shard(stream_.find_shard(event.shard_ids[0])).range;
      const HashKeyRange& b = stream_.shard(stream_.find_shard(event.shard_ids[1])).range;
      const bool adjacent =
          (a.ending_hash_key != kMaxHashKey && a.ending_hash_key + 1 == b.starting_hash_key) ||
          (b.ending_hash_key != kMaxHashKey && b.ending_hash_key + 1 == a.starting_hash_key);
      if (!adjacent)
        return "InvalidArgumentException: " + event.shard_ids[0] + " and " + event.shard_ids[1] +
               " are not adjacent (their hash key ranges do not touch)";
      return std::nullopt;
    }
    case EventSpec::Kind::kSwitchMode:
      if (stream_.mode() == event.mode)
        return std::string("the stream is already ") + stream_mode_name(event.mode);
      if (made_in_last_24h(switches_s_, t_s) >= service_.max_mode_switches_per_24h)
        return "LimitExceededException: a stream switches capacity mode at most " +
               std::to_string(service_.max_mode_switches_per_24h) + " times in a rolling 24 h";
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

std::optional<std::string> ControlPlane::update_shard_count_refusal(int target, double t_s) const {
  const int open = stream_.open_shard_count();
  if (target == open) return "the stream already has " + std::to_string(open) + " open shards";
  if (target > 2 * open)
    return "LimitExceededException: more than double the " + std::to_string(open) + " open shards";
  if (2 * target < open)
    return "LimitExceededException: less than half the " + std::to_string(open) + " open shards";
  if (target > kMaxShardsPerStream)
    return "LimitExceededException: more than " + std::to_string(kMaxShardsPerStream) +
           " shards per stream";
  if (made_in_last_24h(scalings_s_, t_s) >= service_.max_scalings_per_24h)
    return "LimitExceededException: more than " + std::to_string(service_.max_scalings_per_24h) +
           " scalings in a rolling 24 h";
  return std::nullopt;
}

std::optional<std::string> ControlPlane::open_shard_refusal(const std::string& shard_id) const {
  const int shard = stream_.find_shard(shard_id);
  if (shard < 0) return "ResourceNotFoundException: no shard " + shard_id;
  if (!stream_.shard(shard).open)
    return "InvalidArgumentException: " + shard_id + " is CLOSED (resharding needs OPEN shards)";
  return std::nullopt;
}

int ControlPlane::open_shard_count_at(double t_s) const {
  const int open = stream_.open_shard_count();
  if (!updating_ || updating_->done_s > t_s + 1e-9) return open;
  switch (updating_->event->kind) {
    case EventSpec::Kind::kUpdateShardCount:
      return updating_->event->target_shard_count;
    case EventSpec::Kind::kSplitShard:
      return open + 1;
    case EventSpec::Kind::kMergeShards:
      return open - 1;
    default:
      return open;
  }
}

void ControlPlane::apply(const EventSpec& event, int64_t slice) {
  if (const auto it = action_of_.find(&event); it != action_of_.end()) {
    ScalingAction& action = result_.stream.scaling_actions[it->second];
    action.outcome = ScalingAction::Outcome::kApplied;
    action.completed_s = static_cast<double>(slice) * stream_.slice_s();
  }
  switch (event.kind) {
    case EventSpec::Kind::kUpdateShardCount:
      stream_.update_shard_count(event.target_shard_count, slice);
      break;
    case EventSpec::Kind::kSplitShard:
      stream_.split_shard(stream_.find_shard(event.shard_ids[0]), slice);
      break;
    case EventSpec::Kind::kMergeShards:
      stream_.merge_shards(stream_.find_shard(event.shard_ids[0]),
                           stream_.find_shard(event.shard_ids[1]), slice);
      break;
    case EventSpec::Kind::kSwitchMode:
      stream_.switch_mode(event.mode, slice);
      break;
    default:
      break;
  }
}

}  // namespace kds::models
