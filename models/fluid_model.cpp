// The fluid model's driver: the time grid, the shard map, the loop over time, the bill and the
// bottleneck ranking. The write path (models/fluid_write_path.cpp) and the consumers
// (models/fluid_consumers.cpp) open with their own designs.
//
// What is modelled, and how:
//  - Time: steps of fluid_step_s (60 s for the bench day: 1,440 steps), plus a boundary at every
//    event time, consumer start, stop, rate step and control-plane completion, so that the shard
//    map, the mode and who is running are constant within a step. Work per step is a few Eigen
//    array operations over shards; only shards near a limit are visited one by one.
//  - The shard map: a models::Stream without producers or consumers and the simulator's own
//    models::ControlPlane replay the resharding and switch_mode events (same checks, same
//    refusals, applied *_duration after the request), and the on-demand rules of
//    models::OnDemandScaling run on the step's first-attempt demand: capacity = max(4 MiB/s or 2 x
//    previous peak, 2 x the peak matured 15 minutes after its 60 s window), shards split for
//    capacity (widest first) and for heat (a shard over 500 KiB/s for a window splits 15 minutes
//    later, if halving divides its load), as Stream::scale_on_demand does.
//  - Costs: the step's billable quantities (shard-hours, PUT payload units, on-demand billed bytes,
//    retention, data read, EFO consumer-shard-hours) go through models/pricing, the same functions
//    `run` uses (fact sheet §7; P2-P9), the run priced in each mode and as billed.
// What is approximated or left out is listed in the estimate's notes (see notes_for below).
#include "models/fluid_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <utility>

#include "models/control_plane.hpp"
#include "models/fluid_arrival_history.hpp"
#include "models/fluid_write_path.hpp"
#include "models/limits.hpp"
#include "models/on_demand_scaling.hpp"
#include "models/peak_windows.hpp"
#include "models/retention_schedule.hpp"
#include "models/stream.hpp"
#include "models/units.hpp"

