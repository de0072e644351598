// What each shard stored over time, for the fluid model's consumers: the cumulative count of
// records stored per shard at every step boundary. A consumer's position is a cumulative count
// (as a ShardLog ordinal is), so the arrival time of the record it reads next, hence its
// IteratorAge, is this history read backwards, and what retention took is the history at the trim
// horizon (a FIFO per shard, with records spread evenly over each step).
// Invariants: times increase; the array of a boundary has one entry per shard open or closed at
// that time (shards opened later are absent, i.e. had stored nothing).
// Memory: boundaries before what the consumers can still ask for (the trim horizon, mostly) are
// dropped, so a long run holds its retention period, not its whole history. Boundary indices
// (the hints) stay absolute across drops.
#ifndef KDS_MODELS_FLUID_ARRIVAL_HISTORY_HPP_
#define KDS_MODELS_FLUID_ARRIVAL_HISTORY_HPP_

#include <vector>

#include <Eigen/Core>

namespace kds::models {

class FluidArrivalHistory {
 public:
  // Starts at t_s = 0 with `shards` empty shards.
  explicit FluidArrivalHistory(int shards);

  // Adds the step ending at t_s, in which shard i stored stored[i] records of stored_bytes[i]
  // data bytes (shards may be more than at the previous boundary: the new ones start empty).
  // REQUIRES: t_s > latest_time().
  void append(double t_s, const Eigen::ArrayXd& stored, const Eigen::ArrayXd& stored_bytes);

  // Forgets the boundaries before the one at or before t_s: no later lookup asks for an earlier
  // time (REQUIRES of the caller). Costs O(1) amortized: the arrays are compacted in halves.
  void drop_before(double t_s);
  size_t boundaries_held() const { return times_.size(); }

  double latest_time() const { return times_.back(); }
  // Cumulative records per shard at the last boundary, and at the one before it.
  const Eigen::ArrayXd& latest() const { return cumulative_.back(); }
  // Records stored on every shard before t_s (linear within a step), for `shards` shards.
  Eigen::ArrayXd cumulative_at(double t_s, int shards) const;
  // The same for one shard.
  double cumulative_at(int shard, double t_s) const;
  // When the record at cumulative position `ordinal` of `shard` arrived. `hint` is a boundary
  // index at or before it, updated (positions only move forward, so lookups cost O(1) amortized);
  // a position at or past the latest record gives latest_time().
  double arrival_time(int shard, double ordinal, int& hint) const;
  // The mean data bytes of the records of the step that stored the record at `ordinal` (what a
  // reader behind reads next); 0 when none is known. `hint` as above, not updated.
  double bytes_per_record_at(int shard, double ordinal, int hint) const;

 private:
  // `boundary` here and below: an index into the arrays held (absolute minus base_).
  double at(size_t boundary, int shard) const {
    const Eigen::ArrayXd& c = cumulative_[boundary];
    return shard < c.size() ? c[shard] : 0.0;
  }
  size_t boundary_before(double t_s) const;  // the last boundary held at or before t_s
  // The boundary at or before the record at `ordinal` of `shard`, from `hint` on.
  size_t boundary_of(int shard, double ordinal, int hint) const;
  size_t base_ = 0;  // the absolute index of the first boundary held
  std::vector<double> times_;
  std::vector<Eigen::ArrayXd> cumulative_;
  // Per step (ending at times_[j + 1]): mean data bytes per stored record (float: 4 bytes each).
  std::vector<Eigen::ArrayXf> bytes_per_record_;
};

}  // namespace kds::models

#endif  // KDS_MODELS_FLUID_ARRIVAL_HISTORY_HPP_
