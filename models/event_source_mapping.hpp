// A Lambda event source mapping on the stream (SPEC §2 consumers[] type "lambda", fact sheet §8).
//
// Per shard the mapping polls once a second while caught up and keeps fetching while behind (up to
// 5 GetRecords calls per second, sharing the shard's 2 MiB/s), or reads through its own enhanced
// fan-out pipe (use_efo). Fetched records are split by partition key (hash modulo the factor) into
// parallelization_factor lanes; each lane invokes the function on batches in order, so per-key
// order holds and per-shard order does not. A batch leaves when it holds batch_size records, when
// it reaches the 6 MB synchronous payload limit, or when batching_window has passed since its
// oldest record. The mapping runs at most concurrency_limit invocations at once (busy lane time
// per slice, models/reserved_concurrency.hpp, so short invocations hold little of it); lanes that
// would exceed it wait for the next step and count as throttles. Failures: an invocation fails with probability error_rate;
// a batch holding a poison record always fails. A failing batch is retried until max_retry_attempts
// or max_record_age; with the defaults a poison record blocks its lane, and so its shard, until the
// record expires (T22). bisect_on_error splits every failing batch of two records or more in halves
// (not counted as retries), the first half invoked first, so a poison record ends up alone and a
// transient error costs a retry of one record only; report_batch_item_failures checkpoints at the
// failed record (T23), so the records before it succeed. Batches that exhaust their retries go to
// the on_failure destination and are counted. The mapping is stepped once per time slice; lanes
// carry their busy time across steps. A child shard of a reshard starts at its first record once
// its parents are done (fetched to SHARD_END and every lane empty), so per-key order holds across a
// reshard (T20).
#ifndef KDS_MODELS_EVENT_SOURCE_MAPPING_HPP_
#define KDS_MODELS_EVENT_SOURCE_MAPPING_HPP_

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "models/outgoing_totals.hpp"
#include "models/reserved_concurrency.hpp"
#include "models/ring_buffer.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"
#include "models/shard_log.hpp"
#include "models/stop_windows.hpp"
#include "models/stream.hpp"
#include "models/stream_reader.hpp"
#include "models/token_bucket.hpp"

namespace kds::models {

class EventSourceMapping : public StreamReader {
 public:
  // The mapping records into run.consumers[consumer_index]; stream and run must outlive it.
  EventSourceMapping(const ConsumerSpec& spec, const Scenario& scenario, Stream& stream,
                     RunResult& run, size_t consumer_index, uint64_t seed);

  const ConsumerSpec& spec() const { return spec_; }
  // Runs every shard's fetches and invocations for the step that ends at now_s.
  void step(double now_s) {
    if (fetch_step(now_s)) lanes_step(now_s);
  }
  // The two halves of a step. fetch_step reads the shards (GetRecords, shared with the polling
  // apps) and returns whether the mapping runs at now_s; lanes_step then runs the invocations on
  // what was fetched. lanes_step touches only the mapping's own state (its outgoing totals are
  // added to the run's at finish()), so the engine runs it on a second thread
  // (sim/background_worker.hpp) and waits for it before the next fetch_step.
  bool fetch_step(double now_s);
  void lanes_step(double now_s);

  // fetch_step in parts, for the engine to fetch two halves of the shards on two threads: the
  // shards touch only their own read limits and state, and each half adds its counts and pieces
  // to its own tally. begin_fetch returns whether the mapping runs at now_s.
  struct FetchTally {
    int64_t get_records_calls = 0;
    int64_t read_throttled_calls = 0;
    int64_t lost_records = 0;
    std::vector<std::pair<size_t, LogPiece>> pieces;  // (shard's first lane, piece), in order
  };
  bool begin_fetch(double now_s);
  size_t fetch_count() const { return to_fetch_.size(); }
  // Fetches shards [from, to) of this step's list.
  void fetch_range(size_t from, size_t to, FetchTally& tally);
  // Adds the tallies, in order, once every range was fetched.
  void end_fetch(const std::vector<FetchTally*>& tallies);

  uint64_t needed_ordinal(int shard, double now_s) const override;
  void finish(double end_s) override;

