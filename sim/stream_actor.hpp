// The stream's write path as an actor: it advances the producers' flows slice by slice.
#ifndef KDS_SIM_STREAM_ACTOR_HPP_
#define KDS_SIM_STREAM_ACTOR_HPP_

#include <functional>
#include <vector>

#include "models/control_plane.hpp"
#include "models/stream.hpp"
#include "models/stream_reader.hpp"
#include "sim/background_worker.hpp"
#include "sim/stepped_consumer_actor.hpp"

namespace kds::sim {

// Generates the write slices covering [0, end_s). Slice k+1 is generated at the start of slice k,
// after the consumers due at that time ran, one slice ahead, so a consumer may serve a call up to
// one slice ahead of the clock (see polling_worker_actor.hpp). Every slice it also frees stored
// records no app can read any more. The control plane changes the shard map and mode between two
// written slices (the write path is the one place that knows where a slice boundary falls for the
// records). on_progress (may be empty) hears the simulated time at every slice.
//
// Background readers (enhanced fan-out apps) are stepped here on a second thread: after slice k+1
// is written and memory freed at the start of slice k, their steps due by then run while the
// other actors run, and the producers draw slice k+2's fresh records; the next slice waits for
// them first. Both read the logs or touch only their own state, so the results are those of doing
// the work in line.
struct BackgroundReader {
  std::function<void(double)> step;
  StepSchedule schedule;
};
void run_stream_write_path(models::Stream& stream, models::ControlPlane& control_plane,
                           const std::vector<models::StreamReader*>& apps,
                           std::vector<BackgroundReader>& background, BackgroundWorker& worker,
                           double end_s, const std::function<void(double)>& on_progress);

}  // namespace kds::sim

#endif  // KDS_SIM_STREAM_ACTOR_HPP_
