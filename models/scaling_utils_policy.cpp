// Reading of StreamMonitor (awslabs/amazon-kinesis-scaling-utils @ 23ba220, planning.md §1.2-1.4):
// - Capacity is reloaded every refreshShardsNumberAfterMin, not after the monitor's own resize
//   (the autoscaler path does not wait for the update and skips the reload): until the next
//   refresh, utilisation is judged against the old shard count (§1.4, derived, UNCERTAIN).
// - The resize itself starts from the stream's current open shards.
// - Cool-offs run from the monitor's last accepted request in that direction.
// - A look-back window that reaches before the run starts is not judged: the monitor waits until
//   the run has as many minutes as its window (counting the minutes before the run as missing
//   would scale every stream down at start).
// - GET datapoints exist in a minute in which an app reading through GetRecords (polling, or
//   Lambda without enhanced fan-out) had a served call; with none, every minute counts as low
//   ("a metric with no datapoints at all gets scaleDown.scaleAfterMins low samples").
// - The fallback to split/merge when UpdateShardCount is refused is left out: the refusal is
//   reported in stream.scaling_actions.
#include "models/scaling_utils_policy.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "models/limits.hpp"
#include "models/units.hpp"

namespace kds::models {

namespace {
double mean_of_present(const std::vector<std::optional<double>>& values) {
  double sum = 0;
  int n = 0;
  for (const auto& v : values) {
    if (v) {
      sum += *v;
      ++n;
    }
  }
  return n > 0 ? sum / n : -1;
}

bool reads_through_get_records(const ConsumerSpec& spec) {
  return spec.type == ConsumerType::kPolling ||
         (spec.type == ConsumerType::kLambda && !spec.use_efo);
}
}  // namespace

ScalingVote scaling_utils_vote(const std::vector<std::optional<double>>& bytes_pct,
                               const std::vector<std::optional<double>>& records_pct,
                               const ScalingUtilsSpec& spec) {
  const auto& chosen =
      mean_of_present(records_pct) > mean_of_present(bytes_pct) ? records_pct : bytes_pct;
  int high = 0, low = 0;
  for (const auto& v : chosen) {
    if (!v || *v < spec.down.threshold_pct) ++low;
    else if (*v > spec.up.threshold_pct) ++high;
  }
  if (high >= spec.up.after_mins) return ScalingVote::kUp;
  if (low >= spec.down.after_mins) return ScalingVote::kDown;
  return ScalingVote::kNone;
}

ScalingUtilsPolicy::ScalingUtilsPolicy(const Scenario& scenario)
    : spec_(scenario.autoscaler->scaling_utils),
      scenario_(scenario),
      interval_s_(scenario.report.interval_s),
      per_minute_(static_cast<size_t>(std::llround(60.0 / scenario.report.interval_s))),
      capacity_shards_(scenario.shards) {}

double ScalingUtilsPolicy::next_check_after(double t_s) const {
  return (std::floor(t_s / spec_.check_interval_s + 1e-9) + 1) * spec_.check_interval_s;
}

ScalingVote ScalingUtilsPolicy::vote(const AutoscalerView& view, bool put, size_t first_minute,
                                     size_t minutes) const {
  const RunResult& run = view.run;
  const double shards = capacity_shards_;
  const double bytes_capacity = shards * (put ? kShardWriteBytesPerS : kShardReadBytesPerS) * 60;
  const double records_capacity =
      shards * (put ? kShardWriteRecordsPerS : 2 * kShardWriteRecordsPerS) * 60;
  std::vector<std::optional<double>> bytes_pct, records_pct;
  for (size_t m = first_minute; m < first_minute + minutes; ++m) {
    double bytes = 0, records = 0;
    bool present = put;  // the stream publishes IncomingBytes every minute
    for (size_t p = m * per_minute_; p < (m + 1) * per_minute_; ++p) {
      if (put) {
        bytes += run.stream.periods.incoming_bytes[p];
        records += run.stream.periods.incoming_records[p];
        continue;
      }
      for (size_t c = 0; c < run.consumers.size(); ++c) {
        if (!reads_through_get_records(scenario_.consumers[c])) continue;
        const ConsumerResult& consumer = run.consumers[c];
        bytes += consumer.periods.outgoing_bytes[p];
        records += consumer.periods.outgoing_records[p];
        present = present || consumer.max_iterator_age_ms[p] >= 0 ||
                  consumer.periods.outgoing_records[p] > 0;
      }
    }
    bytes_pct.push_back(present ? std::optional<double>(100 * bytes / bytes_capacity)
                                : std::nullopt);
    records_pct.push_back(present ? std::optional<double>(100 * records / records_capacity)
                                  : std::nullopt);
  }
  return scaling_utils_vote(bytes_pct, records_pct, spec_);
}

std::optional<ScalingDecision> ScalingUtilsPolicy::check(const AutoscalerView& view) {
  if (const ScalingAction* last = view.last_request;
      last && last->accepted()) {
    (last->to > last->from ? last_up_s_ : last_down_s_) = last->at_s;
  }
  if (view.now_s >= refreshed_at_s_ + spec_.refresh_shards_after_mins * 60) {
    capacity_shards_ = view.open_shards;
    refreshed_at_s_ = view.now_s;
  }
  // A request not yet taken by the control plane is answered before the monitor asks again.
  if (!view.provisioned ||
      (view.last_request && view.last_request->outcome == ScalingAction::Outcome::kPending))
    return std::nullopt;
  const auto window =
      static_cast<size_t>(std::ceil(std::max(spec_.up.after_mins, spec_.down.after_mins)));
  const size_t minutes = view.readable_periods / per_minute_;
  if (minutes < window) return std::nullopt;
  const size_t first = minutes - window;
  std::vector<ScalingVote> votes;
  if (spec_.put) votes.push_back(vote(view, true, first, window));
  if (spec_.get) votes.push_back(vote(view, false, first, window));
  const bool up = std::any_of(votes.begin(), votes.end(),
                              [](ScalingVote v) { return v == ScalingVote::kUp; });
  const bool down = std::all_of(votes.begin(), votes.end(),
                                [](ScalingVote v) { return v == ScalingVote::kDown; });
  const double now = view.now_s;
  ScalingDirection direction;
  if (up && now >= last_up_s_ + spec_.up.cool_off_mins * 60) {
    direction = ScalingDirection::kUp;
  } else if (!up && down && now >= last_down_s_ + spec_.down.cool_off_mins * 60) {
    direction = ScalingDirection::kDown;
  } else {
    return std::nullopt;
  }
  const auto& step = direction == ScalingDirection::kUp ? spec_.up.step : spec_.down.step;
  const int target = scaling_utils_new_shard_count(view.open_shards, direction, step,
                                                   spec_.min_shards, spec_.max_shards);
  if (target == view.open_shards) return std::nullopt;
  return ScalingDecision{target, direction == ScalingDirection::kUp
                                     ? "scaling_utils: a vote UP"
                                     : "scaling_utils: PUT and GET vote DOWN"};
}

}  // namespace kds::models
