// Producer rates (SPEC §2 producers[].rate): the aggregate user records/s of a group over
// simulated time. Five shapes: a constant, steps, a linear ramp, a diurnal cosine and a trace
// replayed from a CloudWatch export (per-period Sum / period). A trace must cover the whole run:
// the simulator does not invent traffic beyond the data.
#include <algorithm>
#include <cmath>
#include <filesystem>

#include "tools/cloudwatch_csv.hpp"
#include "tools/duration.hpp"
#include "tools/scenario_sections.hpp"

namespace kds::front {
namespace models = kds::models;
namespace {

Bounds rate_bounds() {
  return Bounds::between(0, kMaxRecordsPerS, "simulator limit");
}

void load_steps(const nlohmann::json& value, const Pointer& at, models::RateSpec& rate,
                Problems& problems) {
  if (!expect_array(value, at, problems)) return;
  if (value.empty()) {
    problems.add(at, "must list at least one [time, records/s] step");
    return;
  }
  std::vector<std::pair<double, double>> steps;
  std::optional<double> previous_s;
  bool ok = true;
  for (size_t i = 0; i < value.size(); ++i) {
    const Pointer step_at = at / i;
    const nlohmann::json& step = value[i];
    if (!step.is_array() || step.size() != 2) {
      problems.add(step_at,
                   "must be [time, records/s], e.g. [\"30m\", 5000], got " + describe_value(step));
      ok = false;
      previous_s.reset();
      continue;
    }
    const auto from_s = read_duration(step[0], step_at / 0, Bounds::at_least(0), problems);
    const auto per_s = read_number(step[1], step_at / 1, rate_bounds(), problems);
    if (from_s && i == 0 && *from_s != 0) {
      problems.add(step_at / 0, "the first step must start at 0s, got " + describe_value(step[0]));
      ok = false;
    } else if (from_s && previous_s && *from_s <= *previous_s) {
      problems.add(step_at / 0, "must be later than the previous step (" +
                                    format_duration(*previous_s) + "), got " +
                                    describe_value(step[0]));
      ok = false;
    }
    ok = ok && from_s && per_s;
    previous_s = from_s;
    if (from_s && per_s) steps.emplace_back(*from_s, *per_s);
  }
  if (ok) {
    rate.kind = models::RateSpec::Kind::kSteps;
    rate.steps = std::move(steps);
  }
}

void load_ramp(const nlohmann::json& value, const Pointer& at, models::RateSpec& rate,
               Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  rate.kind = models::RateSpec::Kind::kRamp;
  assign(rate.ramp_from_per_s, r.number("from", rate_bounds(), Need::kRequired));
  assign(rate.ramp_to_per_s, r.number("to", rate_bounds(), Need::kRequired));
  assign(rate.ramp_over_s, r.duration("over", Bounds::above(0), Need::kRequired));
  r.finish();
}

void load_diurnal(const nlohmann::json& value, const Pointer& at, models::RateSpec& rate,
                  Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  rate.kind = models::RateSpec::Kind::kDiurnal;
  assign(rate.diurnal_mean_per_s, r.number("mean", rate_bounds(), Need::kRequired));
  // An amplitude above 1 would make the rate negative at the trough.
  assign(rate.diurnal_amplitude, r.number("amplitude", Bounds::between(0, 1), Need::kRequired));
  assign(rate.diurnal_period_s, r.duration("period", Bounds::above(0)));
  assign(rate.diurnal_peak_at_s, r.duration("peak_at", Bounds::at_least(0)));
  r.finish();
}

void load_trace(const nlohmann::json& value, const Pointer& at, const SectionContext& context,
                models::RateSpec& rate, Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  const auto csv = r.string("csv", Need::kRequired);
  const auto column = r.string("column", Need::kRequired);
  const auto period_s = r.duration("period", Bounds::above(0));
  r.finish();
  assign(rate.trace_period_s, period_s);
  if (!csv || !column || (r.has("period") && !period_s)) return;

  std::filesystem::path path(*csv);
  if (path.is_relative()) path = std::filesystem::path(context.base_dir) / path;
  CloudWatchColumn data = read_cloudwatch_column(path.string(), *column);
  if (data.file_error) problems.add(r.at("csv"), *data.file_error);
  if (data.column_error) problems.add(r.at("column"), *data.column_error);
  for (const std::string& error : data.cell_errors) problems.add(r.at("csv"), error);
  if (data.file_error || data.column_error || !data.cell_errors.empty()) return;
  if (data.sums.empty()) {
    problems.add(r.at("csv"), "'" + path.string() + "' has a header but no data rows");
    return;
  }
  const double covered_s = static_cast<double>(data.sums.size()) * rate.trace_period_s;
  if (context.duration_s && covered_s < *context.duration_s) {
    problems.add(at, "covers " + format_duration(covered_s) + " (" +
                         std::to_string(data.sums.size()) + " rows of " +
                         format_duration(rate.trace_period_s) + ") but the scenario duration is " +
                         format_duration(*context.duration_s));
    return;
  }
  // A Sum that fits a double can still be too many records for a short period (1e300 per 1e-10 s
  // is infinite).
  const double busiest = *std::max_element(data.sums.begin(), data.sums.end());
  if (!rate_bounds().contains(busiest / rate.trace_period_s)) {
    problems.add(at, "every period's Sum / period must be " + rate_bounds().describe(false) +
                         ", got a Sum of " + describe_value(nlohmann::json(busiest)) + " over " +
                         format_duration(rate.trace_period_s));
    return;
  }
  rate.kind = models::RateSpec::Kind::kTrace;
  rate.trace_per_s.clear();
  for (double sum : data.sums) rate.trace_per_s.push_back(sum / rate.trace_period_s);
}

}  // namespace

void load_rate(const nlohmann::json& value, const Pointer& at, const SectionContext& context,
               models::RateSpec& rate, Problems& problems) {
  if (value.is_number()) {
    rate.kind = models::RateSpec::Kind::kConstant;
    assign(rate.constant_per_s, read_number(value, at, rate_bounds(), problems));
    return;
  }
  const auto kind = read_variant(value, at, {"steps", "ramp", "diurnal", "trace"},
                                 "a number of records/s or an object with one of the keys steps, "
                                 "ramp, diurnal, trace",
                                 problems);
  if (!kind) return;
  const Pointer shape_at = at / *kind;
  const nlohmann::json& shape = value.at(*kind);
  if (*kind == "steps") load_steps(shape, shape_at, rate, problems);
  if (*kind == "ramp") load_ramp(shape, shape_at, rate, problems);
  if (*kind == "diurnal") load_diurnal(shape, shape_at, rate, problems);
  if (*kind == "trace") load_trace(shape, shape_at, context, rate, problems);
}

}  // namespace kds::front
