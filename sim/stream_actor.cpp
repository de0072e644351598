// Why one actor for all producer groups: a shard admits a slice's offers from every group together
// (the write limit is shared), so the groups' flows for a slice must be known before admission. The
// groups are models (models/producer_group.hpp) stepped by this actor; a producer instance is not
// an actor because the simulator moves flows, not records (DEVELOPERS.md, performance rules).
#include "sim/stream_actor.hpp"

#include <algorithm>
#include <cmath>

#include "sim/background_worker.hpp"
#include "sim/s4u_adapter.hpp"

namespace kds::sim {

namespace {
void release_unneeded_records(models::Stream& stream,
                              const std::vector<models::StreamReader*>& apps, double now_s) {
  for (int s = 0; s < stream.shard_count(); ++s) {
    models::ShardLog& log = stream.shard(s).log;
    uint64_t needed = log.total_records();
    for (const auto& app : apps) needed = std::min(needed, app->needed_ordinal(s, now_s));
    // Records past retention are unreadable whoever wanted them; lost-record counts use ordinals.
    needed = std::max(needed, log.ordinal_at_time(stream.trim_horizon_s(now_s)));
    log.release_before(needed);
  }
}
}  // namespace

namespace {
// Steps every background reader through the steps due before until_s.
void step_background(std::vector<BackgroundReader>& background, double until_s) {
  for (BackgroundReader& reader : background) {
    for (; !reader.schedule.done() && reader.schedule.next_s() < until_s; reader.schedule.advance())
      reader.step(reader.schedule.next_s());
  }
}
}  // namespace

void run_stream_write_path(models::Stream& stream, models::ControlPlane& control_plane,
                           const std::vector<models::StreamReader*>& apps,
                           std::vector<BackgroundReader>& background, BackgroundWorker& worker,
                           double end_s, const std::function<void(double)>& on_progress) {
  const double slice_s = stream.slice_s();
  const auto slices = static_cast<int64_t>(std::ceil(end_s / slice_s - 1e-9));
  const auto write = [&](int64_t k) {
    control_plane.before_slice(k);
    stream.write_slice(k);
  };
  BackgroundWorker::Ticket steps = 0, draws = 0;
  if (slices > 0) write(0);
  for (int64_t k = 0; k < slices; ++k) {
    sleep_until(static_cast<double>(k) * slice_s);
    // The consumers due now go first: they read only records readable now, which the write below
    // does not change, and the second thread then runs the Lambda invocations they post while this
    // one writes, instead of waiting for the steps posted below.
    yield_to_other_actors();
    // The background steps read the logs this iteration changes; the write uses the draws. The
    // draws first: if the second thread has not started them, this one runs them meanwhile.
    worker.wait(draws);
    worker.wait(steps);
    if (k + 1 < slices) write(k + 1);
    // Freeing memory every few slices is enough; it does not change any result.
    if (k % 16 == 0) release_unneeded_records(stream, apps, now_s());
    // Meanwhile, on the second thread: the background readers' steps due in this slice (they see
    // the stream as it is until the next slice starts), and the producers' fresh records of the
    // slice after next (neither depends on the other consumers). Two jobs, so that this thread can
    // take the draws if the second one is still busy when the next slice starts.
    const double until_s = static_cast<double>(k + 1) * slice_s;
    steps = worker.post([&background, until_s] { step_background(background, until_s); });
    if (k + 2 < slices) draws = worker.post([&stream, k] { stream.draw_ahead(k + 2); });
    if (on_progress) on_progress(now_s());
  }
  worker.wait(draws);
  worker.wait(steps);
  step_background(background, std::nextafter(end_s, 1e300));  // up to end_s included
  if (on_progress) on_progress(end_s);
}

}  // namespace kds::sim