 private:
  // A batch that failed, waiting to be invoked again: retried whole, or one of the halves that
  // bisect_on_error split it into.
  struct FailingBatch {
    LogPiece records{0, 0, 0, 0};
    int retries = 0;           // retries made so far (halves keep their batch's count)
    bool retry_next = false;   // its next invocation is a retry (not the first try of a half)
    bool poisoned = false;     // holds a poison record: fails every time
    int64_t poison_index = 0;  // poisoned: records before the poison record in `records`
  };
  // Per shard and lane, in flat arrays indexed shard * parallelization_factor + lane, so that a
  // step walks memory in order. add_new_shards() appends a new shard's lanes (and may move them
  // all), so no reference to a lane outlives a step.
  struct Lane {
    RingBuffer<LogPiece> buffer;  // fetched records waiting, in arrival order
    int64_t buffered = 0;
    // Failed batches still to invoke, the next at the back; the lane's new batches wait for them.
    std::vector<FailingBatch> failing;
  };
  struct ShardMapping {
    bool started = false;
    bool finished = false;   // SHARD_END: a closed shard fetched to its end and every lane empty
    LogPosition position;    // next record to fetch
    TokenBucket pipe{0, 0};  // use_efo: the dedicated 2 MiB/s
  };

  // Adds a mapping for every shard opened since the last call (all of them at the start).
  void add_new_shards();
  void fetch(int shard, ShardMapping& m, FetchTally& tally);
  void split_over_lanes(size_t first_lane, const LogPiece& piece);
  // Runs one lane's invocations over [from_s, to_s); returns whether the concurrency limit held
  // it back.
  bool run_lane(int shard, int lane_index, Lane& lane, double& busy_until_s, double from_s,
                double to_s, size_t period);
  // Invokes the function on `batch` at time t_s; returns whether it succeeded.
  bool invoke(const LogPiece& batch, bool poisoned, double t_s, double invocation_s,
              size_t period);
  // Takes up to `records` from the head of the lane's buffer as one piece.
  LogPiece take(Lane& lane, int64_t records);
  // Drops the lane's records that arrived before horizon_s; returns how many (they are lost).
  static int64_t drop_expired(Lane& lane, double horizon_s);
  double duration_s(int64_t records) const {
    return spec_.per_invoke_s + spec_.per_record_invoke_s * static_cast<double>(records);
  }
  // When the sends of a batch of `records` starting at t_s got through the target's quota (t_s
  // without an output or a quota).
  double sends_done_s(int64_t records, double t_s) const;
  void give_up(const LogPiece& batch);  // retries exhausted: to the on_failure destination
  // Arrival time of a poisoned batch's poison record.
  static double poison_arrival_s(const FailingBatch& f);

  ConsumerSpec spec_;
  Stream& stream_;
  RunResult& run_;
  ConsumerResult& result_;
  OutgoingTotals outgoing_;
  size_t lanes_per_shard_;  // parallelization_factor
  std::vector<ShardMapping> shards_;
  std::vector<Lane> lanes_;
  std::vector<double> busy_until_s_;  // per lane: when its current invocation ends
  // consumers[].output: when the target's quota is free again. One clock for the whole mapping:
  // its lanes together never send more than the quota (models/downstream_output.hpp).
  double send_free_at_s_ = 0;
  double output_chunk_bytes_ = 65536;  // the target's billing chunk (price file)
  std::vector<double> lane_weights_;  // per lane: share of the shard's records (by key hash)
  std::vector<double> lane_carry_;    // per lane: fractional records owed to it
  std::vector<size_t> to_fetch_;      // this step's shards to fetch, in rotation order
  double fetch_now_s_ = 0;
  double fetch_horizon_s_ = 0;
  size_t fetch_period_ = 0;
  // One byte per shard, never bits: the two fetch halves write different shards' flags at once.
  std::vector<uint8_t> fetched_;  // per shard: fetched in this step (its lanes run)
  // The pieces fetch_step read, for lanes_step to split over the lanes: (shard's first lane,
  // piece).
  std::vector<std::vector<std::pair<size_t, LogPiece>>> fetched_pieces_;  // one list per tally
  std::vector<uint8_t> fetched_to_end_;  // per shard: a closed shard fetched to SHARD_END
  StopWindows stopped_;
  // Busy lane time per slice against concurrency_limit (ConcurrentExecutions).
  ReservedConcurrency concurrency_;
  // Where the next step starts: rotates by a shard, or starts at the first lane the concurrency
  // limit held back, so that it throttles shards and lanes in turn.
  size_t first_shard_ = 0;
  size_t first_lane_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace kds::models

#endif  // KDS_MODELS_EVENT_SOURCE_MAPPING_HPP_
