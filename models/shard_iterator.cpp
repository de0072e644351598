#include "models/shard_iterator.hpp"

#include <algorithm>

namespace kds::models {

LogPosition initial_position(const ConsumerSpec& spec, const ShardLog& log, double now_s) {
  switch (spec.start_position) {
    case StartPosition::kLatest:
      return log.latest(now_s);
    case StartPosition::kTrimHorizon:
      return {0, 0};
    case StartPosition::kAtTimestamp:
      return {log.ordinal_at_time(spec.at_timestamp_s), 0};
  }
  return {0, 0};
}

uint64_t first_needed_before_start(const ConsumerSpec& spec, const ShardLog& log, double now_s) {
  switch (spec.start_position) {
    case StartPosition::kLatest:
      // Not the total: the write path stores a slice ahead, and a start within the current slice
      // reads from what is readable now.
      return log.latest(now_s).ordinal;
    case StartPosition::kTrimHorizon:
      return 0;
    case StartPosition::kAtTimestamp:
      return log.ordinal_at_time(std::min(spec.at_timestamp_s, now_s));
  }
  return 0;
}

LogPosition shard_start_position(const ConsumerSpec& spec, const Shard& shard, double now_s) {
  if (shard.opened_s > spec.start_at_s) return {0, 0};
  // Resolved as of the app's start: a shard it reads later (a child waiting for its parent) does
  // not skip what arrived meanwhile.
  return initial_position(spec, shard.log, std::min(now_s, spec.start_at_s));
}

uint64_t shard_first_needed(const ConsumerSpec& spec, const Shard& shard, double now_s) {
  if (shard.opened_s > spec.start_at_s) return 0;
  return first_needed_before_start(spec, shard.log, std::min(now_s, spec.start_at_s));
}

int64_t expired_before_reading(const ConsumerSpec& spec, const Shard& shard, double end_s,
                               double horizon_s) {
  if (end_s <= spec.start_at_s) return 0;
  const uint64_t first = shard_first_needed(spec, shard, end_s);
  const uint64_t horizon = shard.log.ordinal_at_time(horizon_s);
  return horizon > first ? static_cast<int64_t>(horizon - first) : 0;
}

int64_t skip_expired(LogPosition& position, const ShardLog& log, double horizon_s, double slice_s) {
  // Fast path: the position's slice (or an earlier one) started after the trim horizon.
  if (static_cast<double>(position.slice_hint) * slice_s > horizon_s) return 0;
  const uint64_t horizon = log.ordinal_at_time(horizon_s);
  if (position.ordinal >= horizon) return 0;
  const auto lost = static_cast<int64_t>(horizon - position.ordinal);
  position.ordinal = horizon;
  return lost;  // callers keeping a checkpoint move it up to the new position too
}

}  // namespace kds::models
