// How an ON_DEMAND stream's write capacity and shard count follow its traffic (fact sheet §4,
// T9-T11). The documented rule: the stream accommodates up to double the peak write throughput of
// the previous 30 days; traffic that more than doubles the previous peak within 15 minutes is
// throttled for about 15 minutes while capacity grows; a shard carrying more than 500 KB/s is split
// within 15 minutes, its hash range halved.
//
// The model (every delay and threshold is a ServiceSpec parameter):
// - Write demand is what producers send on first attempts (data + keys), averaged over windows of
//   on_demand_peak_window_s (60 s). Retries are left out: under throttling they would make a burst
//   look several times bigger than the traffic, and the stream would scale for the retry storm.
// - A window's demand becomes part of the peak on_demand_scale_up_delay_s (15 min) after it ends,
//   and is forgotten on_demand_peak_memory_s (30 days) later. The capacity is twice the peak, at
//   least the initial 4 MiB/s (or twice previous_peak_mib_per_s), at most the regional maximum.
//   So a ramp that never doubles within 15 minutes is never throttled, and a jump to 5x the peak is
//   throttled for 15 minutes, then absorbed.
// - The stream-wide capacity is enforced like a shard's limit (1 s token buckets of bytes and of
//   1,000 KDS records/s per MiB/s); the per-shard 1 MiB/s and 1,000 records/s still apply, so a hot
//   partition key is throttled as on a provisioned stream (on-demand does not isolate keys).
// - Shards: the stream keeps at least capacity / 1 MiB/s open shards (the widest are split when
//   capacity grows), and a shard whose accepted writes exceed the split threshold during a window
//   is split split_delay later, while open shards stay under twice capacity / 1 MiB/s, and only if
//   halving it divides its producers' load: a single hot key never splits a stream without end.
// Read capacity is not modelled apart: each shard keeps its 2 MiB/s, twice its write limit.
#ifndef KDS_MODELS_ON_DEMAND_SCALING_HPP_
#define KDS_MODELS_ON_DEMAND_SCALING_HPP_

#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "models/scenario.hpp"
#include "models/token_bucket.hpp"

namespace kds::models {

class OnDemandScaling {
 public:
  explicit OnDemandScaling(const Scenario& scenario);

  // Keeps at least `bytes_per_s` of capacity from t_s on (for the 30-day memory): a provisioned
  // stream switching to on demand keeps the shards it has (fact sheet §4).
  void hold_capacity(double bytes_per_s, double t_s);
  // Write capacity in bytes/s in force at t_s (REQUIRES: t_s does not decrease between calls).
  double write_bytes_per_s(double t_s);
  // The share of a slice's offers the stream-wide capacity admits, from its offered KDS records
  // and bytes (data + keys), for the slice ending at slice_end_s.
  double admitted_fraction(int64_t kds_records, double bytes, double slice_end_s);
  // Adds the first-attempt bytes of the slice [t0_s, t1_s) to the demand windows.
  void observe_demand(double t0_s, double t1_s, double first_attempt_bytes);
  // Adds what `shard` accepted in the slice [t0_s, t1_s); `shard` may be a new index.
  void observe_shard(int shard, double t0_s, double t1_s, double accepted_bytes);
  // Shards whose split is due at t_s (hot for a window, split_delay ago), each once.
  std::vector<int> hot_shards_due(double t_s);
  // Open shards the capacity at t_s calls for at least, and allows at most.
  int min_open_shards(double t_s);
  int max_open_shards(double t_s);

 private:
  struct Window {
    double end_s;
    double bytes_per_s;
  };
  void mature(double t_s);

  const ServiceSpec& service_;
  double initial_bytes_per_s_;
  double max_bytes_per_s_;
  double window_s_;
  double max_record_bytes_ = 0;  // the byte bucket holds at least one record of the maximum size
  // Demand of the current window, and windows waiting to mature (in end order).
  int64_t window_index_ = 0;
  double window_bytes_ = 0;
  std::deque<Window> pending_;
  std::deque<Window> peaks_;  // matured windows, demand decreasing (a sliding maximum)
  double capacity_bytes_per_s_;
  TokenBucket records_bucket_, bytes_bucket_;
  // Per shard: accepted bytes in the current window, and the time a split is due (0: none).
  std::vector<double> shard_window_bytes_;
  std::vector<int64_t> shard_window_index_;
  std::vector<double> split_due_s_;
};

}  // namespace kds::models

#endif  // KDS_MODELS_ON_DEMAND_SCALING_HPP_
