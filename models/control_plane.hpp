// The stream's control plane (SPEC §2 events[], fact sheet §4 and §5): UpdateShardCount,
// SplitShard, MergeShards and UpdateStreamMode requests, checked when they are made against the
// rules AWS applies, and applied when they complete.
//
// A request is made at its event's `at`; a refused one is recorded in refused_events with the rule
// and changes nothing. An accepted one keeps the stream UPDATING for its duration
// (ServiceSpec::*_duration_s) and then changes the shard map or the mode between two slices.
// Refusals (T12, T13): any request while the stream is UPDATING (ResourceInUseException);
// resharding an ON_DEMAND stream (provisioned mode only); UpdateShardCount above 2x or below half
// the open shards, above 10,000 shards, to the current count, or an 11th scaling in a rolling 24 h;
// splitting or merging a shard that is unknown or not open; merging shards whose hash ranges are
// not adjacent; a third mode switch in a rolling 24 h, or a switch to the current mode.
#ifndef KDS_MODELS_CONTROL_PLANE_HPP_
#define KDS_MODELS_CONTROL_PLANE_HPP_

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/run_result.hpp"
#include "models/scenario.hpp"
#include "models/stream.hpp"

namespace kds::models {

class ControlPlane {
 public:
  // stream and result must outlive it.
  ControlPlane(const Scenario& scenario, Stream& stream, RunResult& result);

  // Takes the requests made before the end of slice k and applies the updates complete at its
  // start. Call before stream.write_slice(k), for k = 0, 1, 2, ...
  void before_slice(int64_t k);

  // An UpdateShardCount request made at at_s by an autoscaler, `by` naming it and `why` its
  // reason. Returns its index in result.stream.scaling_actions, where its outcome appears when the
  // next before_slice takes it. Within the slice it falls in, scheduled requests made later are
  // taken first (they were taken a slice ahead). REQUIRES: at_s is not earlier than any earlier
  // request's, and before_slice has not yet taken a slice starting after at_s.
  size_t request_shard_count(int target, double at_s, const std::string& by,
                             const std::string& why);

  // The open shards at t_s, counting the update in progress if it completes by then (before_slice
  // applies it only when it prepares that slice). REQUIRES: t_s is within the slice before_slice
  // will prepare next.
  int open_shard_count_at(double t_s) const;

  // Records an update still in progress when the run ends at end_s.
  void finish(double end_s);

  // The action as the summary names it, e.g. "update_shard_count 21".
  static std::string describe(const EventSpec& event);

 private:
  struct Update {
    const EventSpec* event;
    double done_s;
  };
  // The next request in time order, scheduled or dynamic (ties: scheduled first), if made before
  // until_s; advances past it.
  const EventSpec* take_request(double until_s);
  void take(const EventSpec& event, int64_t slice);
  // Why AWS would refuse the request at t_s, or nothing if it accepts it.
  std::optional<std::string> refusal(const EventSpec& event, double t_s) const;
  std::optional<std::string> update_shard_count_refusal(int target, double t_s) const;
  std::optional<std::string> open_shard_refusal(const std::string& shard_id) const;
  void apply(const EventSpec& event, int64_t slice);
  double duration_s(const EventSpec& event) const;

  const ServiceSpec& service_;
  Stream& stream_;
  RunResult& result_;
  std::vector<const EventSpec*> requests_;  // control-plane events in time order
  size_t next_request_ = 0;
  std::optional<Update> updating_;
  std::vector<double> scalings_s_, switches_s_;  // when accepted requests were made
  std::deque<EventSpec> dynamic_;  // autoscaler requests, in time order (stable addresses)
  size_t next_dynamic_ = 0;
  std::map<const EventSpec*, size_t> action_of_;  // request -> its scaling_actions index
};

}  // namespace kds::models

#endif  // KDS_MODELS_CONTROL_PLANE_HPP_
