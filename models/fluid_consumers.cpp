// Consumers as flows, one Eigen array per quantity over shards, looping over time only.
//
// Each step has three phases:
//  1. Per consumer: the shards it starts (at its start_at with its start position; a child of a
//     reshard once every parent was read to its end, T20, plus the consumer's hand-over delay), its
//     own service rate per shard (models/fluid_service_rates.hpp) and what it wants to read:
//     want = min(unread records, rate x running time); Lambda's busy lane time is capped by
//     concurrency_limit.
//  2. The shared read limit (5 calls/s, 2 MiB/s per shard, models/fluid_shared_read_limit.hpp).
//  3. Per consumer: positions move, the prefetch queue fills and drains, the trim horizon takes
//     what expired unread, closed shards read to their end finish, and the IteratorAge is taken.
//
// IteratorAge. Behind (the unread backlog exceeds what one read takes): the age of the record at
// the position, from the arrival history (FIFO), plus the invocation duration for Lambda (its
// IteratorAge is taken when the batch's invocation ends). Keeping up: the floors and transients
// of models/fluid_iterator_age.hpp (first reads of a backlog, last calls on closed parents).
//
// Approximations (listed in the estimate's notes): rates are step averages; processing jitter,
// checkpoints and duplicates, failover (T24), Lambda errors and poison records, and the 1 s
// back-off of a throttled GetRecords call are not modelled; a throttled call's wasted time is left
// out (the shared 2 MiB/s is taken as fully usable).
#include "models/fluid_consumers.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/fluid_iterator_age.hpp"
#include "models/fluid_service_rates.hpp"
#include "models/fluid_shared_read_limit.hpp"
#include "models/limits.hpp"
#include "models/stop_windows.hpp"
#include "models/units.hpp"

