#include "models/polling_app.hpp"

#include <algorithm>
#include <cmath>

#include "models/limits.hpp"
#include "models/processing_time.hpp"
#include "models/shard_iterator.hpp"
#include "models/units.hpp"

namespace kds::models {

namespace {
constexpr double kNever = 1e300;  // the next poll of a lease at SHARD_END
}  // namespace

PollingApp::PollingApp(const ConsumerSpec& spec, const Scenario& scenario, Stream& stream,
                       RunResult& run, size_t consumer_index, uint64_t seed)
    : spec_(spec),
      stream_(stream),
      run_(run),
      result_(run.consumers[consumer_index]),
      get_records_latency_s_(scenario.service.get_records_latency_s),
      shard_metrics_(scenario.report.shard_metrics),
      rng_(seed),
      timing_(spec, scenario.events, rng_) {
  if (!spec.firehose) {
    result_.lease_table.emplace();
    table_ = &*result_.lease_table;
  }
  if (spec.output)
    output_chunk_bytes_ = output_chunk_bytes(*spec.output, scenario.prices);
  if (spec.firehose) {
    result_.firehose.emplace();
    firehose_.emplace(*spec.firehose, *result_.firehose, run.interval_s, run.periods,
                      firehose_billed_bytes_per_record(scenario));
    // "once per second for each shard": the round trip is part of the second.
    spec_.idle_time_between_reads_s = std::max(0.0, 1.0 - get_records_latency_s_);
  }
  for (int s = 0; s < stream.shard_count(); ++s) {
    ShardLease lease{s, s % spec.workers, {}, {}, 0, spec.start_at_s};
    leases_.push_back(lease);
  }
}

void PollingApp::sync_leases(double now_s) {
  for (int s = static_cast<int>(leases_.size()); s < stream_.shard_count(); ++s) {
    std::vector<int> unfinished(static_cast<size_t>(spec_.workers), 0);
    for (const ShardLease& lease : leases_) {
      if (!lease.finished) unfinished[static_cast<size_t>(lease.owner)] += 1;
    }
    int owner = -1;
    for (int w = 0; w < spec_.workers; ++w) {
      if (timing_.is_down(w, now_s)) continue;
      if (owner < 0 || unfinished[static_cast<size_t>(w)] < unfinished[static_cast<size_t>(owner)])
        owner = w;
    }
    // With every worker down, worker 0 holds it; a lease taker moves it once its lease expires.
    leases_.push_back(
        ShardLease{s, std::max(owner, 0), {}, {}, 0, std::max(now_s, spec_.start_at_s)});
  }
}

std::vector<size_t> PollingApp::leases_of(int worker) const {
  std::vector<size_t> owned;
  for (size_t i = 0; i < leases_.size(); ++i) {
    if (leases_[i].owner == worker) owned.push_back(i);
  }
  return owned;
}

std::vector<size_t> PollingApp::take_expired_leases(int worker, double now_s) {
  int up = 0;
  for (int w = 0; w < spec_.workers; ++w) up += timing_.is_down(w, now_s) ? 0 : 1;
  long unfinished = 0, owned = 0;
  for (const ShardLease& lease : leases_) {
    if (lease.finished) continue;
    unfinished += 1;
    owned += lease.owner == worker ? 1 : 0;
  }
  const long share = (unfinished + up - 1) / std::max(up, 1);
  std::vector<size_t> taken;
  for (size_t i = 0; i < leases_.size() && owned < share; ++i) {
    ShardLease& lease = leases_[i];
    if (lease.finished || lease.owner == worker || !timing_.is_down(lease.owner, now_s)) continue;
    if (now_s < timing_.leases_expire_at(lease.owner, now_s)) continue;
    result_.lease_takeover_delays_s.push_back(now_s - timing_.down_since(lease.owner, now_s));
    lease.owner = worker;
    table_write();  // the take: a conditional write of the lease's row
    resume_from_checkpoint(lease, now_s);
    taken.push_back(i);
    ++owned;
  }
  if (taken.empty() && owned < share) steal_a_lease(worker, share, now_s, taken);
  return taken;
}

void PollingApp::steal_a_lease(int worker, long share, double now_s, std::vector<size_t>& taken) {
  std::vector<long> held(static_cast<size_t>(spec_.workers), 0);
  for (const ShardLease& lease : leases_) {
    if (!lease.finished && !timing_.is_down(lease.owner, now_s))
      held[static_cast<size_t>(lease.owner)] += 1;
  }
  int most = -1;
  for (int w = 0; w < spec_.workers; ++w) {
    if (w != worker && (most < 0 || held[static_cast<size_t>(w)] > held[static_cast<size_t>(most)]))
      most = w;
  }
  if (most < 0 || held[static_cast<size_t>(most)] <= share) return;
  std::vector<size_t> candidates;
  for (size_t i = 0; i < leases_.size(); ++i) {
    if (!leases_[i].finished && leases_[i].owner == most) candidates.push_back(i);
  }
  const size_t i =
      candidates[std::uniform_int_distribution<size_t>(0, candidates.size() - 1)(rng_)];
  ShardLease& lease = leases_[i];
  // The old owner loses the lease at its next renewal; the records it processed since the last
  // checkpoint are processed again by the new one.
  lease.owner = worker;
  table_write();  // the steal: a conditional write of the lease's row
  resume_from_checkpoint(lease, now_s);
  result_.leases_stolen += 1;
  taken.push_back(i);
}

void PollingApp::restart_worker(int worker, double now_s) {
  for (ShardLease& lease : leases_) {
    if (lease.owner == worker) resume_from_checkpoint(lease, now_s);
  }
}

void PollingApp::resume_from_checkpoint(ShardLease& lease, double now_s) {
  if (lease.finished) return;  // SHARD_END is checkpointed: nothing to resume
  // Its new (or returning) holder renews it from now on.
  lease.renewed_to_s = now_s;
  lease.failed_renewals = 0;
  if (lease.started) {
    result_.duplicate_records +=
        static_cast<int64_t>(lease.position.ordinal - lease.checkpoint.ordinal);
    lease.position = lease.checkpoint;
  }
  // The taking worker's processor has nothing queued, and its fetcher starts now (the old
  // owner's wait for queue room does not apply).
  lease.next_poll_s = lease.started ? now_s : std::max(lease.next_poll_s, now_s);
  lease.phased = false;
  lease.processor = RecordProcessor();
}

bool PollingApp::table_write() {
  if (!table_) return true;
  table_->write_attempts += 1;
  if (write_success_ >= 1 || std::bernoulli_distribution(write_success_)(rng_)) return true;
  table_->writes_throttled += 1;
  return false;
}

bool PollingApp::renew(ShardLease& lease, double now_s) {
  if (!table_) return true;
  const double interval = timing_.renewal_interval_s();
  // Demand: the renewals of the leases being worked on, and the checkpoints the app wrote in the
  // last report period (before the first one ends: one per lease and poll, an upper bound).
  double active = 0;
  for (const ShardLease& l : leases_) active += l.started && !l.finished ? 1 : 0;
  const auto period = static_cast<size_t>(now_s / run_.interval_s);
  if (period != checkpoint_period_) {
    last_checkpoints_per_s_ = checkpoints_in_period_ / run_.interval_s;
    checkpoints_in_period_ = 0;
    checkpoint_period_ = period;
  }
  const double checkpoints_per_s =
      period == 0 ? active / std::max(spec_.idle_time_between_reads_s, 1e-3)
                  : last_checkpoints_per_s_;
  write_success_ = lease_table_write_success(spec_.lease_table, active, interval, checkpoints_per_s);
  const auto ticks = static_cast<int64_t>(std::floor(now_s / interval)) -
                     static_cast<int64_t>(std::floor(lease.renewed_to_s / interval));
  lease.renewed_to_s = now_s;
  for (int64_t k = 0; k < ticks; ++k) {
    if (table_write()) {
      lease.failed_renewals = 0;
      continue;
    }
    lease.failed_renewals += 1;
    // Not renewed for failover_time: expired. Its owner's next lease taker takes it again (a
    // write) and the lease resumes from its checkpoint.
    // The KCL loses a lease failover_time after its last successful renewal: the third failure
    // in a row with renewals every failover_time / 3 - 25 ms.
    if (static_cast<double>(lease.failed_renewals + 1) * interval > spec_.failover_time_s) {
      table_->leases_expired += 1;
      const double taken_s = timing_.next_taker_run_after(lease.owner, now_s);
      table_write();
      resume_from_checkpoint(lease, taken_s);
      lease.next_poll_s = taken_s;
      lease.failed_renewals = 0;
      lease.renewed_to_s = taken_s;
      return false;
    }
  }
  return true;
}

void PollingApp::start(ShardLease& lease, double now_s) {
  lease.position = shard_start_position(spec_, stream_.shard(lease.shard), now_s);
  lease.started = true;
  lease.checkpoint = lease.position;
  lease.checkpointed_s = now_s;
  lease.renewed_to_s = now_s;  // its renewals start with it
}

void PollingApp::poll(size_t i) {
  ShardLease& lease = leases_[i];
  const double now_s = lease.next_poll_s;
  if (!lease.started) {
    // A child shard waits for its parents' SHARD_END checkpoints (the KCL's parent check), which
    // come after their last batch was processed.
    if (!stream_.parents_finished(lease.shard, [this, now_s](int p) {
          const ShardLease& parent = leases_[static_cast<size_t>(p)];
          return parent.finished && parent.finished_at_s <= now_s;
        })) {
      lease.next_poll_s = now_s + spec_.idle_time_between_reads_s;
      return;
    }
    start(lease, now_s);
  }
  if (!renew(lease, now_s)) return;
  const int64_t lost = skip_expired(lease.position, stream_.shard(lease.shard).log,
                                    stream_.trim_horizon_s(now_s), stream_.slice_s());
  if (lost > 0) {
    result_.lost_records += lost;
    // Expired records cannot be replayed: a later failover resumes no earlier than the horizon.
    if (lease.checkpoint.ordinal < lease.position.ordinal) lease.checkpoint = lease.position;
  }
  Shard& shard = stream_.shard(lease.shard);
  ShardResult& shard_result = run_.shards[static_cast<size_t>(lease.shard)];
  const size_t period = std::min(run_.periods - 1, static_cast<size_t>(now_s / run_.interval_s));
  result_.get_records_calls += 1;
  // Apps and their shard loops start at unrelated moments: the first wait is a random part of the
  // idle time, so that apps started together do not poll in lockstep.
  double idle_s = spec_.idle_time_between_reads_s;
  if (!lease.phased) {
    idle_s *= std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
    lease.phased = true;
  }
  if (!shard.read_limit.admit_call(now_s)) {
    result_.read_throttled_calls += 1;
    result_.periods.read_throttled_calls[period] += 1;
    shard_result.read_throttled_calls += 1;
    run_.stream.periods.read_throttled_calls[period] += 1;
    if (shard_metrics_) shard_result.periods.read_throttled_calls[period] += 1;
    // AWS: "wait 1 second between calls" after a throttle; then the loop's usual idle time.
    lease.next_poll_s = now_s + get_records_latency_s_ + spec_.throttle_backoff_s + idle_s;
    return;
  }
  const double delivered_s = now_s + get_records_latency_s_;
  pieces_.clear();
  const LogRead read =
      shard.log.read(lease.position, spec_.max_records, kMaxBytesPerGetRecords, now_s,
                     [&](const LogPiece& piece) { pieces_.push_back(piece); });
  shard.read_limit.charge_response(read.bytes, now_s);
  lease.position = read.end;
  lease.finished = shard.ended_for(lease.position.ordinal);
  // A checkpoint is a lease-table write; a throttled one leaves the checkpoint behind (SHARD_END
  // is retried until it succeeds: kds-sim counts it as done).
  // The KCL checkpoints after processing a batch: an empty response writes nothing.
  if (lease.finished || (read.records > 0 && (spec_.checkpoint_every_s <= 0 ||
                                              now_s - lease.checkpointed_s >= spec_.checkpoint_every_s))) {
    checkpoints_in_period_ += 1;
    if (table_write() || lease.finished) {
      lease.checkpoint = lease.position;
      lease.checkpointed_s = now_s;
    }
  }
  // GetRecords.IteratorAgeMilliseconds: now minus the arrival of the last record returned; zero
  // when the call returned nothing because the iterator is at the tip.
  const double age_ms = read.records > 0 ? (now_s - read.last_arrival_s) * 1000.0 : 0.0;
  lease.last_iterator_age_ms = age_ms;
  result_.iterator_age_ms.add(age_ms);
  result_.max_iterator_age_ms[period] = std::max(result_.max_iterator_age_ms[period], age_ms);
  // MillisBehindLatest (KCL): how far the last record returned is behind the shard's tip; zero
  // when the call read up to the tip.
  const double behind_ms =
      read.at_tip || read.records == 0
          ? 0.0
          : std::max(0.0, shard.log.last_readable_arrival_s(now_s) - read.last_arrival_s) * 1000.0;
  result_.max_millis_behind_latest[period] =
      std::max(result_.max_millis_behind_latest[period], behind_ms);
  account_delivery(result_, lease.shard, period, read.records, read.bytes, delivered_s,
                   run_.stream.periods, shard_metrics_ ? &shard_result.periods : nullptr);
  // The KCL calls processRecords only for a non-empty batch (callProcessRecordsEvenForEmptyRecordList
  // is off by default): an empty response takes no processing time.
  double processing_s =
      read.records > 0 ? processing_time_s(spec_.processing, read.records, read.bytes, rng_) : 0;
  // consumers[].output: the batch's sends wait for the target's quota, one clock for the app.
  if (spec_.output && read.records > 0) {
    const OutputSend send = output_send(*spec_.output, read.records, read.bytes, output_chunk_bytes_);
    OutputResult& out = result_.output;
    out.add(send);
    if (spec_.output->max_calls_per_s > 0) {
      const double start_s = std::max(delivered_s, lease.processor.free_at_s());
      const double sends_done_s = std::max(start_s, send_free_at_s_) +
                                  static_cast<double>(send.calls) / spec_.output->max_calls_per_s;
      send_free_at_s_ = sends_done_s;
      const double with_sends_s = std::max(processing_s, sends_done_s - start_s);
      out.throttled_wait_s += with_sends_s - processing_s;
      processing_s = with_sends_s;
    }
  }
  const double started_s =
      lease.processor.accept(delivered_s, processing_s, read.records, read.bytes);
  record_processed_delays(period, started_s, processing_s, read.records, read.bytes);
  if (firehose_ && !pieces_.empty()) {
    double oldest_s = pieces_.front().first_arrival_s;
    for (const LogPiece& piece : pieces_) oldest_s = std::min(oldest_s, piece.first_arrival_s);
    firehose_->receive(delivered_s, read.records, read.bytes, oldest_s);
  }
  const double processed_s = started_s + processing_s;
  lease.next_poll_s =
      spec_.prefetch ? lease.processor.room_at(delivered_s + idle_s) : processed_s + idle_s;
  if (lease.finished) {
    lease.finished_at_s = processed_s;
    lease.next_poll_s = kNever;
  }
}

void PollingApp::record_processed_delays(size_t period, double started_s, double processing_s,
                                         int64_t records, double read_bytes) {
  if (records <= 0) return;
  // The batch's own part of processing_s, in proportion (jitter scales both parts).
  const ProcessingSpec& p = spec_.processing;
  const double nominal_s = p.per_batch_s + p.per_record_s * static_cast<double>(records) +
                           p.per_mib_s * read_bytes / kBytesPerMiB;
  const double batch_s = nominal_s > 0 ? processing_s * p.per_batch_s / nominal_s : 0;
  const double per_record_s = (processing_s - batch_s) / static_cast<double>(records);
  const double first_done_s = started_s + batch_s + per_record_s;  // the batch's first record
  double before = 0;  // records of the batch ahead of the piece
  for (const LogPiece& piece : pieces_) {
    const auto n = static_cast<double>(piece.records);
    // Arrivals and completions both advance evenly through the piece: its delays spread evenly
    // between those of its first and its last record.
    const double first_ms = (first_done_s + before * per_record_s - piece.first_arrival_s) * 1000.0;
    const double last_ms =
        (first_done_s + (before + n - 1) * per_record_s - piece.last_arrival_s) * 1000.0;
    result_.propagation_delay_ms.add_uniform(period, std::min(first_ms, last_ms),
                                             std::max(first_ms, last_ms), n);
    before += n;
  }
}

uint64_t PollingApp::needed_ordinal(int shard, double now_s) const {
  if (static_cast<size_t>(shard) >= leases_.size())
    return shard_first_needed(spec_, stream_.shard(shard), now_s);
  const ShardLease& lease = leases_[static_cast<size_t>(shard)];
  // A lease may go back to its checkpoint after a failover: keep what lies after it.
  if (lease.started) return std::min(lease.position.ordinal, lease.checkpoint.ordinal);
  return shard_first_needed(spec_, stream_.shard(shard), now_s);
}

void PollingApp::finish(double end_s) {
  double final_age_ms = 0;
  const double horizon_s = stream_.trim_horizon_s(end_s);
  for (int s = static_cast<int>(leases_.size()); s < stream_.shard_count(); ++s)
    result_.lost_records += expired_before_reading(spec_, stream_.shard(s), end_s, horizon_s);
  for (auto& lease : leases_) {
    if (!lease.started) {
      result_.lost_records +=
          expired_before_reading(spec_, stream_.shard(lease.shard), end_s, horizon_s);
      continue;
    }
    result_.lost_records += skip_expired(lease.position, stream_.shard(lease.shard).log,
                                         stream_.trim_horizon_s(end_s), stream_.slice_s());
    result_.oldest_unprocessed_age_ms =
        std::max(result_.oldest_unprocessed_age_ms,
                 unprocessed_age_ms(stream_.shard(lease.shard).log, lease.position, end_s));
    final_age_ms = std::max(final_age_ms, lease.last_iterator_age_ms);
  }
  result_.final_iterator_age_ms = final_age_ms;
  if (firehose_) firehose_->finish(end_s);
  // Each worker's lease taker scans the table (one item per lease) every taker interval.
  if (table_) {
    const double runs = std::max(0.0, end_s - spec_.start_at_s) / timing_.taker_interval_s();
    table_->reads = std::floor(runs) * spec_.workers * static_cast<double>(leases_.size());
  }
}

}  // namespace kds::models
