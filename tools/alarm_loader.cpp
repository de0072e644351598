// /alarms (SPEC §4): CloudWatch metric alarms on what metrics.csv publishes. The rules are
// CloudWatch's (PutMetricAlarm: DatapointsToAlarm <= EvaluationPeriods; "the number of evaluation
// periods for an alarm multiplied by the length of each evaluation period cannot exceed one day",
// user guide) plus kds-sim's own: a period is a whole number of report intervals (kds-sim
// publishes one value per interval), and the metric must be one kds-sim publishes for the
// dimension (models/cloudwatch_metric.hpp), so that a typo is not an alarm that never fires.
#include <cmath>
#include <set>

#include "models/cloudwatch_metric.hpp"
#include "tools/duration.hpp"
#include "tools/scenario_sections.hpp"

namespace kds::front {
namespace models = kds::models;

namespace {
constexpr double kMaxEvaluationSpanS = 86400;  // CloudWatch: N x period <= one day
constexpr int kMaxEvaluationRangeExtra = 100;  // a simulator limit on the retrieved datapoints

const std::vector<std::string> kStatistics = {"Sum", "Average", "Maximum", "Minimum",
                                              "SampleCount"};
const std::vector<std::string> kMissing = {"missing", "ignore", "breaching", "notBreaching"};

// ">=" or GreaterThanOrEqualToThreshold, as PutMetricAlarm spells it.
std::optional<models::AlarmComparison> read_comparison(ObjectReader& r) {
  const nlohmann::json* v = r.get("comparison");
  if (!v) return models::AlarmComparison::kGreaterOrEqual;
  const auto i = read_choice(*v, r.at("comparison"),
                             {">=", ">", "<", "<=", "GreaterThanOrEqualToThreshold",
                              "GreaterThanThreshold", "LessThanThreshold",
                              "LessThanOrEqualToThreshold"},
                             r.problems());
  if (!i) return std::nullopt;
  return static_cast<models::AlarmComparison>(*i % 4);
}

void load_alarm(const nlohmann::json& value, const Pointer& at, models::Scenario& scenario,
                models::AlarmSpec& alarm, Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  if (auto name = read_entity_name(r)) alarm.name = *name;
  const auto metric = r.string("metric", Need::kRequired);
  alarm.dimension = r.string("dimension").value_or("stream");
  if (metric) {
    alarm.metric = *metric;
    if (auto problem = models::CloudWatchMetric::problem(*metric, alarm.dimension, scenario)) {
      // "has no metric ..." is the metric's fault; anything else the dimension's.
      if (problem->rfind("has no metric", 0) == 0)
        problems.add(r.at("metric"), "dimension \"" + alarm.dimension + "\" " + *problem);
      else
        problems.add(r.at("dimension"), *problem);
    }
  }
  if (const auto i = r.choice("statistic", kStatistics, Need::kRequired))
    alarm.statistic = static_cast<models::AlarmStatistic>(*i);
  assign(alarm.period_s, r.duration("period", Bounds::above(0)));
  check_multiple_of_interval(alarm.period_s, r.at("period"), scenario, problems);
  if (alarm.period_s > scenario.duration_s + 1e-9)
    problems.add(r.at("period"), "must be at most the run's duration (" +
                                     format_duration(scenario.duration_s) +
                                     "): no period would end, got " +
                                     format_duration(alarm.period_s));
  // At most one day of 1-second periods (CloudWatch's rule below bounds the rest).
  assign(alarm.rule.evaluation_periods,
         r.integer("evaluation_periods", Bounds::between(1, 86400, "1 day of 1 s periods")));
  const int evaluation = alarm.rule.evaluation_periods;
  if (evaluation * alarm.period_s > kMaxEvaluationSpanS)
    problems.add(r.at("evaluation_periods"),
                 "times period must be at most one day (CloudWatch: evaluation periods x period "
                 "<= 1 day), got " + std::to_string(evaluation) + " x " +
                     format_duration(alarm.period_s));
  alarm.rule.datapoints_to_alarm = evaluation;
  assign(alarm.rule.datapoints_to_alarm,
         r.integer("datapoints_to_alarm",
                   Bounds::between(1, evaluation, "DatapointsToAlarm <= evaluation_periods")));
  alarm.rule.evaluation_range = evaluation + 2;
  assign(alarm.rule.evaluation_range,
         r.integer("evaluation_range",
                   Bounds::between(evaluation, evaluation + kMaxEvaluationRangeExtra,
                                   "at least evaluation_periods; simulator limit")));
  if (const auto i = r.choice("treat_missing_data", kMissing))
    alarm.rule.treat_missing_data = static_cast<models::TreatMissingData>(*i);
  assign(alarm.threshold, r.number("threshold", Bounds::any(), Need::kRequired));
  if (const auto comparison = read_comparison(r)) alarm.comparison = *comparison;
  r.finish();
}
}  // namespace

void check_multiple_of_interval(double period_s, const Pointer& at,
                                const models::Scenario& scenario, Problems& problems) {
  const double ratio = period_s / scenario.report.interval_s;
  if (ratio < 1 - 1e-9 || std::fabs(ratio - std::round(ratio)) > 1e-6 * ratio)
    problems.add(at, "must be a whole multiple of report.interval (" +
                         format_duration(scenario.report.interval_s) +
                         ": kds-sim publishes one value per interval), got " +
                         format_duration(period_s));
}

void load_alarms(const nlohmann::json& value, const Pointer& at, models::Scenario& scenario,
                 Problems& problems) {
  if (!expect_array(value, at, problems)) return;
  std::set<std::string> names;
  for (size_t i = 0; i < value.size(); ++i) {
    models::AlarmSpec alarm;
    load_alarm(value[i], at / i, scenario, alarm, problems);
    if (!alarm.name.empty() && !names.insert(alarm.name).second)
      problems.add(at / i / "name", "must be unique among the alarms (metrics.csv dimension "
                                    "alarm:<name>), \"" + alarm.name + "\" is repeated");
    scenario.alarms.push_back(std::move(alarm));
  }
}

}  // namespace kds::front
