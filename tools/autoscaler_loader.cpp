// /autoscaler (SPEC §4): one policy and its keys, with the originals' defaults
// (models/autoscaler_spec.hpp). Keys of another policy are reported as such. An autoscaler resizes
// with UpdateShardCount, which only provisioned streams accept (fact sheet §5): on an on-demand
// stream it is refused here rather than having every request refused during the run.
#include <algorithm>
#include <climits>

#include "models/limits.hpp"
#include "tools/duration.hpp"
#include "tools/scenario_sections.hpp"

namespace kds::front {
namespace models = kds::models;

namespace {
const std::vector<std::string> kPolicies = {"step", "scaling_utils", "alarm_double_halve"};
const std::vector<std::string> kStepKeys = {
    "out_threshold_pct", "out_period",   "out_evaluation_periods", "in_threshold_pct",
    "in_period",         "in_evaluation_periods", "step_shards", "step_pct", "cooldown"};
const std::vector<std::string> kScalingUtilsKeys = {"operations", "check_interval", "scale_up",
                                                    "scale_down", "refresh_shards_after_mins"};
const std::vector<std::string> kDoubleHalveKeys = {
    "period",         "up_threshold",    "up_datapoints",           "up_evaluation_periods",
    "down_threshold", "down_datapoints", "down_evaluation_periods", "iterator_age_guard_mins"};

int read_count(ObjectReader& r, const std::string& key, int fallback, const Bounds& bounds) {
  const auto n = r.integer(key, bounds);
  return n ? static_cast<int>(std::clamp<int64_t>(*n, INT_MIN, INT_MAX)) : fallback;
}

void read_shard_range(ObjectReader& r, int& min_shards, int& max_shards) {
  const Bounds shards = Bounds::between(1, models::kMaxShardsPerStream, "shards per stream");
  min_shards = read_count(r, "min_shards", min_shards, shards);
  max_shards = read_count(r, "max_shards", max_shards, shards);
  if (min_shards > max_shards)
    r.problems().add(r.at("max_shards"), "must be at least min_shards (" +
                                             std::to_string(min_shards) + "), got " +
                                             std::to_string(max_shards));
}

// A period that is a whole number of report intervals, the default's too (a 5-minute report
// interval cannot serve the step policy's 1-minute alarm).
void read_period(ObjectReader& r, const std::string& key, double& period_s,
                 const models::Scenario& scenario) {
  assign(period_s, r.duration(key, Bounds::above(0).and_at_most(86400, false)));
  check_multiple_of_interval(period_s, r.at(key), scenario, r.problems());
}

void load_step(ObjectReader& r, models::StepScalingSpec& step, const models::Scenario& scenario) {
  const Bounds pct = Bounds::above(0).and_at_most(100);
  assign(step.out_threshold_pct, r.number("out_threshold_pct", pct));
  assign(step.in_threshold_pct, r.number("in_threshold_pct", pct));
  read_period(r, "out_period", step.out_period_s, scenario);
  read_period(r, "in_period", step.in_period_s, scenario);
  step.out_evaluation_periods =
      read_count(r, "out_evaluation_periods", step.out_evaluation_periods, Bounds::between(1, 1440));
  step.in_evaluation_periods =
      read_count(r, "in_evaluation_periods", step.in_evaluation_periods, Bounds::between(1, 1440));
  step.step_shards = read_count(r, "step_shards", step.step_shards,
                                Bounds::between(1, models::kMaxShardsPerStream));
  assign(step.step_pct, r.number("step_pct", Bounds::between(0, 1000)));
  assign(step.cooldown_s, r.duration("cooldown", Bounds::at_least(0)));
}

void load_direction(const nlohmann::json& value, const Pointer& at,
                    models::ScalingUtilsSpec::Direction& direction, Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  assign(direction.threshold_pct, r.number("threshold_pct", Bounds::between(0, 100)));
  assign(direction.after_mins, r.integer("after_mins", Bounds::between(1, 1440)));
  assign(direction.cool_off_mins, r.number("cool_off_mins", Bounds::between(0, 1440 * 30)));
  if (r.has("pct") && r.has("count")) {
    problems.add(r.at("count"), "must not be given with pct (scalePct or scaleCount, one of them)");
    r.known({"pct", "count"});
  } else if (r.has("count")) {
    if (const auto n = r.integer("count", Bounds::between(1, models::kMaxShardsPerStream)))
      direction.step = {static_cast<int>(*n), std::nullopt};
  } else if (const auto pct = r.number("pct", Bounds::above(0).and_at_most(10000))) {
    direction.step = {std::nullopt, *pct};
  }
  r.finish();
}

void load_scaling_utils(ObjectReader& r, models::ScalingUtilsSpec& spec, double slice_s) {
  if (const nlohmann::json* ops = r.get("operations")) {
    const Pointer at = r.at("operations");
    if (expect_array(*ops, at, r.problems())) {
      spec.put = spec.get = false;
      for (size_t i = 0; i < ops->size(); ++i) {
        if (const auto op = read_choice((*ops)[i], at / i, {"PUT", "GET"}, r.problems()))
          (*op == 0 ? spec.put : spec.get) = true;
      }
      if (ops->empty())
        r.problems().add(at, "must name PUT, GET or both (scaleOnOperation), got []");
    }
  }
  // One check per write slice at most: the control plane takes requests between slices.
  assign(spec.check_interval_s,
         r.duration("check_interval", Bounds::at_least(slice_s, "engine.time_slice")));
  assign(spec.refresh_shards_after_mins,
         r.number("refresh_shards_after_mins", Bounds::between(0, 1440)));
  if (const nlohmann::json* v = r.get("scale_up"))
    load_direction(*v, r.at("scale_up"), spec.up, r.problems());
  if (const nlohmann::json* v = r.get("scale_down"))
    load_direction(*v, r.at("scale_down"), spec.down, r.problems());
  // A datapoint is judged low before high: overlapping thresholds would make a busy minute low.
  if (spec.down.threshold_pct >= spec.up.threshold_pct)
    r.problems().add(r.at("scale_down") / "threshold_pct",
                     "must be below scale_up.threshold_pct (" +
                         std::to_string(spec.up.threshold_pct) + "), got " +
                         std::to_string(spec.down.threshold_pct));
}

void load_double_halve(ObjectReader& r, models::AlarmDoubleHalveSpec& spec,
                       const models::Scenario& scenario) {
  read_period(r, "period", spec.period_s, scenario);
  assign(spec.up_threshold, r.number("up_threshold", Bounds::above(0)));
  assign(spec.down_threshold, r.number("down_threshold", Bounds::above(0)));
  const Bounds periods = Bounds::between(1, 1440);
  spec.up_evaluation_periods =
      read_count(r, "up_evaluation_periods", spec.up_evaluation_periods, periods);
  spec.down_evaluation_periods =
      read_count(r, "down_evaluation_periods", spec.down_evaluation_periods, periods);
  spec.up_datapoints = read_count(
      r, "up_datapoints", spec.up_datapoints,
      Bounds::between(1, spec.up_evaluation_periods, "DatapointsToAlarm <= evaluation periods"));
  spec.down_datapoints = read_count(
      r, "down_datapoints", spec.down_datapoints,
      Bounds::between(1, spec.down_evaluation_periods, "DatapointsToAlarm <= evaluation periods"));
  if (spec.down_threshold >= spec.up_threshold)
    r.problems().add(r.at("down_threshold"), "must be below up_threshold (" +
                                                 std::to_string(spec.up_threshold) + ")");
  if (const auto guard = r.number("iterator_age_guard_mins", Bounds::any())) {
    if (*guard != -1 && *guard <= 0)
      r.problems().add(r.at("iterator_age_guard_mins"),
                       "must be -1 (no guard) or above 0 minutes, got " + std::to_string(*guard));
    else
      spec.iterator_age_guard_mins = *guard;
  }
  const double delay = scenario.service.alarm_action_delay_s;
  if (delay >= spec.period_s)
    r.problems().add(r.at("period"),
                     "must be longer than service.alarm_action_delay (" + format_duration(delay) +
                         "): the Lambda resets the alarms before their next period ends");
}
}  // namespace

void load_autoscaler(const nlohmann::json& value, const Pointer& at, models::Scenario& scenario,
                     Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  const auto policy = r.choice("policy", kPolicies, Need::kRequired);
  if (!policy) {
    r.known({"min_shards", "max_shards"});
    for (const auto* keys : {&kStepKeys, &kScalingUtilsKeys, &kDoubleHalveKeys})
      for (const std::string& key : *keys) r.known({key.c_str()});
    r.finish();
    return;
  }
  models::AutoscalerSpec spec;
  spec.policy = static_cast<models::AutoscalerPolicy>(*policy);
  const std::string name = kPolicies[*policy];
  const std::string rule = "belongs to another policy, not " + name;
  switch (spec.policy) {
    case models::AutoscalerPolicy::kStep:
      load_step(r, spec.step, scenario);
      read_shard_range(r, spec.step.min_shards, spec.step.max_shards);
      r.only_for(kScalingUtilsKeys, rule);
      r.only_for(kDoubleHalveKeys, rule);
      break;
    case models::AutoscalerPolicy::kScalingUtils:
      load_scaling_utils(r, spec.scaling_utils, scenario.engine.time_slice_s);
      read_shard_range(r, spec.scaling_utils.min_shards, spec.scaling_utils.max_shards);
      r.only_for(kStepKeys, rule);
      r.only_for(kDoubleHalveKeys, rule);
      if (60.0 / scenario.report.interval_s != std::round(60.0 / scenario.report.interval_s))
        problems.add(r.at("policy"), "needs a report.interval that divides 1 minute (it reads "
                                     "minute datapoints), got " +
                                         format_duration(scenario.report.interval_s));
      break;
    case models::AutoscalerPolicy::kAlarmDoubleHalve:
      load_double_halve(r, spec.alarm_double_halve, scenario);
      read_shard_range(r, spec.alarm_double_halve.min_shards, spec.alarm_double_halve.max_shards);
      r.only_for(kStepKeys, rule);
      r.only_for(kScalingUtilsKeys, rule);
      break;
  }
  // A stream that starts on demand may switch to PROVISIONED later; while it is on demand the
  // policy requests nothing (models/autoscaler.hpp).
  const bool becomes_provisioned =
      std::any_of(scenario.events.begin(), scenario.events.end(), [](const auto& e) {
        return e.kind == models::EventSpec::Kind::kSwitchMode &&
               e.mode == models::StreamMode::kProvisioned;
      });
  if (scenario.mode != models::StreamMode::kProvisioned && !becomes_provisioned)
    problems.add(r.at("policy"),
                 "works on PROVISIONED streams only (it resizes with UpdateShardCount; an "
                 "on-demand stream scales itself), the stream is " +
                     std::string(models::stream_mode_name(scenario.mode,
                                                          scenario.on_demand_advantage)));
  const double slice = scenario.engine.time_slice_s;
  if (scenario.service.alarm_action_delay_s < 3 * slice)
    problems.add(at.parent_pointer() / "service" / "alarm_action_delay",
                 "must be at least three engine.time_slice (" + format_duration(3 * slice) +
                     ") with an autoscaler: its metrics must be final when it reads them, got " +
                     format_duration(scenario.service.alarm_action_delay_s));
  r.finish();
  scenario.autoscaler = spec;
}

}  // namespace kds::front
