// A Lambda function's reserved concurrency as the event source mapping meets it (fact sheet §8,
// T21): at most `limit` invocations run at once; an invocation that would exceed it is throttled
// and its lane waits.
//
// The write path moves in slices and a mapping's lanes start their invocations at a slice's start,
// all at the same simulated instant, where the real service's per-shard pollers run at their own
// phases. So the slice is the time resolution: in every slice, the busy lane time of the invocations
// it holds stays within limit × slice (Little's law: 2,000 lanes each busy 75 ms a second are 150
// concurrent executions, not 2,000). An invocation reserves its share of every slice it spans (a
// 1.05 s invocation started at a slice's start holds all of that slice and 5 % of the next) before
// it starts, so lanes still busy from an earlier slice hold their part first and no lane's start
// can push a slice over the limit, whatever order the lanes run in.
#ifndef KDS_MODELS_RESERVED_CONCURRENCY_HPP_
#define KDS_MODELS_RESERVED_CONCURRENCY_HPP_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kds::models {

class ReservedConcurrency {
 public:
  // REQUIRES: limit >= 1, slice_s > 0.
  ReservedConcurrency(double limit, double slice_s);

  // Reserves the invocation [start_s, end_s) if, in every slice it spans, the busy lane time
  // already reserved plus its own stays within the limit; otherwise reserves nothing and returns
  // false (a throttle).
  // REQUIRES: start_s >= the time last passed to forget_before(); end_s >= start_s.
  [[nodiscard]] bool try_reserve(double start_s, double end_s);

  // Concurrent executions in the slice holding t_s: its reserved busy lane-seconds per second.
  double load_at(double t_s) const;

  // Frees the bookkeeping of slices that ended before the slice holding t_s (never read again).
  void forget_before(double t_s);

 private:
  double& slot(int64_t slice) { return slots_[static_cast<size_t>(slice) % slots_.size()]; }
  double slot(int64_t slice) const { return slots_[static_cast<size_t>(slice) % slots_.size()]; }
  // Makes room for slices up to `last` (an invocation longer than any before it).
  void reach(int64_t last);

  double limit_;
  double slice_s_;
  // Reserved busy lane-seconds per second of the slices first_ .. first_ + slots_.size() - 1, in a
  // ring indexed by slice number.
  std::vector<double> slots_;
  int64_t first_ = 0;
};

}  // namespace kds::models

#endif  // KDS_MODELS_RESERVED_CONCURRENCY_HPP_
