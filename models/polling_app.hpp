// A shared-throughput consumer application, KCL-style (SPEC §2 consumers[] type "polling").
//
// The app's `workers` share the shard leases evenly (shard i starts with worker i mod workers).
// Each lease runs its own loop, as a KCL ShardConsumer does: GetRecords, process the batch,
// checkpoint (after every batch, or every checkpoint_every seconds), wait idle_time_between_reads,
// again. A throttled call (ReadProvisionedThroughputExceeded) returns nothing and the lease waits
// throttle_backoff (AWS recommends 1 s) plus its idle time. Records older than the retention period
// are gone: a lease behind the trim horizon jumps to it and counts the skipped records as lost.
// Failover (fact sheet §9, T24): a stopped worker's leases expire and other workers' lease takers
// take them (models/kcl_lease_timing.hpp); a lease resumes from its last checkpoint, so the records
// read since then are delivered again and counted as duplicates. A worker that comes back resumes
// the leases it still owns from their checkpoints.
// Resharding (T20): a child shard's lease starts at the child's first record once its parents'
// leases checkpointed SHARD_END; until then the lease only waits. A lease that reaches SHARD_END
// checkpoints it and polls no more.
// Timing: a call sent at t is served at t (the read limit and the readable records are those of t)
// and its records reach the app at t + get_records_latency. The lease's record processor takes the
// batches in order (models/record_processor.hpp); with prefetch (KCL 2.x/3.x) the next call goes
// out the idle time after the records arrived, once the prefetch queue has room; without it (KCL
// 1.x) after the batch was processed and the idle time.
#ifndef KDS_MODELS_POLLING_APP_HPP_
#define KDS_MODELS_POLLING_APP_HPP_

#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include "models/firehose_delivery_stream.hpp"
#include "models/kcl_lease_timing.hpp"
#include "models/record_processor.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"
#include "models/shard_log.hpp"
#include "models/stream.hpp"
#include "models/stream_reader.hpp"

namespace kds::models {

struct ShardLease {
  int shard;
  int owner;  // the worker holding the lease
  LogPosition position;
  LogPosition checkpoint;
  double checkpointed_s = 0;
  double next_poll_s;
  bool started = false;
  bool phased = false;       // the first, randomly shortened, idle time is behind it
  bool finished = false;     // SHARD_END checkpointed: a closed shard read to its end
  double finished_at_s = 0;  // when the last batch was processed and SHARD_END checkpointed
  double last_iterator_age_ms = 0;
  RecordProcessor processor;  // the owner's record processor for this lease
  double renewed_to_s = 0;    // lease-table renewals are accounted up to this time
  int failed_renewals = 0;    // in a row
};

class PollingApp : public StreamReader {
 public:
  // The app records into run.consumers[consumer_index] and run.shards; stream and run must outlive
  // it.
  PollingApp(const ConsumerSpec& spec, const Scenario& scenario, Stream& stream, RunResult& run,
             size_t consumer_index, uint64_t seed);
  PollingApp(const PollingApp&) = delete;
  PollingApp& operator=(const PollingApp&) = delete;

  const ConsumerSpec& spec() const { return spec_; }
  const KclLeaseTiming& timing() const { return timing_; }
  ShardLease& lease(size_t i) { return leases_[i]; }
  size_t lease_count() const { return leases_.size(); }
  // Creates the leases of shards opened since the last call, each for the up worker holding the
  // fewest unfinished leases (the KCL's shard syncer and lease taker, folded into one step).
  void sync_leases(double now_s);
  // Indexes of the leases `worker` holds.
  std::vector<size_t> leases_of(int worker) const;

  // A cache hint: lease i is polled next (no effect on results).
  void prefetch(size_t i) const {
    __builtin_prefetch(&leases_[i]);
    const Shard& shard = stream_.shard(static_cast<int>(i));  // lease i is shard i's
    shard.log.prefetch_header();
    __builtin_prefetch(&shard.read_limit);
  }
  // Runs one GetRecords cycle of lease i at its next_poll_s and sets its next poll time.
  // REQUIRES: its owner is up at that time.
  void poll(size_t i);
  // The lease taker of `worker` at now_s: takes expired leases of stopped workers, up to an even
  // share of all leases among the workers that are up; with none to take and fewer than its share,
  // steals one lease at random from the live worker holding the most, if that one holds more than
  // the share (KCL 2.x, maxLeasesToStealAtOneTime 1; fact sheet §9). Returns the leases taken.
  std::vector<size_t> take_expired_leases(int worker, double now_s);
  // `worker` comes back at now_s: the leases it still holds resume from their checkpoints.
  void restart_worker(int worker, double now_s);

  // The first record of `shard` this app may still need at now_s (memory below it can be freed).
  uint64_t needed_ordinal(int shard, double now_s) const override;
  // Counts the records still unread and already expired at end_s, and the final IteratorAge.
  void finish(double end_s) override;

 private:
  // The stealing part of take_expired_leases: adds the lease stolen, if any, to `taken`.
  void steal_a_lease(int worker, long share, double now_s, std::vector<size_t>& taken);
  void start(ShardLease& lease, double now_s);
  // Records the propagation delays of a call's records (pieces_), each processed in turn by the
  // lease's record processor: the batch's per_batch time first, then the records at an even
  // pace, so the last record of a batch is done processing_s after started_s.
  void record_processed_delays(size_t period, double started_s, double processing_s,
                               int64_t records, double read_bytes);
  // The lease's renewals (models/kcl_lease_table.hpp) up to now_s. Returns false if throttled
  // renewals let it expire: then it was taken again at the owner's next lease-taker run, from its
  // checkpoint, and polls then.
  bool renew(ShardLease& lease, double now_s);
  // A lease-table write: true if it succeeds (always on demand).
  bool table_write();
  // Rolls a lease back to its checkpoint; what was read since is counted as duplicates.
  void resume_from_checkpoint(ShardLease& lease, double now_s);

  ConsumerSpec spec_;
  Stream& stream_;
  RunResult& run_;
  ConsumerResult& result_;
  double get_records_latency_s_;
  bool shard_metrics_;
  std::mt19937_64 rng_;
  KclLeaseTiming timing_;
  std::vector<ShardLease> leases_;  // one per shard, in shard order
  std::vector<LogPiece> pieces_;    // the pieces of the call being served (reused)
  std::optional<FirehoseDeliveryStream> firehose_;  // type "firehose": where the records go
  LeaseTableResult* table_ = nullptr;                // KCL apps (not Firehose)
  double write_success_ = 1;  // the lease table's share of writes that succeed now
  size_t checkpoint_period_ = 0;      // the report period checkpoints_in_period_ counts
  double checkpoints_in_period_ = 0;  // checkpoint writes attempted in it
  double last_checkpoints_per_s_ = 0;
  // consumers[].output: when the target's quota is free again (one clock for the app).
  double send_free_at_s_ = 0;
  double output_chunk_bytes_ = 65536;
};

}  // namespace kds::models

#endif  // KDS_MODELS_POLLING_APP_HPP_