namespace kds::models {

namespace {
using Eigen::ArrayXd;
// Slices from a parent shard's close to a Lambda mapping's first fetch of its child (see
// start_shards).
constexpr double kLambdaHandOverSlices = 3.0;

void grow(ArrayXd& a, int n, double fill) {
  const auto old = a.size();
  if (old >= n) return;
  a.conservativeResize(n);
  a.tail(n - old).setConstant(fill);
}
}  // namespace

struct FluidConsumers::Reader {
  Reader(const ConsumerSpec& s, const Scenario& scenario)
      : spec(&s),
        stopped(scenario.events, EventSpec::Kind::kStopConsumer, s.name),
        shared(!s.uses_efo_pipe()) {}
  const ConsumerSpec* spec;
  StopWindows stopped;
  bool shared;  // reads with GetRecords, sharing the shard's read limit
  // Per shard state.
  ArrayXd position;  // cumulative records read (fetched or pushed): the iterator
  ArrayXd queue;     // polling: fetched, not processed yet (the KCL prefetch queue)
  ArrayXd started, finished, finished_at_s, behind;
  ArrayXd hot_lane_share = ArrayXd();  // Lambda: the busiest lane's share of the shard's records
  std::vector<int> hint;               // arrival-history lookup hints
  // Per shard, this step.
  FluidServiceRates rates;  // what each shard can serve it
  ArrayXd bpr;              // data bytes of the records it reads next (behind: its backlog's)
  ArrayXd ready_s, run_s, unread, want, step_cap, backlog_at_ready;
  ArrayXd finish_eta_s;  // a closed shard read to its end: when it finished (else +inf)
  ArrayXd per_read;      // records one read takes at the current pace (+1): more is "behind"
  ArrayXd new_child;     // 1 for a child of a reshard started this step
  double active_s = 0, active_from_s = 0;
  bool active = false;
  double transient_age_ms = 0;      // the largest first-read age of a shard started this step
  double finished_last_age_ms = 0;  // polling: the largest last IteratorAge of a finished shard
  // polling_max_caught_up_age_ms's last arguments and result (the same most steps).
  double quiet_records_per_s = -1, quiet_calls = -1, quiet_max_age_ms = 0;
  // Results.
  FluidConsumerEstimate out;
  std::vector<std::pair<double, double>> backlog;  // (t, unread records) at step ends
  bool first_step_done = false;
  FluidBottleneck pipe, lanes, concurrency, processing;
  double cadence_s() const {  // the time between two reads of a shard that keeps up
    switch (spec->type) {
      case ConsumerType::kPolling:
        return spec->idle_time_between_reads_s;
      case ConsumerType::kLambda:
        return std::max(1.0, spec->batching_window_s);
      case ConsumerType::kEfo:
        break;
    }
    return 1.0;
  }
};

FluidConsumers::FluidConsumers(const Scenario& scenario) : scenario_(scenario) {
  for (const ProducerSpec& p : scenario.producers)
    poisson_arrivals_ = poisson_arrivals_ || p.arrivals == Arrivals::kPoisson;
  for (const ConsumerSpec& spec : scenario.consumers) {
    readers_.emplace_back(spec, scenario);
    Reader& r = readers_.back();
    r.out.name = spec.name;
    r.out.type = spec.type;
    r.out.caught_up_threshold_ms =
        1000.0 * (kCaughtUpSlackS + r.cadence_s() + scenario.service.get_records_latency_s);
    r.pipe.resource = kEfoPipe;
    r.lanes.resource = kLambdaLanes;
    r.concurrency.resource = kLambdaConcurrency;
    r.processing.resource = kRecordProcessing;
    for (FluidBottleneck* b : {&r.pipe, &r.lanes, &r.concurrency, &r.processing})
      b->consumer = spec.name;
  }
  shared_read_bytes_.resource = kSharedReadBytes;
  get_records_calls_.resource = kGetRecordsCalls;
}

FluidConsumers::~FluidConsumers() = default;

void FluidConsumers::reroute(const FluidShardMap& map, const FluidWritePath& writes) {
  const int n = map.count;
  grow(bytes_per_record_, n, std::max(1.0, writes.mean_record_data_bytes()));
  std::vector<HashKeyRange> open_ranges;
  for (int s : map.open_in_key_order) open_ranges.push_back(map.ranges[static_cast<size_t>(s)]);
  for (Reader& r : readers_) {
    const int lanes = r.spec->type == ConsumerType::kLambda ? r.spec->parallelization_factor : 1;
    grow(r.position, n, 0.0);
    grow(r.queue, n, 0.0);
    grow(r.started, n, 0.0);
    grow(r.finished, n, 0.0);
    grow(r.finished_at_s, n, 0.0);
    grow(r.behind, n, 0.0);
    grow(r.hot_lane_share, n, 1.0 / lanes);
    r.hint.resize(static_cast<size_t>(n), 0);
    if (lanes > 1 && !open_ranges.empty()) {
      // As Stream::lane_weights: the groups' mean rates by lane (partition key hash mod lanes).
      const auto load = writes.load_by_range_and_lane(open_ranges, lanes);
      for (size_t i = 0; i < load.size(); ++i) {
        double total = 0, top = 0;
        for (double w : load[i]) {
          total += w;
          top = std::max(top, w);
        }
        r.hot_lane_share[map.open_in_key_order[i]] = total > 0 ? top / total : 1.0 / lanes;
      }
    }
  }
  shards_ = n;
}

void FluidConsumers::start_shards(Reader& r, double t1_s, double active_from_s,
                                  const FluidShardMap& map, const FluidArrivalHistory& history) {
  const ConsumerSpec& spec = *r.spec;
  const double latency = scenario_.service.get_records_latency_s;
  const double slice = scenario_.engine.time_slice_s;
  // From a parent read to its end to the child's first read (README "reading across a reshard"):
  // polling, the parent's last call then the child lease's next check; EFO, a slice; Lambda, the
  // parent's last poll and invocation, the step that finds its lanes empty, the child's start and
  // its first fetch at the step after: about 3 slices (the simulator's resharding runs show 2.9 s).
  double hand_over_s = slice;
  if (spec.type == ConsumerType::kPolling) hand_over_s = spec.idle_time_between_reads_s + latency;
  if (spec.type == ConsumerType::kLambda) hand_over_s = kLambdaHandOverSlices * slice;
  for (int s = 0; s < shards_; ++s) {
    if (r.started[s] > 0) continue;
    double ready = active_from_s;
    bool parents_done = true;
    for (int p : map.parents[static_cast<size_t>(s)]) {
      if (r.started[p] <= 0) {
        parents_done = false;
        break;
      }
      const double done_s = r.finished[p] > 0 ? r.finished_at_s[p] : r.finish_eta_s[p];
      if (!(done_s < t1_s)) {
        parents_done = false;
        break;
      }
      ready = std::max(ready, done_s + hand_over_s);
    }
    if (!parents_done || ready >= t1_s) continue;
    r.started[s] = 1;
    r.ready_s[s] = ready;
    r.hint[static_cast<size_t>(s)] = 0;
    // Where it starts (models/shard_iterator.cpp): a shard there when the app started, from the
    // app's start position as of its start; a later shard (a child), from its first record.
    double from = 0;
    if (map.opened_s[static_cast<size_t>(s)] <= spec.start_at_s + 1e-9) {
      if (spec.start_position == StartPosition::kLatest)
        from = history.cumulative_at(s, spec.start_at_s);
      else if (spec.start_position == StartPosition::kAtTimestamp)
        from = history.cumulative_at(s, spec.at_timestamp_s);
    }
    r.position[s] = from;
    r.backlog_at_ready[s] = std::max(0.0, history.cumulative_at(s, ready) - from);
    r.new_child[s] = map.parents[static_cast<size_t>(s)].empty() ? 0.0 : 1.0;
    // A closed shard may also finish within the step, so that its own children can start.
    if (map.open[s] <= 0) {
      const double left = history.latest()[s] - from;
      r.finish_eta_s[s] =
          ready + left / std::max(std::min(r.rates.rate[s], r.rates.proc_rate[s]), 1e-12);
    }
  }
}

void FluidConsumers::first_read_ages(Reader& r, const FluidArrivalHistory& history) {
  const ConsumerSpec& spec = *r.spec;
  for (int s = 0; s < shards_; ++s) {
    const double backlog = r.backlog_at_ready[s];
    if (r.started[s] <= 0 || backlog < 1) continue;
    if (r.new_child[s] <= 0 && backlog <= r.per_read[s]) continue;
    const FluidFirstRead read = fluid_first_read(spec, scenario_, backlog, r.bpr[s]);
    if (!read.reports_age) continue;
    int hint = r.hint[static_cast<size_t>(s)];  // a copy: this looks ahead of the position
    const double last = history.arrival_time(s, r.position[s] + read.records - 1, hint);
    r.transient_age_ms =
        std::max(r.transient_age_ms, (r.ready_s[s] + read.extra_s - last) * 1000.0);
  }
}

void FluidConsumers::step(double t0_s, double t1_s, const FluidShardMap& map,
                          const FluidArrivalHistory& history, const ArrayXd& stored_records,
                          const ArrayXd& stored_data_bytes, const RetentionSchedule& retention,
                          BillableUsage& usage) {
  const int n = shards_;
  const double dt = t1_s - t0_s;
  // The size of the records each shard stores now (the last known where it stored none).
  bytes_per_record_.head(stored_records.size()) =
      (stored_records > 1e-9)
          .select(stored_data_bytes / stored_records.max(1e-9),
                  bytes_per_record_.head(stored_records.size()));
  rate_ = ArrayXd::Zero(n);
  rate_.head(stored_records.size()) = stored_records / dt;
  const ArrayXd& bpr = bytes_per_record_;
  const ArrayXd& lambda = rate_;
  const ArrayXd& cumulative = history.latest();
  const ArrayXd cumulative_before = history.cumulative_at(t0_s, n);
  const double latency = scenario_.service.get_records_latency_s;
  const double slice = scenario_.engine.time_slice_s;

  // Phase 1: per consumer, rates, started shards and what it wants to read.
  for (Reader& r : readers_) {
    const ConsumerSpec& spec = *r.spec;
    r.transient_age_ms = 0;
    const double from_s = std::max(t0_s, spec.start_at_s);
    r.active_from_s = from_s;
    r.active_s = from_s < t1_s ? (t1_s - from_s) - r.stopped.stopped_seconds(from_s, t1_s) : 0.0;
    r.active = r.active_s > 1e-9;
    r.ready_s = ArrayXd::Constant(n, from_s);
    r.backlog_at_ready = (cumulative_before - r.position).max(0.0) * r.started;
    r.finish_eta_s = ArrayXd::Constant(n, 1e300);
    // A reader behind reads older records: their size, from the history.
    r.bpr = bpr;
    for (int s = 0; s < n; ++s) {
      if (r.behind[s] <= 0) continue;
      const double behind_bpr =
          history.bytes_per_record_at(s, r.position[s], r.hint[static_cast<size_t>(s)]);
      if (behind_bpr > 0) r.bpr[s] = behind_bpr;
    }
    r.rates = fluid_service_rates(spec, scenario_, lambda, r.bpr, r.behind, r.hot_lane_share);
    // Closed shards being read: when they will have been read to their end (for their children).
    for (int s = 0; s < n && map.open_count() < n; ++s) {
      if (r.started[s] > 0 && r.finished[s] <= 0 && map.open[s] <= 0)
        r.finish_eta_s[s] =
            from_s + r.backlog_at_ready[s] /
                         std::max(std::min(r.rates.rate[s], r.rates.proc_rate[s]), 1e-12);
    }
    if (!r.active) {
      r.run_s = ArrayXd::Zero(n);
      r.want = ArrayXd::Zero(n);
      r.unread = ArrayXd::Zero(n);
      r.step_cap = ArrayXd::Zero(n);
      continue;
    }
    r.new_child = ArrayXd::Zero(n);
    if ((r.started < 1).any()) start_shards(r, t1_s, from_s, map, history);
    // Retention: what expired before the consumer reads it is skipped and lost (skip_expired).
    const double horizon_s = retention.trim_horizon_s(from_s);
    if (horizon_s > 0) {
      const ArrayXd lost =
          ((history.cumulative_at(horizon_s, n) - r.position).max(0.0)) * r.started;
      r.out.lost_records += lost.sum();
      r.position += lost;
      r.backlog_at_ready = (r.backlog_at_ready - lost).max(0.0);
    }
    r.per_read =
        lambda * (r.cadence_s() + (spec.type == ConsumerType::kPolling ? latency : 0.0)) + 1.0;
    first_read_ages(r, history);
    // Running time per shard: the app's active time, shortened for shards started mid-step.
    r.run_s = r.started * ((t1_s - r.ready_s).max(0.0) * (r.active_s / (t1_s - from_s)));
    r.unread = ((cumulative - r.position).max(0.0)) * r.started;
    r.step_cap = r.rates.rate * r.run_s;
    if (r.rates.queue_max.size() == n) {
      // The fetcher runs ahead of the record processor by at most the prefetch queue.
      r.step_cap =
          r.step_cap.min((r.rates.proc_rate * r.run_s + r.rates.queue_max - r.queue).max(0.0));
    }
    r.want = r.unread.min(r.step_cap);
    if (spec.type == ConsumerType::kLambda) {
      // Concurrency (busy lane time per second, Little's law) capped by concurrency_limit.
      const double poll_s = std::max(slice, spec.batching_window_s);
      const ArrayXd invocations =
          (r.want / r.rates.full_batch)
              .max(r.want.min(spec.parallelization_factor * r.run_s / poll_s));
      const double busy =
          (invocations * spec.per_invoke_s + r.want * spec.per_record_invoke_s).sum();
      const double allowed = spec.concurrency_limit * r.active_s;
      if (busy > allowed && busy > 0) r.want *= allowed / busy;
      r.out.lambda_max_concurrency =
          std::max(r.out.lambda_max_concurrency, std::min(busy, allowed) / r.active_s);
    }
  }

  // Phase 2: the shared read limit.
  std::vector<FluidSharedReader> shared;
  for (Reader& r : readers_) {
    if (r.shared && r.active)
      shared.push_back({&r.want, &r.step_cap, &r.rates.call_rate, &r.run_s, &r.bpr});
  }
  share_read_limit(shared, dt);

  // Phase 3: positions, queues, retention, finished shards, IteratorAge.
  for (Reader& r : readers_) finish_step(r, t0_s, t1_s, map, history, retention, usage);

  // Shared-throughput bottlenecks: offered load of every active shared reader.
  ArrayXd read_bytes = ArrayXd::Zero(n), calls = ArrayXd::Zero(n);
  bool any_shared = false;
  for (const Reader& r : readers_) {
    if (!r.shared || !r.active) continue;
    any_shared = true;
    read_bytes += r.started * lambda * bpr;
    // The calls a reader makes while it keeps up (Lambda: one a second; polling: one per cycle).
    if (r.spec->type == ConsumerType::kLambda)
      calls += r.started * kLambdaCaughtUpCallsPerS;
    else
      calls += r.started * r.rates.call_rate;
  }
  if (any_shared) {
    shared_read_bytes_.offer_peak(read_bytes / kShardReadBytesPerS, t0_s);
    get_records_calls_.offer_peak(calls / kGetRecordsCallsPerSecondPerShard, t0_s);
  }
}

void FluidConsumers::finish_step(Reader& r, double t0_s, double t1_s, const FluidShardMap& map,
                                 const FluidArrivalHistory& history,
                                 const RetentionSchedule& retention, BillableUsage& usage) {
  const ConsumerSpec& spec = *r.spec;
  const int n = shards_;
  const double dt = t1_s - t0_s;
  const ArrayXd& bpr = bytes_per_record_;
  const ArrayXd& lambda = rate_;
  const ArrayXd& cumulative = history.latest();
  const double latency = scenario_.service.get_records_latency_s;
  const double slice = scenario_.engine.time_slice_s;
  // EFO consumer-shard-hours: every open shard while the consumer is registered (from its start).
  if (spec.uses_efo_pipe()) {
    const double registered_s = std::max(0.0, t1_s - std::max(t0_s, spec.start_at_s));
    usage.efo_consumer_shard_hours += map.open.sum() * registered_s / kSecondsPerHour;
  }
  // Retention: records that arrived before the trim horizon are gone, whether the consumer reads
  // or is stopped (the simulator counts a stopped app's at its restart or at the end).
  const auto expire = [&] {
    const double horizon_s = retention.trim_horizon_s(t1_s);
    if (horizon_s <= 0) return;
    const ArrayXd horizon = history.cumulative_at(horizon_s, n);
    const ArrayXd lost = ((horizon - r.position).max(0.0)) * r.started;
    r.out.lost_records += lost.sum();
    r.position += lost;
  };
  if (!r.active) {
    expire();
    r.backlog.push_back({t1_s, (((cumulative - r.position).max(0.0)) * r.started).sum()});
    return;
  }
  const ArrayXd served = r.want;
  r.position += served;
  if (spec.type == ConsumerType::kPolling) {
    const ArrayXd processed = (r.queue + served).min(r.rates.proc_rate * r.run_s);
    r.queue = (r.queue + served - processed).max(0.0);
  }
  const double bytes = (served * r.bpr).sum();
  r.out.records_processed += served.sum();
  r.out.bytes_read += bytes;
  (r.shared ? usage.shared_data_out_bytes : usage.efo_data_out_bytes) += bytes;
  expire();
  // Closed shards read to their end (and, polling, processed) finish.
  int finished_now = 0;
  double last_read_s = 0;  // the longest wait of a finished shard's last record for its last call
  for (int s = 0; s < n && map.open_count() < n; ++s) {
    if (r.started[s] <= 0 || r.finished[s] > 0 || map.open[s] > 0) continue;
    if (r.position[s] < cumulative[s] - 1e-6 || r.queue[s] > 1e-6) continue;
    r.finished[s] = 1;
    r.finished_at_s[s] = std::clamp(r.finish_eta_s[s], r.ready_s[s], t1_s);
    ++finished_now;
    last_read_s = std::max(last_read_s, r.finished_at_s[s] - map.closed_s[static_cast<size_t>(s)]);
  }
  if (finished_now > 0 && spec.type == ConsumerType::kPolling) {
    // The age of the last call on a closed shard stays its lease's last sample, which the
    // simulator's final IteratorAge (the largest last sample of any lease) keeps.
    const double age_ms = polling_last_read_age_ms(spec.idle_time_between_reads_s + latency,
                                                   finished_now, last_read_s);
    r.out.max_iterator_age_ms = std::max(r.out.max_iterator_age_ms, age_ms);
    r.finished_last_age_ms = std::max(r.finished_last_age_ms, age_ms);
  }
  // Behind: more unread than one read takes at the current pace.
  const ArrayXd unread = ((cumulative - r.position).max(0.0)) * r.started;
  const double cadence = r.cadence_s() + (spec.type == ConsumerType::kPolling ? latency : 0.0);
  const ArrayXd& per_read = r.per_read;
  const ArrayXd was_behind = (r.backlog_at_ready > per_read).cast<double>() * r.started;
  r.behind = (unread > per_read).cast<double>() * r.started;
  // IteratorAge at the end of the step: the floor where it keeps up (models/fluid_iterator_age).
  ArrayXd age_ms =
      caught_up_iterator_age_ms(spec, scenario_, lambda, r.hot_lane_share, r.rates.full_batch);
  if (spec.type == ConsumerType::kPolling && poisson_arrivals_) {
    // The largest of many calls, on the quietest shard that keeps up.
    const double calls = std::max(1.0, r.started.sum() * scenario_.duration_s / cadence);
    const ArrayXd quiet = (r.started > 0 && r.behind <= 0 && lambda > 0).select(lambda, 1e300);
    const double records_per_s = quiet.size() > 0 ? quiet.minCoeff() : 1e300;
    if (records_per_s < 1e299) {
      if (records_per_s != r.quiet_records_per_s || calls != r.quiet_calls) {  // most steps: same
        r.quiet_records_per_s = records_per_s;
        r.quiet_calls = calls;
        r.quiet_max_age_ms = polling_max_caught_up_age_ms(scenario_, cadence, records_per_s, calls);
      }
      r.out.max_iterator_age_ms = std::max(r.out.max_iterator_age_ms, r.quiet_max_age_ms);
    }
  }
  if (spec.type == ConsumerType::kLambda) {
    // Offered load of the busiest lane, and of all lanes against the concurrency limit.
    const double poll_s = std::max(slice, spec.batching_window_s);
    const ArrayXd& full = r.rates.full_batch;
    const ArrayXd lane_busy =
        lambda_hot_lane_busy_s(spec, scenario_, lambda, r.hot_lane_share, full) / poll_s;
    const ArrayXd shard_busy =
        ((lambda / full).max((lambda * poll_s).min(spec.parallelization_factor) / poll_s)) *
            spec.per_invoke_s +
        lambda * spec.per_record_invoke_s;
    r.lanes.offer_peak(lane_busy * r.started, t0_s);
    r.concurrency.offer((shard_busy * r.started).sum() / spec.concurrency_limit,
                        "consumer:" + spec.name, t0_s);
  }
  for (int s = 0; s < n; ++s) {
    if (r.behind[s] <= 0) continue;
    const double arrived = history.arrival_time(s, r.position[s], r.hint[static_cast<size_t>(s)]);
    age_ms[s] =
        (t1_s - arrived + (spec.type == ConsumerType::kLambda ? r.rates.batch_s[s] : 0.0)) * 1000.0;
  }
  age_ms *= r.started;
  const double step_age_ms = n > 0 ? age_ms.maxCoeff() : 0.0;
  r.out.max_iterator_age_ms =
      std::max({r.out.max_iterator_age_ms, step_age_ms, r.transient_age_ms});
  // The final IteratorAge as the simulator reports it: polling, the largest last sample of any
  // lease (finished ones too); Lambda, 0 once its lanes are empty (an invocation's age is taken
  // when it ends); EFO, MillisBehindLatest, 0 at the tip.
  r.out.final_iterator_age_ms = step_age_ms;
  if (spec.type == ConsumerType::kPolling)
    r.out.final_iterator_age_ms = std::max(step_age_ms, r.finished_last_age_ms);
  if (spec.type == ConsumerType::kLambda && !(r.behind > 0).any()) r.out.final_iterator_age_ms = 0;
  r.backlog.push_back({t1_s, unread.sum()});
  // Catch-up of a consumer that starts behind: when its last shard reached the tip.
  if (!r.first_step_done) {
    r.first_step_done = true;
    if (!(was_behind > 0).any()) r.out.catch_up_s = 0.0;
  }
  if (!r.out.catch_up_s && (was_behind > 0).any() && !(r.behind > 0).any()) {
    double crossed_s = t0_s;
    for (int s = 0; s < n; ++s) {
      if (was_behind[s] <= 0) continue;
      // The rate it read at while behind: its own, or what the shared limit left it.
      double rate = std::min(r.rates.rate[s], r.rates.proc_rate[s]);
      if (r.shared) {
        double others_bytes = 0;
        for (const Reader& o : readers_) {
          if (&o != &r && o.shared && o.active) others_bytes += o.want[s] * o.bpr[s];
        }
        rate = std::min(rate, (kShardReadBytesPerS * dt - others_bytes) / dt / r.bpr[s]);
      }
      const double drain_s = r.backlog_at_ready[s] / std::max(rate - lambda[s], 1e-12);
      crossed_s = std::max(crossed_s, std::min(t1_s, r.ready_s[s] + drain_s));
    }
    r.out.catch_up_s = crossed_s - spec.start_at_s;
  }
  // Per-shard peaks of the consumer's own resources.
  if (spec.uses_efo_pipe()) r.pipe.offer_peak(r.started * lambda * bpr / kShardReadBytesPerS, t0_s);
  if (r.rates.processing_load.size() == n)
    r.processing.offer_peak(r.started * r.rates.processing_load, t0_s);
}

double FluidConsumers::oldest_time_needed(const FluidShardMap& map) const {
  double oldest = std::numeric_limits<double>::infinity();
  for (const Reader& r : readers_) {
    const ConsumerSpec& spec = *r.spec;
    // start_shards and finish look up such a shard at the app's start position.
    bool waiting = false;
    for (int s = 0; s < shards_ && !waiting; ++s)
      waiting = r.started[s] <= 0 && map.opened_s[static_cast<size_t>(s)] <= spec.start_at_s + 1e-9;
    if (!waiting) continue;
    oldest = std::min(oldest, spec.start_at_s);
    if (spec.start_position == StartPosition::kAtTimestamp)
      oldest = std::min(oldest, spec.at_timestamp_s);
  }
  return oldest;
}

void FluidConsumers::finish(double end_s, const FluidShardMap& map,
                            const FluidArrivalHistory& history,
                            const RetentionSchedule& retention) {
  const double horizon_s = retention.trim_horizon_s(end_s);
  for (Reader& r : readers_) {
    const ConsumerSpec& spec = *r.spec;
    // Shards never started (a child behind a stopped app, say): what they needed and expired.
    if (end_s > spec.start_at_s && horizon_s > 0) {
      for (int s = 0; s < shards_; ++s) {
        if (r.started[s] > 0) continue;
        double first = 0;
        if (map.opened_s[static_cast<size_t>(s)] <= spec.start_at_s + 1e-9) {
          if (spec.start_position == StartPosition::kLatest)
            first = history.cumulative_at(s, spec.start_at_s);
          else if (spec.start_position == StartPosition::kAtTimestamp)
            first = history.cumulative_at(s, std::min(spec.at_timestamp_s, spec.start_at_s));
        }
        r.out.lost_records += std::max(0.0, history.cumulative_at(s, horizon_s) - first);
      }
    }
    const ArrayXd unread = ((history.latest() - r.position).max(0.0)) * r.started;
    r.out.backlog_records_final = unread.sum();
    r.out.caught_up = r.out.final_iterator_age_ms < r.out.caught_up_threshold_ms;
    // The backlog's trend over the last quarter of the run.
    if (!r.backlog.empty()) {
      const auto& [t_end, b_end] = r.backlog.back();
      const double from_s = 0.75 * end_s;
      auto it = std::lower_bound(r.backlog.begin(), r.backlog.end(), from_s,
                                 [](const auto& point, double t) { return point.first < t; });
      if (it == r.backlog.end()) it = r.backlog.end() - 1;
      if (it != r.backlog.begin() && it->first > from_s) --it;
      r.out.backlog_growth_records_per_s =
          t_end > it->first ? (b_end - it->second) / (t_end - it->first) : 0.0;
    }
  }
}

std::vector<FluidConsumerEstimate> FluidConsumers::results() const {
  std::vector<FluidConsumerEstimate> out;
  for (const Reader& r : readers_) out.push_back(r.out);
  return out;
}

std::vector<FluidBottleneck> FluidConsumers::bottlenecks() const {
  std::vector<FluidBottleneck> out;
  for (const FluidBottleneck* b : {&shared_read_bytes_, &get_records_calls_}) {
    if (b->seen) out.push_back(*b);
  }
  for (const Reader& r : readers_) {
    for (const FluidBottleneck* b : {&r.pipe, &r.lanes, &r.concurrency, &r.processing}) {
      if (b->seen) out.push_back(*b);
    }
  }
  return out;
}

}  // namespace kds::models
