// A shard's write limit: 1,000 records/s and 1 MiB/s of data + partition keys, in both capacity
// modes (fact sheet §1, T1 [BOTO-KDS]).
//
// AWS does not document how it measures "per second" (fact sheet §14, UNCERTAIN). We use two token
// buckets (records, bytes) that hold `burst_s` seconds of the limit (ServiceSpec::write_burst_s,
// default 1 s) and start full. A time slice's offered records are admitted against the buckets
// refilled to the slice's end, so with 1 s slices and a 1 s burst no slice stores more than the
// per-second limit. The byte bucket also holds at least one maximum-size record, which is how the
// service lets a 10 MiB record through a 1 MiB/s shard (fact sheet §1 "Large-record behaviour").
#ifndef KDS_MODELS_SHARD_WRITE_LIMIT_HPP_
#define KDS_MODELS_SHARD_WRITE_LIMIT_HPP_

#include <cstdint>

#include "models/token_bucket.hpp"

namespace kds::models {

struct Records {
  int64_t count;
};
struct Bytes {
  double count;
};

class ShardWriteLimit {
 public:
  ShardWriteLimit(double burst_s, double max_record_bytes);
  ShardWriteLimit(const ShardWriteLimit&) = delete;
  ShardWriteLimit& operator=(const ShardWriteLimit&) = delete;
  ShardWriteLimit(ShardWriteLimit&&) = default;

  // How many of `records` (totalling `bytes`, data + keys) offered during a slice ending at
  // slice_end_s are stored; the rest are throttled (ProvisionedThroughputExceededException).
  // REQUIRES: slice_end_s does not decrease between calls.
  [[nodiscard]] int64_t admit(Records records, Bytes bytes, double slice_end_s);
  // Gives back what an admitted offer did not use after all (an on-demand stream's capacity
  // refused part of what the shard admitted), so the shard's limit counts stored records only.
  void refund(Records records, Bytes bytes);
  // Trues the byte bucket up once the admitted records are shared among the slice's offers:
  // admit charged the offers' mean bytes per record, but offers of different sizes (a few large
  // records beside many small ones) may store more or fewer bytes than that. The difference is
  // taken as debt (repaid by the next slices) or given back, so the shard never stores more than
  // its limit over time.
  void settle(Bytes charged, Bytes stored);

 private:
  TokenBucket records_;
  TokenBucket bytes_;
};

}  // namespace kds::models

#endif  // KDS_MODELS_SHARD_WRITE_LIMIT_HPP_
