// The `scaling_utils` autoscaler: awslabs/amazon-kinesis-scaling-utils' StreamMonitor
// (planning.md §1.2). Every check_interval it fetches the last max(up.after_mins,
// down.after_mins) minutes of stream-level Sum datapoints for each operation it watches (PUT:
// IncomingBytes and IncomingRecords; GET: GetRecords.Bytes and GetRecords.Records), turns each into
// a utilisation of the stream's capacity (PUT 1 MiB/s and 1,000 records/s per shard, GET 2 MiB/s
// and 2,000 records/s), and votes: UP when `up.after_mins` samples are above up.threshold_pct,
// else DOWN when `down.after_mins` samples are below down.threshold_pct (each missing minute counts
// as low). It scales up when either operation votes UP and down only when both vote DOWN, by
// scaling_utils_new_shard_count, after each direction's cool-off.
#ifndef KDS_MODELS_SCALING_UTILS_POLICY_HPP_
#define KDS_MODELS_SCALING_UTILS_POLICY_HPP_

#include "models/autoscaler.hpp"

namespace kds::models {

enum class ScalingVote { kNone, kUp, kDown };

// One operation's vote from its per-minute utilisations (percent; nullopt for a missing minute)
// over the look-back window, oldest first. Bytes and records are both given; the one with the
// higher mean utilisation over the window decides (the code's "latest average"; kds-sim's reading).
ScalingVote scaling_utils_vote(const std::vector<std::optional<double>>& bytes_pct,
                               const std::vector<std::optional<double>>& records_pct,
                               const ScalingUtilsSpec& spec);

class ScalingUtilsPolicy : public Autoscaler {
 public:
  explicit ScalingUtilsPolicy(const Scenario& scenario);
  std::string name() const override { return "autoscaler:scaling_utils"; }
  double next_check_after(double t_s) const override;
  std::optional<ScalingDecision> check(const AutoscalerView& view) override;

 private:
  ScalingVote vote(const AutoscalerView& view, bool put, size_t first_minute,
                   size_t minutes) const;

  ScalingUtilsSpec spec_;
  const Scenario& scenario_;
  double interval_s_;
  size_t per_minute_;          // report periods per minute
  int capacity_shards_;        // the shard count read at the last refresh
  double refreshed_at_s_ = 0;
  double last_up_s_ = -1e300, last_down_s_ = -1e300;  // accepted requests, per direction
};

}  // namespace kds::models

#endif  // KDS_MODELS_SCALING_UTILS_POLICY_HPP_