namespace kds::models {

namespace {

bool is_control_plane(EventSpec::Kind kind) {
  return kind == EventSpec::Kind::kUpdateShardCount || kind == EventSpec::Kind::kSplitShard ||
         kind == EventSpec::Kind::kMergeShards || kind == EventSpec::Kind::kSwitchMode;
}

double control_plane_duration_s(const EventSpec& e, const ServiceSpec& service) {
  switch (e.kind) {
    case EventSpec::Kind::kUpdateShardCount:
      return service.update_shard_count_duration_s;
    case EventSpec::Kind::kSwitchMode:
      return service.switch_mode_duration_s;
    default:
      return service.split_merge_duration_s;
  }
}

// Step boundaries: the base grid and every time at which something changes.
std::vector<double> time_grid(const Scenario& scenario, double step_s) {
  const double end_s = scenario.duration_s;
  const double slice_s = scenario.engine.time_slice_s;
  std::vector<double> t;
  const auto steps = static_cast<int64_t>(std::ceil(end_s / step_s - 1e-9));
  for (int64_t k = 0; k < steps; ++k) t.push_back(static_cast<double>(k) * step_s);
  t.push_back(end_s);
  for (const EventSpec& e : scenario.events) {
    if (is_control_plane(e.kind)) {
      // The control plane takes a request in the slice it falls in and applies it at the first
      // slice boundary after its duration (models/control_plane.cpp).
      t.push_back(std::floor(e.at_s / slice_s) * slice_s);
      t.push_back(
          std::ceil((e.at_s + control_plane_duration_s(e, scenario.service)) / slice_s - 1e-9) *
          slice_s);
    } else {
      t.push_back(e.at_s);
      if (e.for_s) t.push_back(e.until_s());
    }
  }
  for (const ConsumerSpec& c : scenario.consumers) t.push_back(c.start_at_s);
  for (const ProducerSpec& p : scenario.producers) {
    for (const auto& step : p.rate.steps) t.push_back(step.first);
  }
  std::sort(t.begin(), t.end());
  std::vector<double> grid;
  for (double x : t) {
    if (x < 0 || x > end_s) continue;
    if (!grid.empty() && x - grid.back() < 1e-6) continue;
    grid.push_back(x);
  }
  if (grid.back() < end_s) grid.push_back(end_s);
  return grid;
}

FluidShardMap snapshot(const Stream& stream, uint64_t version) {
  FluidShardMap map;
  map.count = stream.shard_count();
  map.open = Eigen::ArrayXd::Zero(map.count);
  for (int i = 0; i < map.count; ++i) {
    const Shard& shard = stream.shard(i);
    map.ranges.push_back(shard.range);
    map.parents.push_back(shard.parents);
    map.opened_s.push_back(shard.opened_s);
    map.closed_s.push_back(shard.open ? -1.0 : shard.closed_s);
    map.open[i] = shard.open ? 1.0 : 0.0;
  }
  map.open_in_key_order = stream.open_shards();
  map.version = version;
  return map;
}

// Stream::scale_on_demand, on the shadow stream: heat splits, then splits for grown capacity.
class OnDemandShards {
 public:
  OnDemandShards(const Scenario& scenario, Stream& stream, OnDemandScaling& scaling,
                 const FluidWritePath& writes)
      : stream_(stream),
        scaling_(scaling),
        writes_(writes),
        window_s_(scenario.service.on_demand_peak_window_s),
        delay_s_(scenario.service.on_demand_scale_up_delay_s),
        peak_(scenario.previous_peak_mib_per_s ? *scenario.previous_peak_mib_per_s * kBytesPerMiB
                                               : 0.0) {}
  // The stream became on-demand at t_s (or started so).
  void reset_capacity_seen(double t_s) {
    capacity_seen_ = scaling_.write_bytes_per_s(t_s);
    matured_tie(t_s);  // windows matured before: their rises are in the capacity already
  }
  // The step [t0_s, t1_s) offered `bytes` on first attempts (OnDemandScaling's demand windows).
  void observe_demand(double t0_s, double t1_s, double bytes) {
    for_each_peak_window(t0_s, t1_s, window_s_, [&](int64_t w, double share) {
      if (w != window_) {
        if (window_ >= 0)
          pending_.push_back({(window_ + 1) * window_s_, window_bytes_ / window_s_});
        window_ = w;
        window_bytes_ = 0;
      }
      window_bytes_ += share * bytes;
    });
  }
  void scale(double t_s, int64_t slice) {
    int open = stream_.open_shard_count();
    for (int s : scaling_.hot_shards_due(t_s)) {
      if (!stream_.shard(s).open || open >= scaling_.max_open_shards(t_s)) continue;
      if (!split_spreads_load(s)) continue;
      stream_.split_shard(s, slice);
      ++open;
    }
    // The simulator adds shards when the capacity rises, and noise makes it rise whenever a
    // window's demand beats the peak by a hair; flat fluid traffic never does, so a window within
    // kNoiseTie of the peak, maturing, counts as a rise (a stream switched to on-demand at its
    // peak then gets its shards, one at a past peak does not, as in the simulator).
    const double capacity = scaling_.write_bytes_per_s(t_s);
    const bool tie = matured_tie(t_s);
    if (capacity <= capacity_seen_ && !tie) return;
    capacity_seen_ = capacity;
    const int wanted = scaling_.min_open_shards(t_s);
    while (open < wanted) {
      int widest = -1;
      for (int i = 0; i < stream_.shard_count(); ++i) {
        if (!stream_.shard(i).open) continue;
        if (widest < 0 ||
            stream_.shard(i).range.fraction() > stream_.shard(widest).range.fraction() * (1 + 1e-9))
          widest = i;
      }
      stream_.split_shard(widest, slice);
      ++open;
    }
  }

 private:
  // Stream::split_spreads_load: halving helps unless one half keeps 90 % of the shard's load.
  bool split_spreads_load(int shard) const {
    const HashKeyRange& range = stream_.shard(shard).range;
    if (range.ending_hash_key == range.starting_hash_key) return false;
    const auto halves = split_in_halves(range);
    const double a = writes_.load_in(halves.first), b = writes_.load_in(halves.second);
    return std::max(a, b) < 0.9 * (a + b);
  }
  Stream& stream_;
  OnDemandScaling& scaling_;
  const FluidWritePath& writes_;
  // Whether a window that matured by t_s came within kNoiseTie of the peak before it.
  bool matured_tie(double t_s) {
    bool tie = false;
    while (!pending_.empty() && pending_.front().first + delay_s_ <= t_s) {
      const double demand = pending_.front().second;
      pending_.pop_front();
      if (demand > 0 && demand >= (1.0 - kNoiseTie) * peak_) tie = true;
      peak_ = std::max(peak_, demand);
    }
    return tie;
  }
  // Windows within this share of the peak count as a noisy new peak.
  static constexpr double kNoiseTie = 0.01;

