// A data stream: its shards (hash-key range, write limit, read limit, stored records, lineage),
// its capacity mode, and the write path that admits the producer groups' offers slice by slice.
//
// Ownership: the Stream owns its shards and producer groups. Consumers read shards through
// shard(i) and charge the shared read limit directly: a direct call on the shared model is exact
// and cheaper than a message. Shard ids follow the API's spelling, shardId-000000000000, numbered
// in creation order as the service does.
// The shard map changes between two slices (resharding, on-demand splits): the parents close (no
// more writes; readable until their records expire) and the children open with fresh limits and
// empty logs. Shards are never removed, so a shard index stays valid for the whole run; references
// to shards stay valid too (a deque).
#ifndef KDS_MODELS_STREAM_HPP_
#define KDS_MODELS_STREAM_HPP_

#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "models/hash_key_range.hpp"
#include "models/on_demand_scaling.hpp"
#include "models/producer_group.hpp"
#include "models/retention_schedule.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"
#include "models/shard_log.hpp"
#include "models/shard_read_limit.hpp"
#include "models/shard_write_limit.hpp"

namespace kds::models {

struct Shard {
  std::string shard_id;
  HashKeyRange range;
  ShardWriteLimit write_limit;
  ShardReadLimit read_limit;
  ShardLog log;
  std::vector<int> parents;  // the shards it was split or merged from: read those first (T20)
  double opened_s = 0;
  double closed_s = 0;  // valid when !open
  bool open = true;
  // SHARD_END: the shard is closed and a reader whose next record is `next_ordinal` read it all.
  bool ended_for(uint64_t next_ordinal) const {
    return !open && next_ordinal >= log.total_records();
  }
  // When it stops being open, for a run or window ending at end_s.
  double open_until_s(double end_s) const { return open ? end_s : closed_s; }
};

class Stream {
 public:
  // result: where the write path adds its metrics; it must outlive the stream.
  Stream(const Scenario& scenario, RunResult& result);
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  // Every shard ever opened, closed ones included.
  int shard_count() const { return static_cast<int>(shards_.size()); }
  int open_shard_count() const { return static_cast<int>(open_.size()); }
  Shard& shard(int i) { return *shard_at_[static_cast<size_t>(i)]; }
  const Shard& shard(int i) const { return *shard_at_[static_cast<size_t>(i)]; }
  // Index of the shard with this id, or -1.
  int find_shard(const std::string& shard_id) const;
  // The open shards, in hash-key order.
  const std::vector<int>& open_shards() const { return open_; }
  StreamMode mode() const { return mode_; }
  double slice_s() const { return slice_s_; }
  const RetentionSchedule& retention() const { return retention_; }
  // Records that arrived before this time are gone at now_s (retention, with its changes).
  double trim_horizon_s(double now_s) const { return retention_.trim_horizon_s(now_s); }

  // Whether a reader may start `shard`: every parent reached SHARD_END for it, as finished(p)
  // says. The KCL and Lambda read a parent to its end before its children, so per-key order holds
  // across a reshard (fact sheet §5, T20).
  template <class Finished>
  bool parents_finished(int shard, Finished&& finished) const {
    for (int p : shards_[static_cast<size_t>(shard)].parents) {
      if (!finished(p)) return false;
    }
    return true;
  }
  // Shard-hours open within [from_s, until_s) (what a per-shard charge such as EFO bills).
  double open_shard_hours(double from_s, double until_s) const;

  // For every shard open now, the share of its records in each of `lanes` lanes by partition key,
  // weighted by the producer groups' mean rates; closed shards get an empty vector.
  std::vector<std::vector<double>> lane_weights(int lanes) const;

  // Shard map changes, effective for the records of slice `slice` on. REQUIRES: the shards named
  // are open; merged shards are adjacent; count >= 1 (checks: models/control_plane.hpp).
  void split_shard(int shard, int64_t slice);
  void merge_shards(int a, int b, int64_t slice);
  // UpdateShardCount: every open shard closes; `count` shards split the key space evenly, each a
  // child of the closed shards its range overlaps.
  void update_shard_count(int count, int64_t slice);
  void switch_mode(StreamMode mode, int64_t slice);

  // Draws slice k's fresh records ahead for every group (ProducerGroup::draw_ahead); safe beside
  // the consumers, which never touch the producers. REQUIRES: write_slice(k - 1) was called.
  void draw_ahead(int64_t k) {
    for (auto& group : producers_) group.draw_ahead(k);
  }
  // Generates and admits slice k: every group's fresh records and due retries, per shard.
  // REQUIRES: k increases by one per call, from 0.
  void write_slice(int64_t k);
  // Adds the producers' totals, shard-hours and billing units to the result (call once, at the
  // end).
  void finish(double duration_s);

  static std::string shard_id_for(int index);

 private:
  int add_shard(const HashKeyRange& range, std::vector<int> parents, int64_t slice);
  void close_shard(int shard, int64_t slice);
  // The open shards in hash-key order, after any open or close (control-plane checks read it).
  void refresh_open_list();
  // After a shard map change: the producers' routing and the per-shard scratch.
  void shard_map_changed();
  // The producers' mean records/s for each range and lane (a key's lane: its hash modulo `lanes`).
  // REQUIRES: ranges sorted, contiguous and covering the key space.
  std::vector<std::vector<double>> load_by_range_and_lane(const std::vector<HashKeyRange>& ranges,
                                                          int lanes) const;
  // On demand: whether halving `shard` would divide its producers' load (not a single hot key).
  bool split_spreads_load(int shard) const;
  // A half carrying more than this share of the parent's load counts as not divided.
  static constexpr double kSplitHelpsBelow = 0.9;
  // On-demand: splits the shards the scaling model asks for before slice k.
  void scale_on_demand(int64_t k);

  const Scenario& scenario_;
  RunResult& result_;
  double slice_s_;
  RetentionSchedule retention_;
  StreamMode mode_;
  std::vector<std::pair<double, StreamMode>> mode_changes_;  // (from_s, mode), the first at 0
  OnDemandScaling on_demand_;
  double on_demand_capacity_seen_ = 0;  // capacity shards were last added for
  bool map_changed_ = false;            // shards opened or closed since the last shard_map_changed
  std::deque<Shard> shards_;
  // shard_at_[i] == &shards_[i]: every consumer looks shards up several times per step, and a
  // deque lookup divides and reads its block map first.
  std::vector<Shard*> shard_at_;
  std::vector<int> open_;
  std::vector<ProducerGroup> producers_;
  std::vector<PutOffer> offers_;                   // scratch, reused every slice
  std::vector<size_t> group_end_;                  // scratch: where each group's offers end
  std::vector<int64_t> offered_records_;           // scratch per shard
  std::vector<double> offered_limit_bytes_;        // scratch per shard: data + keys
  std::vector<int64_t> accept_left_, offer_left_;  // scratch per shard, for exact splitting
  // Scratch per shard: the limit bytes the write bucket was charged, and those stored.
  std::vector<double> charged_limit_bytes_, stored_limit_bytes_;
};

}  // namespace kds::models

#endif  // KDS_MODELS_STREAM_HPP_
