#include "models/shard_write_limit.hpp"

#include <algorithm>
#include <cmath>

#include "models/limits.hpp"

namespace kds::models {

ShardWriteLimit::ShardWriteLimit(double burst_s, double max_record_bytes)
    : records_(kShardWriteRecordsPerS * burst_s, kShardWriteRecordsPerS),
      bytes_(std::max(kShardWriteBytesPerS * burst_s, max_record_bytes), kShardWriteBytesPerS) {}

int64_t ShardWriteLimit::admit(Records records, Bytes bytes, double slice_end_s) {
  if (records.count <= 0) return 0;
  records_.refill(slice_end_s);
  bytes_.refill(slice_end_s);
  const double bytes_per_record = bytes.count / static_cast<double>(records.count);
  int64_t accepted =
      std::min<int64_t>(records.count, static_cast<int64_t>(std::floor(records_.level())));
  if (bytes_per_record > 0) {
    accepted = std::min<int64_t>(
        accepted, static_cast<int64_t>(std::floor(bytes_.level() / bytes_per_record)));
  }
  accepted = std::max<int64_t>(0, accepted);
  records_.take_debt(static_cast<double>(accepted));
  bytes_.take_debt(static_cast<double>(accepted) * bytes_per_record);
  return accepted;
}

void ShardWriteLimit::settle(Bytes charged, Bytes stored) {
  const double difference = stored.count - charged.count;
  if (difference > 0)
    bytes_.take_debt(difference);
  else
    bytes_.give_back(-difference);
}

void ShardWriteLimit::refund(Records records, Bytes bytes) {
  records_.give_back(static_cast<double>(records.count));
  bytes_.give_back(bytes.count);
}

}  // namespace kds::models
