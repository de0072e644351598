// A shard's shared-throughput read limit, shared by every polling app of the shard (fact sheet §2):
//  - 5 GetRecords calls per second (T5): a call is refused when 5 admitted calls fall within the
//    last second (a sliding window, so a 6th call within one second is throttled);
//  - 2 MiB/s of data: a token bucket holding `burst_s` seconds (ServiceSpec::read_burst_s). A call
//    is refused while the bucket is empty or in debt; an admitted call takes what it returns, even
//    past zero, so a large response blocks the next calls until the debt is repaid ("if there is
//    insufficient provisioned throughput ... subsequent calls ... throw");
//  - after a 10 MiB response, calls within the next 5 s are refused (T4).
// Refused calls count as ReadProvisionedThroughputExceeded and return nothing.
#ifndef KDS_MODELS_SHARD_READ_LIMIT_HPP_
#define KDS_MODELS_SHARD_READ_LIMIT_HPP_

#include <array>

#include "models/limits.hpp"
#include "models/token_bucket.hpp"

namespace kds::models {

class ShardReadLimit {
 public:
  explicit ShardReadLimit(double burst_s);
  ShardReadLimit(const ShardReadLimit&) = delete;
  ShardReadLimit& operator=(const ShardReadLimit&) = delete;
  ShardReadLimit(ShardReadLimit&&) = default;

  // Whether a GetRecords call at now_s is served. An admitted call must be followed by
  // charge_response() with what it returned.
  [[nodiscard]] bool admit_call(double now_s);
  void charge_response(double bytes, double now_s);

 private:
  TokenBucket bytes_;
  std::array<double, kGetRecordsCallsPerSecondPerShard>
      recent_calls_s_;  // ring of admitted call times
  int oldest_ = 0;
  double blocked_until_s_ = 0;
};

}  // namespace kds::models

#endif  // KDS_MODELS_SHARD_READ_LIMIT_HPP_
