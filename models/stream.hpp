// A provisioned data stream: its shards (hash-key range, write limit, read limit, stored records)
// and the write path that admits the producer groups' offers slice by slice.
//
// Ownership: the Stream owns its shards and producer groups. Consumers read shards through
// shard(i) and charge the shared read limit directly: a direct call on the shared model is exact
// and cheaper than a message. Shard ids follow the API's spelling, shardId-000000000000.
#ifndef KDS_MODELS_STREAM_HPP_
#define KDS_MODELS_STREAM_HPP_

#include <cstdint>
#include <string>
#include <vector>

#include "models/hash_key_range.hpp"
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
};

class Stream {
 public:
  // result: where the write path adds its metrics; it must outlive the stream.
  Stream(const Scenario& scenario, RunResult& result);
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  int shard_count() const { return static_cast<int>(shards_.size()); }
  Shard& shard(int i) { return shards_[static_cast<size_t>(i)]; }
  double slice_s() const { return slice_s_; }
  const RetentionSchedule& retention() const { return retention_; }
  // Records that arrived before this time are gone at now_s (retention, with its changes).
  double trim_horizon_s(double now_s) const { return retention_.trim_horizon_s(now_s); }

  // For every shard, the share of its records in each of `lanes` lanes by partition key, weighted
  // by the producer groups' mean rates (computed once; a consumer asks at construction).
  std::vector<std::vector<double>> lane_weights(int lanes) const;

  // Generates and admits slice k: every group's fresh records and due retries, per shard.
  // REQUIRES: k increases by one per call, from 0.
  void write_slice(int64_t k);
  // Adds the producers' totals and billing units to the result (call once, at the end).
  void finish(double duration_s);

  static std::string shard_id_for(int index);

 private:
  const Scenario& scenario_;
  RunResult& result_;
  double slice_s_;
  RetentionSchedule retention_;
  std::vector<Shard> shards_;
  std::vector<ProducerGroup> producers_;
  std::vector<PutOffer> offers_;                   // scratch, reused every slice
  std::vector<int64_t> offered_records_;           // scratch per shard
  std::vector<double> offered_limit_bytes_;        // scratch per shard: data + keys
  std::vector<int64_t> accept_left_, offer_left_;  // scratch per shard, for exact splitting
};

}  // namespace kds::models

#endif  // KDS_MODELS_STREAM_HPP_
