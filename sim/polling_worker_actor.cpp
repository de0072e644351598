// Lookahead keeps the wake-ups few. Its cost: calls of different apps on the same shard may be
// served up to lookahead_s out of order; the shard's read limit then treats the later-served call
// as if it came at the latest time seen (models/token_bucket.hpp), which biases throttling by at
// most the lookahead. One app alone is exact.
#include "sim/polling_worker_actor.hpp"

#include <functional>
#include <queue>
#include <utility>
#include <vector>

#include "sim/s4u_adapter.hpp"

namespace kds::sim {

void run_polling_worker(models::PollingApp& app, int worker, double lookahead_s, double end_s) {
  std::vector<models::ShardLease>& leases = app.leases(worker);
  using Due = std::pair<double, size_t>;  // (next poll time, lease index); ties break by index
  std::priority_queue<Due, std::vector<Due>, std::greater<Due>> due;
  for (size_t i = 0; i < leases.size(); ++i) due.push({leases[i].next_poll_s, i});
  while (!due.empty() && due.top().first < end_s) {
    sleep_until(due.top().first);
    const double horizon_s = now_s() + lookahead_s;
    while (!due.empty() && due.top().first < horizon_s && due.top().first < end_s) {
      const size_t i = due.top().second;
      due.pop();
      app.poll(leases[i]);
      due.push({leases[i].next_poll_s, i});
    }
  }
}

}  // namespace kds::sim
