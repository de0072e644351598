// Flows, not records: a lane's buffer is a queue of pieces (count, bytes, arrival span); a batch is
// a piece taken from its head. Randomness per invocation only: whether it fails (error_rate) and
// whether its batch holds a poison record (1 - (1 - poison_records)^n). A lane blocked by a poison
// record under unlimited retries is not invoked in a loop: its retries over the step are counted
// in one go (one invocation per invocation duration) until the record expires.
#include "models/event_source_mapping.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "models/fast_round.hpp"
#include "models/limits.hpp"
#include "models/shard_iterator.hpp"
#include "models/units.hpp"

namespace kds::models {

namespace {
// Synchronous invocation payload limit (fact sheet §8 [BOTO-LAMBDA, LAMBDA-ARCH]): 6 MB.
constexpr double kMaxPayloadBytes = 6.0 * 1000 * 1000;
// How far ahead step() prefetches shards' data.
constexpr size_t kPrefetchShards = 8;
// The shortest invocation (Lambda bills at least 1 ms): bounds the retries of a blocked lane.
constexpr double kMinInvocationS = 0.001;
// How far ahead of its lanes the mapping fetches: this many batches per lane beyond what the lane
// can invoke within one step.
constexpr int64_t kBatchesBuffered = 2;

// The first `records` of `piece`, with bytes and arrival span in proportion.
LogPiece head_of(const LogPiece& piece, int64_t records) {
  if (records >= piece.records) return piece;
  const double f = static_cast<double>(records) / static_cast<double>(piece.records);
  const double span = piece.last_arrival_s - piece.first_arrival_s;
  const double last =
      piece.first_arrival_s + (piece.records > 1 ? span * static_cast<double>(records - 1) /
                                                       static_cast<double>(piece.records - 1)
                                                 : 0);
  return {records, round_half_away(piece.bytes * f), piece.first_arrival_s, last};
}
LogPiece tail_after(const LogPiece& piece, int64_t records) {
  const LogPiece head = head_of(piece, records);
  const double span = piece.last_arrival_s - piece.first_arrival_s;
  const double first = piece.records > 1
                           ? piece.first_arrival_s + span * static_cast<double>(records) /
                                                         static_cast<double>(piece.records - 1)
                           : piece.last_arrival_s;
  return {piece.records - records, piece.bytes - head.bytes, std::min(first, piece.last_arrival_s),
          piece.last_arrival_s};
}
}  // namespace

EventSourceMapping::EventSourceMapping(const ConsumerSpec& spec, const Scenario& scenario,
                                       Stream& stream, RunResult& run, size_t consumer_index,
                                       uint64_t seed)
    : spec_(spec),
      stream_(stream),
      run_(run),
      result_(run.consumers[consumer_index]),
      outgoing_(run.periods, scenario.report.shard_metrics),
      lanes_per_shard_(static_cast<size_t>(spec.parallelization_factor)),
      stopped_(scenario.events, EventSpec::Kind::kStopConsumer, spec.name),
      concurrency_(spec.concurrency_limit, stream.slice_s()),
      rng_(seed) {
  result_.lambda.concurrent_executions.assign(run.periods, 0.0);
  if (spec.output)
    output_chunk_bytes_ = output_chunk_bytes(*spec.output, scenario.prices);
  add_new_shards();
}

void EventSourceMapping::add_new_shards() {
  if (shards_.size() == static_cast<size_t>(stream_.shard_count())) return;
  const size_t lanes = lanes_per_shard_;
  const auto weights = stream_.lane_weights(spec_.parallelization_factor);
  while (shards_.size() < weights.size()) {
    const std::vector<double>& w = weights[shards_.size()];
    assert(w.empty() || w.size() == lanes);  // Stream::lane_weights: one weight per lane
    // A shard opened and closed between two steps has no weights of its own: split evenly.
    if (w.empty()) {
      lane_weights_.insert(lane_weights_.end(), lanes, 1.0 / static_cast<double>(lanes));
    } else {
      lane_weights_.insert(lane_weights_.end(), w.begin(), w.end());
    }
    shards_.emplace_back();
  }
  // A shard's lanes exist from the start, idle (busy until 0) until the shard starts.
  lanes_.resize(shards_.size() * lanes);
  busy_until_s_.resize(lanes_.size(), 0.0);
  lane_carry_.resize(lanes_.size(), 0.0);
  outgoing_.grow(shards_.size());
}

bool EventSourceMapping::fetch_step(double now_s) {
  if (!begin_fetch(now_s)) return false;
  FetchTally tally;
  fetch_range(0, fetch_count(), tally);
  end_fetch({&tally});
  return true;
}

bool EventSourceMapping::begin_fetch(double now_s) {
  if (now_s < spec_.start_at_s) return false;
  if (stopped_.contains(now_s)) return false;
  fetch_now_s_ = now_s;
  fetch_period_ = std::min(run_.periods - 1, static_cast<size_t>(now_s / run_.interval_s));
  fetch_horizon_s_ = stream_.trim_horizon_s(now_s);
  add_new_shards();
  const size_t n = shards_.size();
  const size_t lanes = lanes_per_shard_;
  fetched_.assign(n, 0);
  fetched_to_end_.assign(n, 0);
  to_fetch_.clear();
  for (size_t i = 0, s = first_shard_; i < n; ++i, s = s + 1 == n ? 0 : s + 1) {
    ShardMapping& m = shards_[s];
    if (m.finished) continue;
    if (m.started) {
      to_fetch_.push_back(s);
      continue;
    }
    if (!stream_.parents_finished(static_cast<int>(s), [this](int p) {
          return shards_[static_cast<size_t>(p)].finished;
        }))
      continue;
    // Started now: it fetches from the next step on.
    m.started = true;
    m.position = shard_start_position(spec_, stream_.shard(static_cast<int>(s)), now_s);
    m.pipe = TokenBucket(kShardReadBytesPerS, kShardReadBytesPerS);
    for (size_t l = 0; l < lanes; ++l) busy_until_s_[s * lanes + l] = now_s;
  }
  return true;
}

void EventSourceMapping::fetch_range(size_t from, size_t to, FetchTally& tally) {
  const size_t lanes = lanes_per_shard_;
  for (size_t i = from; i < to; ++i) {
    // The shards' data is far apart in memory: ask for the next shards' early (results unchanged).
    if (i + 2 * kPrefetchShards < to) {
      const size_t ahead = to_fetch_[i + 2 * kPrefetchShards];
      Shard& shard = stream_.shard(static_cast<int>(ahead));
      shard.log.prefetch_header();
      __builtin_prefetch(&shard.read_limit);
      __builtin_prefetch(&shards_[ahead]);
      __builtin_prefetch(&lanes_[ahead * lanes]);
      __builtin_prefetch(&lanes_[ahead * lanes + lanes - 1]);
    }
    if (i + kPrefetchShards < to) {
      const size_t ahead = to_fetch_[i + kPrefetchShards];
      stream_.shard(static_cast<int>(ahead)).log.prefetch_slice(shards_[ahead].position);
    }
    const size_t s = to_fetch_[i];
    ShardMapping& m = shards_[s];
    fetch(static_cast<int>(s), m, tally);
    fetched_[s] = 1;
    fetched_to_end_[s] = stream_.shard(static_cast<int>(s)).ended_for(m.position.ordinal) ? 1 : 0;
  }
}

void EventSourceMapping::end_fetch(const std::vector<FetchTally*>& tallies) {
  fetched_pieces_.resize(tallies.size());
  for (size_t t = 0; t < tallies.size(); ++t) {
    FetchTally* const tally = tallies[t];
    result_.get_records_calls += tally->get_records_calls;
    result_.read_throttled_calls += tally->read_throttled_calls;
    run_.stream.periods.read_throttled_calls[fetch_period_] +=
        static_cast<double>(tally->read_throttled_calls);
    result_.lost_records += tally->lost_records;
    fetched_pieces_[t].clear();
    fetched_pieces_[t].swap(tally->pieces);  // no copy: the tally is done with them
  }
}

void EventSourceMapping::lanes_step(double now_s) {
  const size_t period = std::min(run_.periods - 1, static_cast<size_t>(now_s / run_.interval_s));
  const double slice_s = stream_.slice_s();
  // Invocations still running from earlier steps already hold their part of this step's limit.
  concurrency_.forget_before(now_s);
  const size_t n = shards_.size();
  const size_t lanes = lanes_per_shard_;
  // The first lane the concurrency limit held back goes first in the next step, so a lane cannot
  // be passed over for ever (with one slot and two lanes, whichever came first would always win).
  bool any_refused = false;
  size_t first_refused_shard = 0, first_refused_lane = 0;
  // The fetched pieces are in the same shard order as this loop: each shard's go to its lanes
  // just before they run (one pass over the lanes' memory).
  size_t list = 0, next = 0;
  for (size_t i = 0, s = first_shard_; i < n; ++i, s = s + 1 == n ? 0 : s + 1) {
    if (!fetched_[s]) continue;
    ShardMapping& m = shards_[s];
    const size_t first_lane = s * lanes;
    for (;;) {
      if (list < fetched_pieces_.size() && next == fetched_pieces_[list].size()) {
        ++list;
        next = 0;
        continue;
      }
      if (list == fetched_pieces_.size() || fetched_pieces_[list][next].first != first_lane) break;
      split_over_lanes(first_lane, fetched_pieces_[list][next].second);
      ++next;
    }
    // The lanes work on what was fetched from now on, until the next poll.
    bool lanes_empty = true;
    for (size_t j = 0; j < lanes; ++j) {
      const size_t l = (first_lane_ + j) % lanes;
      Lane& lane = lanes_[first_lane + l];
      double& busy_until_s = busy_until_s_[first_lane + l];
      const bool refused = run_lane(static_cast<int>(s), static_cast<int>(l), lane, busy_until_s,
                                    now_s, now_s + slice_s, period);
      if (refused && !any_refused) {
        any_refused = true;
        first_refused_shard = s;
        first_refused_lane = l;
      }
      // Done means done: the last invocation finished by the end of this step.
      lanes_empty = lanes_empty && lane.buffered == 0 && lane.failing.empty() &&
                    busy_until_s <= now_s + slice_s;
    }
    m.finished = lanes_empty && fetched_to_end_[s];
  }
  for (; list < fetched_pieces_.size(); ++list, next = 0)
    assert(next == fetched_pieces_[list].size());  // every piece went to its shard's lanes
  if (any_refused) {
    first_shard_ = first_refused_shard;
    first_lane_ = first_refused_lane;
  } else {
    first_shard_ = (first_shard_ + 1) % std::max<size_t>(1, n);
  }
  // Every invocation that runs in this step has reserved its part of it by now.
  const double load = concurrency_.load_at(now_s);
  LambdaResult& lambda = result_.lambda;
  lambda.concurrent_executions[period] = std::max(lambda.concurrent_executions[period], load);
  lambda.max_concurrency =
      std::max(lambda.max_concurrency, static_cast<int>(std::ceil(load - 1e-9)));
}

void EventSourceMapping::fetch(int shard, ShardMapping& m, FetchTally& tally) {
  const double now_s = fetch_now_s_;
  const ShardLog& log = stream_.shard(shard).log;
  tally.lost_records += skip_expired(m.position, log, fetch_horizon_s_, stream_.slice_s());
  const size_t first_lane = static_cast<size_t>(shard) * lanes_per_shard_;
  Lane* const lanes_begin = lanes_.data() + first_lane;
  Lane* const lanes_end = lanes_begin + lanes_per_shard_;
  for (Lane* lane = lanes_begin; lane != lanes_end; ++lane)
    tally.lost_records += drop_expired(*lane, fetch_horizon_s_);
  const auto lanes = static_cast<int64_t>(lanes_per_shard_);
  // Caught up: one poll a second. Behind: up to the shard's 5 calls/s while the lanes have room.
  // The lanes run their batches after the fetch, within the step: the buffer must hold what they
  // can invoke in a step, or a fast function would be held to a couple of batches a second.
  const auto batches_per_step =
      static_cast<int64_t>(std::floor(stream_.slice_s() / duration_s(spec_.batch_size)));
  const int64_t capacity = lanes * spec_.batch_size * (kBatchesBuffered + batches_per_step);
  // What this fetch reads goes to the lanes in lanes_step (on the second thread): count it here.
  int64_t buffered = 0;
  for (const Lane* lane = lanes_begin; lane != lanes_end; ++lane) buffered += lane->buffered;
  for (int call = 0; call < kGetRecordsCallsPerSecondPerShard; ++call) {
    const int64_t room = capacity - buffered;
    if (room <= 0) return;
    double max_bytes = kMaxBytesPerGetRecords;
    if (spec_.use_efo) {
      m.pipe.refill(now_s);
      max_bytes = std::max(0.0, m.pipe.level());
      if (max_bytes <= 0) return;
    } else {
      tally.get_records_calls += 1;
      if (!stream_.shard(shard).read_limit.admit_call(now_s)) {
        tally.read_throttled_calls += 1;
        // This shard's own counter (the halves fetch different shards); the vector is not
        // resized during a mapping's step (shards open only in the write path).
        run_.shards[static_cast<size_t>(shard)].read_throttled_calls += 1;
        return;
      }
    }
    const LogRead read = log.read(m.position, std::min<int64_t>(room, kMaxRecordsPerGetRecords),
                                  max_bytes, now_s, [&](const LogPiece& piece) {
                                    tally.pieces.push_back({first_lane, piece});
                                  });
    m.position = read.end;
    buffered += read.records;
    if (spec_.use_efo) {
      m.pipe.take_debt(read.bytes);
    } else {
      stream_.shard(shard).read_limit.charge_response(read.bytes, now_s);
    }
    if (read.at_tip || read.records == 0) return;
  }
}

// A piece goes to the lanes in proportion to the shard's lane weights (partition keys by hash),
// with the same arrival span; fractional records carry over per lane so that counts stay whole.
void EventSourceMapping::split_over_lanes(size_t first_lane, const LogPiece& piece) {
  const size_t lanes = lanes_per_shard_;
  const double* const weights = lane_weights_.data() + first_lane;
  double* const carry = lane_carry_.data() + first_lane;
  int64_t left = piece.records;
  double bytes_left = piece.bytes;
  for (size_t l = 0; l < lanes && left > 0; ++l) {
    carry[l] += static_cast<double>(piece.records) * weights[l];
    int64_t share = std::min<int64_t>(left, static_cast<int64_t>(carry[l]));
    if (l + 1 == lanes) share = left;  // the last lane takes what rounding left over
    carry[l] -= static_cast<double>(share);
    if (share <= 0) continue;
    left -= share;
    const double bytes = left == 0 ? bytes_left
                                   : round_half_away(piece.bytes * static_cast<double>(share) /
                                                     static_cast<double>(piece.records));
    bytes_left -= bytes;
    Lane& lane = lanes_[first_lane + l];
    lane.buffer.push_back({share, bytes, piece.first_arrival_s, piece.last_arrival_s});
    lane.buffered += share;
  }
}

int64_t EventSourceMapping::drop_expired(Lane& lane, double horizon_s) {
  int64_t dropped = 0;
  while (!lane.buffer.empty() && lane.buffer.front().last_arrival_s < horizon_s) {
    dropped += lane.buffer.front().records;
    lane.buffered -= lane.buffer.front().records;
    lane.buffer.pop_front();
  }
  return dropped;
}

// Inlined (like invoke): once per lane and step, on the hot path.
inline LogPiece EventSourceMapping::take(Lane& lane, int64_t records) {
  // The common case, a lane that keeps up: the batch is the front piece whole (what the loop below
  // gives, without building it part by part).
  if (!lane.buffer.empty()) {
    const LogPiece& front = lane.buffer.front();
    if (front.records <= records && (front.records == records || lane.buffer.size() == 1)) {
      const LogPiece batch = front;
      lane.buffered -= batch.records;
      lane.buffer.pop_front();
      return batch;
    }
  }
  LogPiece batch{0, 0, 0, 0};
  while (records > 0 && !lane.buffer.empty()) {
    LogPiece& front = lane.buffer.front();
    const LogPiece part = head_of(front, records);
    if (batch.records == 0) batch.first_arrival_s = part.first_arrival_s;
    batch.records += part.records;
    batch.bytes += part.bytes;
    batch.last_arrival_s = part.last_arrival_s;
    records -= part.records;
    lane.buffered -= part.records;
    if (part.records >= front.records) {
      lane.buffer.pop_front();
    } else {
      front = tail_after(front, part.records);
    }
  }
  return batch;
}

// Lambda bills duration in 1 ms steps, rounded up (pipeline.md §3).
static double billed_s(double duration_s) {
  const double ms = duration_s * 1000;
  return std::ceil(ms - 1e-9 * std::max(1.0, ms)) / 1000;
}

double EventSourceMapping::sends_done_s(int64_t records, double t_s) const {
  if (!spec_.output || spec_.output->max_calls_per_s <= 0) return t_s;
  const OutputSend send = output_send(*spec_.output, records, 0, 1);
  return std::max(t_s, send_free_at_s_) +
         static_cast<double>(send.calls) / spec_.output->max_calls_per_s;
}

inline bool EventSourceMapping::invoke(const LogPiece& batch, bool poisoned, double t_s,
                                       double invocation_s, size_t period) {
  LambdaResult& lambda = result_.lambda;
  lambda.invocations += 1;
  const double finish_s = t_s + invocation_s;
  lambda.billed_duration_s += billed_s(invocation_s);
  // Lambda's IteratorAge: the age of the last record in the batch when processing finished.
  const double age_ms = (finish_s - batch.last_arrival_s) * 1000.0;
  result_.iterator_age_ms.add(age_ms);
  result_.max_iterator_age_ms[period] = std::max(result_.max_iterator_age_ms[period], age_ms);
  const bool failed =
      poisoned || (spec_.error_rate > 0 && std::bernoulli_distribution(spec_.error_rate)(rng_));
  if (failed) {
    lambda.errors += 1;
    return false;
  }
  // Processed when the invocation returns: the batch's records are delivered at its end.
  result_.propagation_delay_ms.add_uniform(period, (finish_s - batch.last_arrival_s) * 1000.0,
                                           (finish_s - batch.first_arrival_s) * 1000.0,
                                           static_cast<double>(batch.records));
  return true;
}

double EventSourceMapping::poison_arrival_s(const FailingBatch& f) {
  return head_of(f.records, f.poison_index + 1).last_arrival_s;
}

void EventSourceMapping::give_up(const LogPiece& batch) {
  if (spec_.on_failure == "none") return;
  result_.lambda.records_sent_to_on_failure += batch.records;
  result_.lambda.batches_sent_to_on_failure += 1;
}

bool EventSourceMapping::run_lane(int shard, int lane_index, Lane& lane, double& busy_until_s,
                                  double from_s, double to_s, size_t period) {
  double t = std::max(busy_until_s, from_s);
  // Every invocation first reserves its busy time against the concurrency limit
  // (models/reserved_concurrency.hpp); a lane refused waits for the next step. Throttles count
  // one per lane and second held back, whatever the slice.
  bool refused = false;
  const auto reserve = [&](double duration_s) {
    if (concurrency_.try_reserve(t, t + duration_s)) return true;
    result_.lambda.throttles += to_s - from_s;
    refused = true;
    return false;
  };
  // Called once the invocation ended (t is its end): the records are processed.
  const auto deliver = [&](const LogPiece& b) {
    account_delivery(result_, shard, period, b.records, b.bytes, t, outgoing_.stream(),
                     outgoing_.shard(static_cast<size_t>(shard)));
  };
  // After a failed invocation (t is its end): the records before a poison record are checkpointed
  // (T23); then the batch is split in halves (bisect_on_error), retried, or given up.
  const auto after_failure = [&](FailingBatch f) {
    if (f.poisoned && spec_.report_batch_item_failures && f.poison_index > 0) {
      deliver(head_of(f.records, f.poison_index));
      f.records = tail_after(f.records, f.poison_index);
      f.poison_index = 0;
    }
    if (spec_.bisect_on_error && f.records.records > 1) {
      // Halves are not retries: each keeps the batch's retry count, the first is invoked first.
      const int64_t half = f.records.records / 2;
      FailingBatch head = f, tail = f;
      head.records = head_of(f.records, half);
      tail.records = tail_after(f.records, half);
      head.retry_next = tail.retry_next = false;
      head.poisoned = f.poisoned && f.poison_index < half;
      tail.poisoned = f.poisoned && f.poison_index >= half;
      tail.poison_index = tail.poisoned ? f.poison_index - half : 0;
      lane.failing.push_back(tail);
      lane.failing.push_back(head);
      return;
    }
    const bool out_of_retries =
        spec_.max_retry_attempts >= 0 && f.retries >= spec_.max_retry_attempts;
    const bool too_old =
        spec_.max_record_age_s >= 0 && t - f.records.first_arrival_s > spec_.max_record_age_s;
    if (out_of_retries || too_old) {
      give_up(f.records);
      return;
    }
    f.retry_next = true;
    lane.failing.push_back(f);
  };
  while (t < to_s) {
    if (!lane.failing.empty()) {
      FailingBatch f = lane.failing.back();
      const bool unlimited = spec_.max_retry_attempts < 0 && spec_.max_record_age_s < 0;
      if (f.poisoned && f.retry_next && unlimited) {
        // Blocked until the poison record expires (T22): retried once per invocation meanwhile,
        // counted in one go. Retries start every invocation duration (at least Lambda's 1 ms)
        // until the step ends or the record expires; the last may end in a later step.
        const double d = std::max(kMinInvocationS, duration_s(f.records.records));
        const double expires_s = stream_.retention().expires_at(poison_arrival_s(f));
        const double until_s = std::min(to_s, expires_s);
        if (until_s > t) {
          const double retries = std::ceil((until_s - t) / d);
          if (!reserve(retries * d)) break;
          result_.lambda.invocations += retries;
          result_.lambda.billed_duration_s += retries * billed_s(d);
          result_.lambda.errors += retries;
          result_.lambda.retries += retries;
          // IteratorAge of each retry: the age of the batch's last record when it ended.
          const double first_age_ms = (t + d - f.records.last_arrival_s) * 1000.0;
          const double last_age_ms = (t + retries * d - f.records.last_arrival_s) * 1000.0;
          result_.iterator_age_ms.add_uniform(first_age_ms, last_age_ms, retries);
          result_.max_iterator_age_ms[period] =
              std::max(result_.max_iterator_age_ms[period], last_age_ms);
          t += retries * d;
        }
        if (t >= expires_s) {
          result_.lost_records += f.records.records;  // the batch expired with its poison record
          lane.failing.pop_back();
        }
        continue;
      }
      if (f.poisoned && t >= stream_.retention().expires_at(poison_arrival_s(f))) {
        lane.failing.pop_back();
        result_.lost_records += f.records.records;  // the poison record expired: the batch is gone
        continue;
      }
      if (!reserve(duration_s(f.records.records))) break;
      lane.failing.pop_back();
      if (f.retry_next) {
        result_.lambda.retries += 1;
        f.retries += 1;
      }
      // A retried batch's sends are not modelled: its invocation takes its own duration.
      const bool ok = invoke(f.records, f.poisoned, t, duration_s(f.records.records), period);
      t += duration_s(f.records.records);
      if (ok) {
        deliver(f.records);
      } else {
        after_failure(f);
      }
      continue;
    }
    if (lane.buffered == 0) break;
    // Batch: batch_size records, within the 6 MB payload, or what is there once the window passed.
    const LogPiece& oldest = lane.buffer.front();
    const double record_bytes =
        oldest.records > 0 ? oldest.bytes / static_cast<double>(oldest.records) : 1.0;
    const int64_t limit = std::max<int64_t>(
        1, std::min<int64_t>(spec_.batch_size,
                             static_cast<int64_t>(kMaxPayloadBytes / std::max(1.0, record_bytes))));
    if (lane.buffered < limit && spec_.batching_window_s > 0) {
      const double ready_s = oldest.first_arrival_s + spec_.batching_window_s;
      if (ready_s >= to_s) break;
      t = std::max(t, ready_s);
    }
    // With an output, the invocation lasts until its sends got through the target's quota.
    const int64_t records = std::min(limit, lane.buffered);
    const double sends_done = sends_done_s(records, t);
    const double invocation_s = std::max(duration_s(records), sends_done - t);
    if (!reserve(invocation_s)) break;
    const LogPiece batch = take(lane, limit);
    if (spec_.output) {
      const OutputSend send = output_send(*spec_.output, batch.records, batch.bytes,
                                          output_chunk_bytes_);
      OutputResult& out = result_.output;
      out.add(send);
      out.throttled_wait_s += invocation_s - duration_s(records);
      send_free_at_s_ = std::max(send_free_at_s_, sends_done);
    }
    // Whether the batch holds a poison record, and where (uniform within the batch).
    const bool poisoned =
        spec_.poison_records > 0 &&
        !std::bernoulli_distribution(
            std::pow(1.0 - spec_.poison_records, static_cast<double>(batch.records)))(rng_);
    if (result_.lambda.first_invocations.size() < LambdaResult::kMaxLoggedInvocations) {
      result_.lambda.first_invocations.push_back(
          {shard, lane_index, t, batch.first_arrival_s, batch.last_arrival_s});
    }
    const bool ok = invoke(batch, poisoned, t, invocation_s, period);
    t += invocation_s;
    if (ok) {
      deliver(batch);
      continue;
    }
    FailingBatch failed{batch, 0, false, poisoned, 0};
    if (poisoned) {
      const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
      failed.poison_index =
          std::min(static_cast<int64_t>(u * static_cast<double>(batch.records)), batch.records - 1);
    }
    after_failure(failed);
  }
  busy_until_s = std::max(t, busy_until_s);
  return refused;
}

uint64_t EventSourceMapping::needed_ordinal(int shard, double now_s) const {
  if (static_cast<size_t>(shard) < shards_.size() && shards_[static_cast<size_t>(shard)].started)
    return shards_[static_cast<size_t>(shard)].position.ordinal;
  return shard_first_needed(spec_, stream_.shard(shard), now_s);
}

void EventSourceMapping::finish(double end_s) {
  outgoing_.add_to(run_);
  double final_ms = 0;
  const double horizon_s = stream_.trim_horizon_s(end_s);
  for (size_t s = 0; s < static_cast<size_t>(stream_.shard_count()); ++s) {
    if (s >= shards_.size() || !shards_[s].started) {
      result_.lost_records +=
          expired_before_reading(spec_, stream_.shard(static_cast<int>(s)), end_s, horizon_s);
      continue;
    }
    ShardMapping& m = shards_[s];
    const ShardLog& log = stream_.shard(static_cast<int>(s)).log;
    result_.lost_records += skip_expired(m.position, log, horizon_s, stream_.slice_s());
    double oldest_ms = unprocessed_age_ms(log, m.position, end_s);
    for (size_t l = 0; l < lanes_per_shard_; ++l) {
      Lane& lane = lanes_[s * lanes_per_shard_ + l];
      result_.lost_records += drop_expired(lane, horizon_s);
      // Fetched but not yet (successfully) invoked: waiting in the lane, or failing.
      if (!lane.buffer.empty())
        oldest_ms = std::max(oldest_ms, (end_s - lane.buffer.front().first_arrival_s) * 1000.0);
      for (const FailingBatch& f : lane.failing)
        oldest_ms = std::max(oldest_ms, (end_s - f.records.first_arrival_s) * 1000.0);
      if (!lane.buffer.empty())
        final_ms = std::max(final_ms, (end_s - lane.buffer.back().last_arrival_s) * 1000.0);
    }
    result_.oldest_unprocessed_age_ms = std::max(result_.oldest_unprocessed_age_ms, oldest_ms);
  }
  result_.final_iterator_age_ms = final_ms;
  if (spec_.use_efo) {
    result_.efo_consumer_shard_hours = stream_.open_shard_hours(spec_.start_at_s, end_s);
  }
}

}  // namespace kds::models
