// An alarm period's datapoint is built from the report periods it holds, as CloudWatch builds a
// 5-minute Sum from the minute values it has: kds-sim publishes one value per report interval, so
// that value is the only sample of its interval (an Average over a 5-minute period is the mean of
// the 5 minute values). Only complete alarm periods are evaluated: a run that ends mid-period has
// no datapoint for it yet.
#include "models/alarm_history.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "models/cloudwatch_metric.hpp"

namespace kds::models {

std::optional<double> alarm_datapoint(const ReportValue& value, int64_t j, size_t per,
                                      size_t periods, AlarmStatistic statistic) {
  if (j < 0) return std::nullopt;
  std::vector<double> values;
  const size_t first = static_cast<size_t>(j) * per;
  for (size_t p = first; p < std::min(first + per, periods); ++p) {
    if (const auto v = value(p)) values.push_back(*v);
  }
  return alarm_statistic(values, statistic);
}

AlarmTrack::AlarmTrack(AlarmResult header, const AlarmRule& rule)
    : result_(std::move(header)), rule_(rule) {}

AlarmState AlarmTrack::evaluate(int64_t j, double end_s,
                                const std::function<AlarmPoint(int64_t)>& point) {
  std::vector<AlarmPoint> range;
  range.reserve(static_cast<size_t>(rule_.evaluation_range));
  for (int64_t i = j - rule_.evaluation_range + 1; i <= j; ++i)
    range.push_back(i < 0 ? AlarmPoint() : point(i));
  const AlarmState next = evaluate_range(range, rule_, state());
  result_.record(end_s, next);
  return next;
}

PolicyAlarm::PolicyAlarm(AlarmResult header, const AlarmRule& rule, double period_s,
                         double interval_s)
    : track_(std::move(header), rule),
      period_s_(period_s),
      per_(std::max<size_t>(1, static_cast<size_t>(std::llround(period_s / interval_s)))) {}

int PolicyAlarm::advance(size_t readable,
                         const std::function<std::optional<double>(int64_t)>& datapoint,
                         const std::function<bool(double)>& breaching) {
  int evaluated = 0;
  for (; static_cast<size_t>(next_ + 1) * per_ <= readable; ++next_, ++evaluated) {
    track_.evaluate(next_, static_cast<double>(next_ + 1) * period_s_, [&](int64_t i) {
      const auto value = datapoint(i);
      return value ? AlarmPoint(breaching(*value)) : AlarmPoint();
    });
  }
  return evaluated;
}

AlarmResult evaluate_alarm(const AlarmSpec& spec, const Scenario& scenario, const RunResult& run) {
  AlarmResult header;
  header.name = spec.name;
  header.metric = spec.metric;
  header.dimension = spec.dimension;
  header.statistic = statistic_name(spec.statistic);
  header.comparison = comparison_symbol(spec.comparison);
  header.threshold = spec.threshold;
  header.period_s = spec.period_s;
  AlarmTrack track(std::move(header), spec.rule);

  const CloudWatchMetric metric(spec.metric, spec.dimension, scenario);
  const auto per = static_cast<size_t>(std::llround(spec.period_s / run.interval_s));
  const ReportValue value = [&](size_t p) { return metric.value(run, p); };
  std::vector<AlarmPoint> points;  // verdicts of the alarm periods so far, by index
  const auto complete = static_cast<int64_t>(std::floor(run.duration_s / spec.period_s + 1e-9));
  for (int64_t j = 0; j < complete; ++j) {
    const auto datapoint = alarm_datapoint(value, j, per, run.periods, spec.statistic);
    points.push_back(datapoint ? AlarmPoint(breaches(*datapoint, spec.comparison, spec.threshold))
                               : AlarmPoint());
    track.evaluate(j, static_cast<double>(j + 1) * spec.period_s,
                   [&points](int64_t i) { return points[static_cast<size_t>(i)]; });
  }
  return track.result();
}

}  // namespace kds::models
