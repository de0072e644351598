// Per step and shard: the pipe refills at 2 MiB/s; the app's processing time for the step caps the
// records it takes (per_batch once per step and shard, per_record, per_mib); the log read returns
// what is readable within both. Delivery time: a subscription that was caught up and stays caught
// up got its records pushed as they arrived, efo_push_latency after they became readable; one that
// is behind gets them at the step's end. MillisBehindLatest is 0 when caught up, else the age of
// the last record pushed.
#include "models/enhanced_fan_out_app.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/limits.hpp"
#include "models/shard_iterator.hpp"
#include "models/units.hpp"

namespace kds::models {

namespace {
constexpr int kPrefetchShards = 8;  // how far ahead step() prefetches
// A subscription lasts 5 minutes and is renewed (T16); a new SubscribeToShard within 5 s of the
// last success on the same shard fails with ResourceInUseException (T15, fact sheet §3).
constexpr double kSubscriptionS = 300;
constexpr double kResubscribeWaitS = 5;
}  // namespace

EnhancedFanOutApp::EnhancedFanOutApp(const ConsumerSpec& spec, const Scenario& scenario,
                                     Stream& stream, RunResult& run, size_t consumer_index)
    : spec_(spec),
      stream_(stream),
      run_(run),
      result_(run.consumers[consumer_index]),
      push_delay_s_(scenario.service.propagation_s + scenario.service.efo_push_latency_s),
      last_step_s_(spec.start_at_s),
      outgoing_(run.periods, scenario.report.shard_metrics) {
  sessions_ = StopWindows(scenario.events, EventSpec::Kind::kStopConsumer, spec.name)
                  .running_from(spec.start_at_s);
}

std::pair<double, double> EnhancedFanOutApp::session_at(double t_s) const {
  for (const auto& session : sessions_) {
    if (t_s >= session.first && t_s < session.second) return session;
  }
  return {-1, -1};
}

void EnhancedFanOutApp::end_series(Subscription& sub, int shard, double until_s) {
  if (!sub.in_series) return;
  sub.in_series = false;
  const double end_s = std::min(until_s, stream_.shard(shard).open_until_s(until_s));
  if (sub.series_from_s > end_s) return;  // refused until after the series would have ended
  const double calls =
      std::max(1.0, std::ceil((end_s - sub.series_from_s) / kSubscriptionS - 1e-9));
  subscribe_calls_ += calls;
  sub.last_success_s = sub.series_from_s + kSubscriptionS * (calls - 1);
}

void EnhancedFanOutApp::resubscribe(double stop_s, double from_s) {
  for (size_t s = 0; s < subscriptions_.size(); ++s) {
    Subscription& sub = subscriptions_[s];
    end_series(sub, static_cast<int>(s), stop_s);
    if (sub.finished) continue;
    sub.series_from_s = from_s;
    if (from_s < sub.last_success_s + kResubscribeWaitS) {
      subscribe_calls_ += 1;  // ResourceInUseException; the client calls again 5 s after
      sub.series_from_s = sub.last_success_s + kResubscribeWaitS;
    }
    sub.in_series = true;
    sub.caught_up = false;  // what arrived meanwhile waited in the shard: a backlog
  }
}

void EnhancedFanOutApp::step(double now_s) {
  const auto session = session_at(now_s);
  if (session.first < 0) return;  // stopped
  const double step_s = now_s - last_step_s_;
  // Back from a stop: the app processed nothing while stopped, and subscribes again.
  const double running_s = now_s - std::max(last_step_s_, session.first);
  if (session != session_ && session_.first >= 0) resubscribe(session_.second, session.first);
  session_ = session;
  last_step_s_ = now_s;
  if (subscriptions_.empty()) {
    subscribe_new_shards(now_s);
    return;
  }
  subscribe_new_shards(now_s);
  const size_t period = std::min(run_.periods - 1, static_cast<size_t>(now_s / run_.interval_s));
  const ProcessingSpec& p = spec_.processing;
  // What the app can process in this step, per shard (each shard has its own record processor).
  const double work_s = running_s - p.per_batch_s;
  int64_t max_records = std::numeric_limits<int32_t>::max();
  if (p.per_record_s > 0)
    max_records = static_cast<int64_t>(std::max(0.0, work_s / p.per_record_s));
  const double max_processed_bytes =
      p.per_mib_s > 0 ? std::max(0.0, work_s / p.per_mib_s) * kBytesPerMiB : 1e300;
  PropagationDelays& delays = result_.propagation_delay_ms;
  const int n = stream_.shard_count();
  for (int s = 0; s < n; ++s) {
    // The shards' data is far apart in memory: ask for the next shards' early (results unchanged).
    if (s + 2 * kPrefetchShards < n) {
      stream_.shard(s + 2 * kPrefetchShards).log.prefetch_header();
      __builtin_prefetch(&subscriptions_[static_cast<size_t>(s + 2 * kPrefetchShards)]);
    }
    if (s + kPrefetchShards < n) {
      stream_.shard(s + kPrefetchShards)
          .log.prefetch_slice(subscriptions_[static_cast<size_t>(s + kPrefetchShards)].position);
    }
    Subscription& sub = subscriptions_[static_cast<size_t>(s)];
    if (sub.finished) continue;
    if (!stream_.parents_finished(
            s, [this](int p) { return subscriptions_[static_cast<size_t>(p)].finished; }))
      continue;
    const Shard& shard = stream_.shard(s);
    const ShardLog& log = shard.log;
    result_.lost_records +=
        skip_expired(sub.position, log, stream_.trim_horizon_s(now_s), stream_.slice_s());
    sub.pipe.refill(now_s);
    const double max_bytes = std::min(std::max(0.0, sub.pipe.level()), max_processed_bytes);
    // The pipe is in debt, the app is saturated, or its SubscribeToShard is refused until later.
    if (max_bytes <= 0 || max_records <= 0 || now_s < sub.series_from_s) continue;
    const bool was_caught_up = sub.caught_up;
    pieces_.clear();
    const LogRead read = log.read(sub.position, max_records, max_bytes, now_s,
                                  [&](const LogPiece& piece) { pieces_.push_back(piece); });
    sub.position = read.end;
    sub.caught_up = read.at_tip;
    sub.finished = shard.ended_for(sub.position.ordinal);
    if (read.records > 0) {
      sub.pipe.take_debt(read.bytes);
      if (was_caught_up && read.at_tip) {
        delays.add(period, push_delay_s_ * 1000.0,
                   static_cast<double>(read.records));  // pushed as they came
      } else {
        for (const LogPiece& piece : pieces_) {
          delays.add_uniform(period, (now_s + push_delay_s_ - piece.last_arrival_s) * 1000.0,
                             (now_s + push_delay_s_ - piece.first_arrival_s) * 1000.0,
                             static_cast<double>(piece.records));
        }
      }
      account_delivery(result_, s, period, read.records, read.bytes, now_s + push_delay_s_,
                       outgoing_.stream(), outgoing_.shard(static_cast<size_t>(s)));
    }
    // SubscribeToShardEvent.MillisBehindLatest: zero when caught up.
    const double behind_ms = read.at_tip
                                 ? 0.0
                                 : (read.records > 0 ? (now_s - read.last_arrival_s) * 1000.0
                                                     : sub.last_millis_behind_ms + step_s * 1000.0);
    sub.last_millis_behind_ms = behind_ms;
    result_.iterator_age_ms.add(behind_ms);
    result_.max_iterator_age_ms[period] = std::max(result_.max_iterator_age_ms[period], behind_ms);
  }
}

void EnhancedFanOutApp::subscribe_new_shards(double now_s) {
  for (int s = static_cast<int>(subscriptions_.size()); s < stream_.shard_count(); ++s) {
    // The pipe holds one second of 2 MiB/s, like the shared read limit's default burst.
    const Shard& shard = stream_.shard(s);
    Subscription sub{shard_start_position(spec_, shard, now_s),
                     TokenBucket(kShardReadBytesPerS, kShardReadBytesPerS)};
    sub.finished = shard.ended_for(sub.position.ordinal);  // a LATEST app skips closed shards
    // Pushes come as records arrive only from the tip: a child waiting for its parent, or an app
    // starting behind (TRIM_HORIZON, or after a stop at its start), has a backlog first.
    sub.caught_up =
        shard.parents.empty() && sub.position.ordinal >= shard.log.latest(now_s).ordinal;
    sub.series_from_s = now_s;
    subscriptions_.push_back(sub);
    outgoing_.grow(subscriptions_.size());
  }
}

uint64_t EnhancedFanOutApp::needed_ordinal(int shard, double now_s) const {
  if (static_cast<size_t>(shard) < subscriptions_.size())
    return subscriptions_[static_cast<size_t>(shard)].position.ordinal;
  return shard_first_needed(spec_, stream_.shard(shard), now_s);
}

void EnhancedFanOutApp::finish(double end_s) {
  outgoing_.add_to(run_);
  double final_ms = 0;
  for (int s = static_cast<int>(subscriptions_.size()); s < stream_.shard_count(); ++s) {
    result_.lost_records +=
        expired_before_reading(spec_, stream_.shard(s), end_s, stream_.trim_horizon_s(end_s));
  }
  for (Subscription& sub : subscriptions_) {
    const ShardLog& log = stream_.shard(static_cast<int>(&sub - subscriptions_.data())).log;
    result_.lost_records +=
        skip_expired(sub.position, log, stream_.trim_horizon_s(end_s), stream_.slice_s());
    result_.oldest_unprocessed_age_ms =
        std::max(result_.oldest_unprocessed_age_ms, unprocessed_age_ms(log, sub.position, end_s));
    final_ms = std::max(final_ms, sub.last_millis_behind_ms);
  }
  result_.final_iterator_age_ms = final_ms;
  // SubscribeToShard calls: the series still running end now (the refused calls of restarts,
  // T15, and the series that ended at stops were counted as they happened).
  for (size_t s = 0; s < subscriptions_.size(); ++s)
    end_series(subscriptions_[s], static_cast<int>(s), std::min(end_s, session_.second));
  result_.get_records_calls = static_cast<int64_t>(subscribe_calls_);
  // Billing: one consumer-shard-hour per open shard for every hour the consumer is registered.
  result_.efo_consumer_shard_hours = stream_.open_shard_hours(spec_.start_at_s, end_s);
}

}  // namespace kds::models
