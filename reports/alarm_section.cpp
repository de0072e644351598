// An alarm's chart shows what the alarm judged: its datapoints (the statistic over each alarm
// period, from the metric's report-period values), the threshold, and its time in ALARM shaded
// from each transition (at the end of the period that caused it) to the next. Policy alarms on
// metric math (alarm_double_halve's usage factor) have no metric of metrics.csv to chart; their
// history is in the table, and their bands are on the incoming charts.
#include "reports/alarm_section.hpp"

#include <cmath>
#include <limits>

#include "models/alarm_history.hpp"
#include "models/cloudwatch_metric.hpp"
#include "reports/chart_axis.hpp"
#include "reports/html_page.hpp"

namespace kds::reports {

namespace {
constexpr char kAlarmColour[] = "#e15759";

std::optional<models::AlarmStatistic> statistic_of(const std::string& name) {
  for (auto s : {models::AlarmStatistic::kSum, models::AlarmStatistic::kAverage,
                 models::AlarmStatistic::kMaximum, models::AlarmStatistic::kMinimum,
                 models::AlarmStatistic::kSampleCount}) {
    if (name == models::statistic_name(s)) return s;
  }
  return std::nullopt;
}

AxisUnit unit_of(const std::string& metric) {
  if (metric.find("Millis") != std::string::npos || metric.find("IteratorAge") != std::string::npos)
    return AxisUnit::kMilliseconds;
  if (metric.find("Bytes") != std::string::npos) return AxisUnit::kBytes;
  return AxisUnit::kCount;
}

std::string alarm_chart(const models::Scenario& scenario, const models::RunResult& run,
                        const models::AlarmResult& alarm, size_t index) {
  const auto statistic = statistic_of(alarm.statistic);
  if (!statistic || models::CloudWatchMetric::problem(alarm.metric, alarm.dimension, scenario))
    return "";
  const models::CloudWatchMetric metric(alarm.metric, alarm.dimension, scenario);
  const auto per = static_cast<size_t>(std::llround(alarm.period_s / run.interval_s));
  const auto value = [&](size_t p) { return metric.value(run, p); };
  ChartSeries points{alarm.metric + " (" + alarm.statistic + ")", {}, {}, "", false};
  // The complete alarm periods, the ones the alarm evaluated.
  for (int64_t j = 0; static_cast<double>(j + 1) * alarm.period_s <= run.duration_s + 1e-9; ++j) {
    const auto v = models::alarm_datapoint(value, j, per, run.periods, *statistic);
    points.time_s.push_back(static_cast<double>(j) * alarm.period_s);
    points.values.push_back(v ? *v : std::numeric_limits<double>::quiet_NaN());
  }
  LineChart chart{"alarm-" + std::to_string(index),
                  "Alarm " + alarm.name,
                  alarm.metric + " of " + alarm.dimension + ", " + alarm.statistic + " per " +
                      format_duration_s(alarm.period_s) +
                      " period; shaded: in ALARM; gaps: missing datapoints",
                  unit_of(alarm.metric),
                  {points},
                  ThresholdLine{"threshold " + alarm.comparison + " " +
                                    format_value(unit_of(alarm.metric), alarm.threshold),
                                alarm.threshold}};
  chart.bands = alarm_bands(run, [&](const models::AlarmResult& a) { return &a == &alarm; });
  return line_chart(chart);
}
}  // namespace

std::vector<TimeBand> alarm_bands(const models::RunResult& run,
                                  const std::function<bool(const models::AlarmResult&)>& wanted) {
  std::vector<TimeBand> bands;
  for (const models::AlarmResult& alarm : run.alarms) {
    if (!wanted(alarm)) continue;
    const auto& t = alarm.transitions;
    for (size_t i = 0; i < t.size(); ++i) {
      if (t[i].state != models::AlarmState::kAlarm) continue;
      const double to = i + 1 < t.size() ? t[i + 1].at_s : run.duration_s;
      bands.push_back({t[i].at_s, to, alarm.name + " in ALARM", kAlarmColour});
    }
  }
  return bands;
}

std::vector<TimeMarker> scaling_markers(const models::RunResult& run) {
  std::vector<TimeMarker> markers;
  for (const models::ScalingAction& action : run.stream.scaling_actions) {
    const bool refused = action.outcome == models::ScalingAction::Outcome::kRefused;
    markers.push_back({action.at_s,
                       refused ? "refused " + std::to_string(action.to)
                               : std::to_string(action.from) + "\u2192" + std::to_string(action.to),
                       refused ? kAlarmColour : "#4e79a7"});
  }
  return markers;
}

std::string alarm_section(const models::Scenario& scenario, const models::RunResult& run) {
  if (run.alarms.empty()) return "";
  std::string out = "<section id=\"alarms\"><h2>Alarms</h2>\n";
  std::vector<std::vector<std::string>> rows;
  for (const models::AlarmResult& alarm : run.alarms) {
    const auto first = alarm.first_alarm_s();
    rows.push_back({alarm.name, alarm.metric + " (" + alarm.dimension + ")",
                    alarm.statistic + " per " + format_duration_s(alarm.period_s) + " " +
                        alarm.comparison + " " + format_value(AxisUnit::kCount, alarm.threshold),
                    first ? format_duration_s(*first) : "never",
                    format_duration_s(alarm.seconds_in_alarm(run.duration_s)),
                    std::to_string(alarm.transitions.size()),
                    models::alarm_state_name(alarm.state_at(run.duration_s))});
  }
  out += html_table({"alarm", "metric", "condition", "first ALARM", "time in ALARM",
                     "transitions", "final state"},
                    rows);
  for (size_t i = 0; i < run.alarms.size(); ++i) out += alarm_chart(scenario, run, run.alarms[i], i);
  return out + "</section>\n";
}

}  // namespace kds::reports
