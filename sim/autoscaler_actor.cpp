// A check at check_s (a slice boundary) runs one slice earlier on the clock, when the write path
// is about to prepare the slice starting at check_s: the request, stamped check_s, is then taken
// with the scheduled requests of that slice in time order (the write path takes a slice's
// scheduled requests one slice ahead). The policy sees the shards open at check_s, the update
// completing then included.
// Why the metrics a check reads are final: a report period is readable once it ended
// alarm_action_delay (at least three slices, the loader checks) before check_s, so at least two
// before the clock. By then the write path has written its slices, the polling workers have served
// its calls, and the jobs the enhanced fan-out apps and Lambda mappings ran on the second thread
// for it were waited for.
#include "sim/autoscaler_actor.hpp"

#include <cmath>
#include <optional>

#include "sim/s4u_adapter.hpp"

namespace kds::sim {

void run_autoscaler(models::Autoscaler& policy, models::ControlPlane& control_plane,
                    const models::Stream& stream, const models::RunResult& result,
                    double delay_s, double end_s) {
  const double slice_s = stream.slice_s();
  const auto slices = static_cast<int64_t>(std::ceil(end_s / slice_s - 1e-9));
  std::optional<size_t> last_request;
  int64_t last_slice = 0;
  for (double t = policy.next_check_after(0);; t = policy.next_check_after(t)) {
    const auto slice = static_cast<int64_t>(std::ceil(t / slice_s - 1e-9));
    if (slice >= slices) break;  // slices - 1 is the last slice the write path prepares
    if (slice <= last_slice) continue;  // one check per slice
    last_slice = slice;
    const double check_s = static_cast<double>(slice) * slice_s;
    sleep_until(check_s - slice_s);
    const models::AutoscalerView view{
        result,
        check_s,
        control_plane.open_shard_count_at(check_s),
        models::readable_periods(check_s, delay_s, result.interval_s, result.periods),
        last_request ? &result.stream.scaling_actions[*last_request] : nullptr,
        stream.mode() == models::StreamMode::kProvisioned};
    if (const auto decision = policy.check(view)) {
      last_request = control_plane.request_shard_count(decision->target, check_s, policy.name(),
                                                       decision->trigger);
    }
  }
}

}  // namespace kds::sim