  double capacity_seen_ = 0;
  double window_s_ = 60, delay_s_ = 900;
  int64_t window_ = -1;
  double window_bytes_ = 0, peak_ = 0;
  std::deque<std::pair<double, double>> pending_;  // (window end, bytes/s) not matured yet
};

// What the fluid model cannot follow in this scenario (and a reminder of what it always smooths).
std::vector<std::string> notes_for(const Scenario& scenario, double step_s) {
  std::vector<std::string> notes;
  char text[200];
  std::snprintf(text, sizeof text,
                "rates are averaged over steps of %g s: a burst shorter than a step is smoothed "
                "(write throttling below saturation is a Poisson estimate per 1 s slice)",
                step_s);
  notes.push_back(text);
  notes.push_back(
      "IteratorAge of a consumer that keeps up is a floor (propagation, record spacing, Lambda "
      "invocation time); short spikes (a reshard's hand-over, a poll's phase) are approximate");
  bool lambda_errors = false, worker_stops = false, efo_restarts = false, lambda_limits = false,
       jitter = false, checkpoints = false, kpl = false, producer_stops = false;
  for (const ConsumerSpec& c : scenario.consumers) {
    if (c.type == ConsumerType::kLambda && (c.error_rate > 0 || c.poison_records > 0))
      lambda_errors = true;
    if (c.type == ConsumerType::kLambda && (c.max_record_age_s >= 0 || c.max_retry_attempts >= 0))
      lambda_limits = true;
    if (c.processing.jitter > 0) jitter = true;
    if (c.type == ConsumerType::kPolling && c.checkpoint_every_s > 0) checkpoints = true;
  }
  for (const ProducerSpec& p : scenario.producers) kpl = kpl || p.aggregates();
  for (const EventSpec& e : scenario.events) {
    if (e.kind == EventSpec::Kind::kStopProducer) producer_stops = true;
    if (e.kind != EventSpec::Kind::kStopConsumer) continue;
    for (const ConsumerSpec& c : scenario.consumers) {
      if (c.name != e.target) continue;
      if (e.worker >= 0) worker_stops = true;
      if (c.uses_efo_pipe()) efo_restarts = true;
    }
  }
  if (lambda_errors)
    notes.push_back(
        "Lambda error_rate and poison records are not modelled: in the simulator a poison record "
        "blocks its lane until it expires (T22) and failed batches are retried");
  if (lambda_limits)
    notes.push_back(
        "Lambda max_retry_attempts and max_record_age only matter with errors: ignored");
  if (worker_stops)
    notes.push_back(
        "KCL failover (T24) is not modelled: a stopped worker's leases are read on as if it ran "
        "(the simulator takes them over 10-30 s later and re-reads from the checkpoints)");
  if (checkpoints)
    notes.push_back("checkpoints and duplicate records after a failover are not modelled");
  if (efo_restarts)
    notes.push_back(
        "an enhanced fan-out app restarted within 5 s of its last SubscribeToShard waits 5 s "
        "(T15) in the simulator; the estimate resumes at once");
  if (producer_stops)
    notes.push_back("a stopped producer's pending retries are not dropped in the estimate");
  if (jitter) notes.push_back("processing jitter is ignored (mean processing times)");
  if (scenario.autoscaler)
    notes.push_back(
        "the autoscaler is not in the fluid model: the estimate keeps the initial shard count "
        "(and the scheduled events); run the simulation to see the policy resize the stream");
  bool firehose = false, output = false, lease_table = false;
  for (const ConsumerSpec& c : scenario.consumers) {
    firehose = firehose || c.firehose.has_value();
    output = output || c.output.has_value();
    lease_table = lease_table || c.lease_table.provisioned;
  }
  if (firehose)
    notes.push_back("Firehose is estimated as a polling app reading once a second; its buffering, "
                    "DataFreshness and bill are the simulation's");
  if (output)
    notes.push_back("the downstream targets' quotas (consumers[].output) are not in the fluid "
                    "model: a consumer slowed by them is shown as keeping up");
  if (lease_table)
    notes.push_back("a provisioned KCL lease table's throttling is not in the fluid model");
  if (!scenario.alarms.empty())
    notes.push_back("alarms are evaluated by the simulation only (summary.json alarms[])");
  if (scenario.service.write_burst_s != 1.0 || scenario.service.read_burst_s != 1.0)
    notes.push_back(
        "service.write_burst and read_burst are not modelled: the estimate's shard limits hold "
        "one second of burst, so a larger burst allowance admits more in the simulator");
  if (kpl)
    notes.push_back(
        "KPL aggregation uses the mean rate per slice for the aggregate count; its bursts and "
        "flush timing are approximate");
  return notes;
}

bool can_be_on_demand(const Scenario& scenario) {
  if (scenario.mode == StreamMode::kOnDemand) return true;
  return std::any_of(scenario.events.begin(), scenario.events.end(), [](const EventSpec& e) {
    return e.kind == EventSpec::Kind::kSwitchMode && e.mode == StreamMode::kOnDemand;
  });
}

}  // namespace

double fluid_step_s(const Scenario& scenario) {
  double step =
      std::min({scenario.report.interval_s, kMaxFluidStepS, scenario.duration_s / kMinFluidSteps});
  step = std::max(step, scenario.engine.time_slice_s);
  if (scenario.duration_s / step > kMaxFluidSteps)
    step = std::ceil(scenario.duration_s / kMaxFluidSteps / kMaxFluidStepS) * kMaxFluidStepS;
  // On demand, a divisor of the peak window, even past kMaxFluidSteps: a window's demand is a
  // rate over the window, and a step longer than it would count its bytes in one window (2x the
  // demand at a 30 s window, so 2x the capacity and the shards).
  const double window = scenario.service.on_demand_peak_window_s;
  if (can_be_on_demand(scenario) && window > 0)
    step = window / std::ceil(window / step - 1e-9);
  return step;
}

FluidEstimate estimate_fluid(const Scenario& scenario) {
  FluidEstimate est;
  est.step_s = fluid_step_s(scenario);
  const std::vector<double> grid = time_grid(scenario, est.step_s);
  est.steps = grid.size() - 1;
  const double slice_s = scenario.engine.time_slice_s;

  // The shard map: a stream without traffic, driven by the simulator's control plane.
  Scenario map_scenario = scenario;
  map_scenario.producers.clear();
  map_scenario.consumers.clear();
  RunResult map_result;
  map_result.duration_s = scenario.duration_s;
  Stream stream(map_scenario, map_result);
  ControlPlane control_plane(map_scenario, stream, map_result);
  OnDemandScaling on_demand(scenario);
  const RetentionSchedule retention(scenario);
  FluidWritePath writes(scenario);
  FluidConsumers consumers(scenario);
  OnDemandShards on_demand_shards(scenario, stream, on_demand, writes);
  if (stream.mode() == StreamMode::kOnDemand) on_demand_shards.reset_capacity_seen(0);

  uint64_t version = 0;
  FluidShardMap map = snapshot(stream, ++version);
  writes.reroute(map);
  consumers.reroute(map, writes);
  FluidArrivalHistory history(map.count);
  est.stream.shards_initial = map.open_count();

  FluidBottleneck write_records, write_bytes, on_demand_capacity;
  write_records.resource = kShardWriteRecords;
  write_bytes.resource = kShardWriteBytes;
  on_demand_capacity.resource = kOnDemandCapacity;
  BillableUsage in_provisioned, in_on_demand;
  std::vector<int> open_before = stream.open_shards();
  for (size_t j = 0; j + 1 < grid.size(); ++j) {
    const double t0 = grid[j], t1 = grid[j + 1], dt = t1 - t0;
    const auto slice = static_cast<int64_t>(std::llround(t0 / slice_s));
    // Control plane, then on-demand scaling, as the simulator's write path runs them.
    const StreamMode mode_before = stream.mode();
    control_plane.before_slice(slice);
    if (stream.mode() == StreamMode::kOnDemand && mode_before != StreamMode::kOnDemand) {
      // Stream::switch_mode: the stream keeps its shards, so its capacity starts at what they
      // carry.
      on_demand.hold_capacity(stream.open_shard_count() * kShardWriteBytesPerS, t0);
      on_demand_shards.reset_capacity_seen(t0);
    }
    const bool on_demand_mode = stream.mode() == StreamMode::kOnDemand;
    if (on_demand_mode) on_demand_shards.scale(t0, slice);
    if (stream.shard_count() != map.count || stream.open_shards() != open_before) {
      map = snapshot(stream, ++version);
      open_before = stream.open_shards();
      writes.reroute(map);
      consumers.reroute(map, writes);
    }
    const double capacity =
        on_demand_mode ? on_demand.write_bytes_per_s(std::min(t1, t0 + slice_s)) : 0.0;
    writes.step(t0, t1, map, capacity, write_records, write_bytes, on_demand_capacity);
    on_demand.observe_demand(t0, t1, writes.first_attempt_bytes());
    on_demand_shards.observe_demand(t0, t1, writes.first_attempt_bytes());
    if (on_demand_mode) {
      for (int s : map.open_in_key_order)
        on_demand.observe_shard(s, t0, t1, writes.admitted_data_bytes()[s]);
    }
    history.append(t1, writes.admitted_records(), writes.admitted_data_bytes());
    // The step's bill (models/run_assessment.cpp's period_usage, per step).
    BillableUsage u;
    u.horizon_hours = dt / kSecondsPerHour;
    u.shard_hours = map.open_count() * dt / kSecondsPerHour;
    u.put_payload_units = writes.step_put_payload_units();
    u.on_demand_billed_in_bytes = writes.step_on_demand_billed_in_bytes();
    const double retention_hours = retention.retention_hours_at(t0);
    const double data_gb = writes.admitted_data_bytes().sum() / kBytesPerBillingGB;
    if (retention_hours > kMinRetentionHours) u.extended_retention_shard_hours = u.shard_hours;
    u.extended_retention_gb_months = extended_retention_gb_months(data_gb, retention_hours);
    u.long_term_retention_gb_months = long_term_retention_gb_months(data_gb, retention_hours);
    consumers.step(t0, t1, map, history, writes.admitted_records(), writes.admitted_data_bytes(),
                   retention, u);
    history.drop_before(std::min(retention.trim_horizon_s(t1), consumers.oldest_time_needed(map)));
    est.usage.add(u);
    (on_demand_mode ? in_on_demand : in_provisioned).add(u);
    est.stream.shard_hours += u.shard_hours;
  }
  consumers.finish(scenario.duration_s, map, history, retention);
  control_plane.finish(scenario.duration_s);

  const FluidWriteTotals& w = writes.totals();
  est.stream.mode_final = stream.mode();
  est.stream.shards_final = stream.open_shard_count();
  est.stream.incoming_records = w.incoming_records;
  est.stream.incoming_bytes = w.incoming_bytes;
  est.stream.put_attempts = w.put_attempts;
  est.stream.write_throttled_records = w.write_throttled_records;
  est.stream.producer_dropped_records = w.producer_dropped_records;
  est.stream.oversize_rejected_records = w.oversize_rejected_records;
  est.stream.refused_events = map_result.stream.refused_events;
  est.consumers = consumers.results();

  // The bill, as models/run_assessment.cpp makes it.
  est.usage.horizon_hours = scenario.duration_s / kSecondsPerHour;
  const ModeCosts costs = price_modes(scenario, est.usage, in_provisioned, in_on_demand);
  est.provisioned = costs.provisioned;
  est.on_demand = costs.on_demand;
  est.on_demand_advantage = costs.on_demand_advantage;
  est.billed = costs.billed;

  // Bottlenecks, highest first.
  for (const FluidBottleneck* b : {&write_records, &write_bytes, &on_demand_capacity}) {
    if (b->seen) est.bottlenecks.push_back(*b);
  }
  for (const FluidBottleneck& b : consumers.bottlenecks()) est.bottlenecks.push_back(b);
  for (FluidBottleneck& b : est.bottlenecks) {
    if (b.shard >= 0) b.where = Stream::shard_id_for(b.shard);
  }
  std::stable_sort(est.bottlenecks.begin(), est.bottlenecks.end(),
                   [](const FluidBottleneck& a, const FluidBottleneck& b) {
                     return a.utilization > b.utilization;
                   });
  est.notes = notes_for(scenario, est.step_s);
  for (const FluidBottleneck& b : est.bottlenecks) {
    if ((b.resource == kSharedReadBytes || b.resource == kGetRecordsCalls) && b.utilization > 1) {
      est.notes.push_back(
          "shared reads are over a shard's limit (5 GetRecords calls/s, 2 MiB/s): the estimate "
          "caps them as a rate; in the simulator throttled calls back off, and a call that "
          "reads over the limit blocks the shard's next reads (T4)");
      break;
    }
  }
  if (writes.near_limit())
    est.notes.push_back(
        "a shard is offered within a few standard deviations of its write limit: there the "
        "retry pool is critical and the simulated throttle ratio depends on the run's length and "
        "seed (the estimate can be off by tens of percent)");
  return est;
}

}  // namespace kds::models
