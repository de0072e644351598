// Lookahead keeps the wake-ups few. Its cost: calls of different apps on the same shard may be
// served up to lookahead_s out of order; the shard's read limit then treats the later-served call
// as if it came at the latest time seen (models/token_bucket.hpp), which biases throttling by at
// most the lookahead. One app alone is exact. Polls never run past the worker's next stop, nor
// past the next slice boundary: the Lambda mappings' fetches, the write path and the enhanced
// fan-out steps happen there, so they keep their order with the polls.
// Leases move between workers (failover): a worker's queue may hold a lease another worker took;
// such entries are dropped when they come up. New leases (shards opened by a reshard) are noticed
// at the next wake-up.
#include "sim/polling_worker_actor.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "models/slice_index.hpp"
#include "sim/s4u_adapter.hpp"

namespace kds::sim {

namespace {
using Due = std::pair<double, size_t>;  // (next poll time, lease index); ties break by index

// The due polls in time order. A lease's next poll comes an idle time after this one, so it is
// usually later than every poll queued: a sorted array then takes it at its end in O(1), where a
// heap would sift it through log2(leases) levels. Others (jittered processing, the first random
// phases) are inserted in place. Pops come in (time, index) order, as from any min-heap: the
// entries are distinct or identical.
class DueQueue {
 public:
  bool empty() const { return head_ == items_.size(); }
  const Due& top() const { return items_[head_]; }
  void push(const Due& d) {
    if (empty() || !(d < items_.back())) {
      items_.push_back(d);
      return;
    }
    items_.insert(
        std::upper_bound(items_.begin() + static_cast<std::ptrdiff_t>(head_), items_.end(), d), d);
  }
  // REQUIRES: !empty().
  void pop() {
    ++head_;
    // Drop the popped front once it is half the array: amortised O(1) per pop.
    if (head_ > 64 && 2 * head_ > items_.size()) {
      items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
  }
  // pop() then push(d). REQUIRES: !empty().
  void replace_top(const Due& d) {
    pop();
    push(d);
  }

 private:
  std::vector<Due> items_;  // sorted from head_ on
  size_t head_ = 0;
};

void enqueue(DueQueue& due, models::PollingApp& app, const std::vector<size_t>& leases) {
  for (size_t i : leases) due.push({app.lease(i).next_poll_s, i});
}
}  // namespace

void run_polling_worker(models::PollingApp& app, int worker, double lookahead_s, double slice_s,
                        double end_s) {
  const models::KclLeaseTiming& timing = app.timing();
  DueQueue due;
  enqueue(due, app, app.leases_of(worker));
  size_t known_leases = app.lease_count();
  double next_taker_s = timing.next_taker_run_after(worker, app.spec().start_at_s);
  for (;;) {
    while (!due.empty() && app.lease(due.top().second).owner != worker) due.pop();
    const double next_s = std::min(due.empty() ? end_s : due.top().first, next_taker_s);
    if (next_s >= end_s) return;
    sleep_until(next_s);
    const double now =
        std::max(now_s(), next_s);  // sleep_until skips gaps below SimGrid's accuracy
    if (timing.is_down(worker, now)) {
      const double up_s = timing.up_at(worker, now);
      if (up_s >= end_s) return;
      sleep_until(up_s);
      app.restart_worker(worker, up_s);
      due = DueQueue();
      enqueue(due, app, app.leases_of(worker));
      next_taker_s = timing.next_taker_run_after(worker, up_s);
      continue;
    }
    // Shards opened by a reshard get leases; this worker polls the ones it was given.
    app.sync_leases(now);
    for (; known_leases < app.lease_count(); ++known_leases) {
      if (app.lease(known_leases).owner == worker) enqueue(due, app, {known_leases});
    }
    if (now >= next_taker_s) {
      enqueue(due, app, app.take_expired_leases(worker, now));
      next_taker_s = timing.next_taker_run_after(worker, now);
    }
    const int64_t slice = models::slice_index(now, slice_s);
    // On a slice boundary the Lambda mappings fetch, sharing the shards' read limits: they go
    // first, so that calls reach the limits in time order.
    if (static_cast<double>(slice) * slice_s == now) yield_to_other_actors();
    const double next_boundary_s = static_cast<double>(slice + 1) * slice_s;
    const double horizon_s =
        std::min({now + lookahead_s, next_boundary_s, timing.next_down_at(worker, now), end_s});
    while (!due.empty() && due.top().first < horizon_s) {
      const size_t i = due.top().second;
      if (app.lease(i).owner != worker) {
        due.pop();
        continue;
      }
      app.poll(i);
      due.replace_top({app.lease(i).next_poll_s, i});
      app.prefetch(due.top().second);
    }
  }
}

}  // namespace kds::sim
