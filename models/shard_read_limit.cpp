#include "models/shard_read_limit.hpp"

namespace kds::models {

ShardReadLimit::ShardReadLimit(double burst_s)
    : bytes_(kShardReadBytesPerS * burst_s, kShardReadBytesPerS) {
  recent_calls_s_.fill(-1e300);
}

bool ShardReadLimit::admit_call(double now_s) {
  if (now_s < blocked_until_s_) return false;
  // The oldest of the last five admitted calls must be at least a second old.
  if (now_s - recent_calls_s_[oldest_] < 1.0) return false;
  bytes_.refill(now_s);
  if (bytes_.level() <= 0) return false;
  recent_calls_s_[oldest_] = now_s;
  oldest_ = (oldest_ + 1) % kGetRecordsCallsPerSecondPerShard;
  return true;
}

void ShardReadLimit::charge_response(double bytes, double now_s) {
  bytes_.take_debt(bytes);
  if (bytes >= kMaxBytesPerGetRecords) blocked_until_s_ = now_s + kLargeReadPenaltyS;
}

}  // namespace kds::models
