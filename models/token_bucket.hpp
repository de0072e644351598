// Continuous-refill token bucket. Capacity and rate are in the caller's unit (records or bytes).
//
// The level may go negative through take_debt(): that is how a read of more than the bucket holds
// (a 10 MiB GetRecords response from a 2 MiB/s shard) blocks later reads until the debt is repaid.
// Invariant: level_ <= capacity_.
#ifndef KDS_MODELS_TOKEN_BUCKET_HPP_
#define KDS_MODELS_TOKEN_BUCKET_HPP_

#include <algorithm>

namespace kds::models {

class TokenBucket {
 public:
  // A bucket that starts full.
  TokenBucket(double capacity, double refill_per_s)
      : capacity_(capacity), refill_per_s_(refill_per_s), level_(capacity) {}

  // Refills up to now_s. Calls with an earlier time than a previous call refill nothing: callers
  // processing events a few milliseconds out of order (see sim/ lookahead) stay consistent.
  void refill(double now_s) {
    if (now_s > updated_s_) {
      level_ = std::min(capacity_, level_ + (now_s - updated_s_) * refill_per_s_);
      updated_s_ = now_s;
    }
  }
  // Changes the limit from now on (refill first: the old rate applies up to now).
  void set_rate(double capacity, double refill_per_s) {
    capacity_ = capacity;
    refill_per_s_ = refill_per_s;
    level_ = std::min(level_, capacity_);
  }
  double level() const { return level_; }
  double capacity() const { return capacity_; }
  double refill_per_s() const { return refill_per_s_; }

  // Takes `amount` if the refilled level holds it; otherwise takes nothing and returns false.
  [[nodiscard]] bool try_take(double amount, double now_s) {
    refill(now_s);
    if (amount > level_) return false;
    level_ -= amount;
    return true;
  }
  // Returns `amount` taken earlier (never above the capacity).
  void give_back(double amount) { level_ = std::min(capacity_, level_ + amount); }
  // Takes `amount` even past zero (the level becomes a debt).
  void take_debt(double amount) { level_ -= amount; }

 private:
  double capacity_;
  double refill_per_s_;
  double level_;
  double updated_s_ = 0;
};

}  // namespace kds::models

#endif  // KDS_MODELS_TOKEN_BUCKET_HPP_
