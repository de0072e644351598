// The comparison reads only the figures it compares from summary.json and names the first one
// missing. Each row is judged where its tolerance means something: an IteratorAge only where the
// simulated consumer falls behind (a consumer that keeps up has an age of a poll interval or two,
// whose ratio between two models is noise).
#include "reports/estimate_comparison.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "reports/output_files.hpp"

namespace kds::reports {

namespace {

// The number at `pointer` in `doc`, or nothing (and `missing` names it) when absent or not one.
std::optional<double> number_at(const nlohmann::json& doc, const std::string& pointer,
                                std::string& missing) {
  const nlohmann::json::json_pointer ptr(pointer);
  if (!doc.contains(ptr) || !doc.at(ptr).is_number()) {
    if (missing.empty()) missing = pointer;
    return std::nullopt;
  }
  return doc.at(ptr).get<double>();
}

EstimateComparison row(const std::string& path, const std::string& label, double estimated,
                       double simulated) {
  EstimateComparison r{path, label, finite_or_zero(estimated), finite_or_zero(simulated)};
  r.absolute_error = std::fabs(r.estimated - r.simulated);
  if (r.simulated != 0)
    r.relative_error = r.absolute_error / std::fabs(r.simulated);
  else
    r.relative_error = r.estimated == 0 ? 0.0 : 1.0;
  return r;
}

Agreement within(bool ok) {
  return ok ? Agreement::kAgrees : Agreement::kDiffers;
}
}  // namespace

const char* agreement_name(Agreement a) {
  switch (a) {
    case Agreement::kAgrees:
      return "agrees";
    case Agreement::kDiffers:
      return "differs";
    case Agreement::kNotJudged:
      break;
  }
  return "not judged";
}

size_t RunComparison::differing() const {
  size_t n = 0;
  for (const EstimateComparison& r : rows) n += r.agreement == Agreement::kDiffers ? 1 : 0;
  return n;
}

std::optional<RunComparison> compare_with_summary(const nlohmann::json& doc,
                                                  const models::FluidEstimate& estimate,
                                                  std::string& error) {
  if (!doc.is_object()) {
    error = "not a JSON object";
    return std::nullopt;
  }
  RunComparison out;
  out.scenario = doc.contains("scenario") && doc["scenario"].is_string()
                     ? doc["scenario"].get<std::string>()
                     : std::string();
  std::string missing;
  const auto add = [&](const std::string& pointer, const std::string& label, double estimated,
                       auto judge) {
    if (const auto simulated = number_at(doc, pointer, missing)) {
      EstimateComparison r = row(pointer, label, estimated, *simulated);
      r.agreement = within(judge(r));
      out.rows.push_back(r);
    }
  };
  add("/stream/write_throttle_ratio", "write throttle ratio",
      estimate.stream.write_throttle_ratio(),
      [](const EstimateComparison& r) { return r.absolute_error <= kThrottleRatioTolerance; });
  add("/stream/incoming_records", "records stored", estimate.stream.incoming_records,
      [](const EstimateComparison& r) { return r.relative_error <= kIncomingRecordsTolerance; });
  const double incoming = out.rows.size() == 2 ? out.rows[1].simulated : 0.0;

  const nlohmann::json* consumers =
      doc.contains("consumers") && doc["consumers"].is_array() ? &doc["consumers"] : nullptr;
  for (size_t i = 0; i < estimate.consumers.size(); ++i) {
    const models::FluidConsumerEstimate& c = estimate.consumers[i];
    // The run's consumer of the same name (the same scenario lists them in the same order).
    std::optional<size_t> k;
    for (size_t n = 0; consumers && n < consumers->size(); ++n) {
      const nlohmann::json& run_consumer = (*consumers)[n];
      if (run_consumer.is_object() && run_consumer.contains("name") &&
          run_consumer["name"] == c.name)
        k = n;
    }
    if (!k) {
      if (missing.empty()) missing = "/consumers (no consumer named " + c.name + ")";
      continue;
    }
    const std::string at = "/consumers/" + std::to_string(*k);
    const std::string mine = "/consumers/" + std::to_string(i);
    const auto sim_max = number_at(doc, at + "/iterator_age_ms/max", missing);
    const auto sim_final = number_at(doc, at + "/iterator_age_ms/final", missing);
    const auto sim_lost = number_at(doc, at + "/lost_records", missing);
    if (!sim_max || !sim_final || !sim_lost) continue;

    const bool sim_kept_up = *sim_final < c.caught_up_threshold_ms;
    EstimateComparison kept_up =
        row(mine + "/caught_up", c.name + ": keeps up", c.caught_up ? 1 : 0, sim_kept_up ? 1 : 0);
    kept_up.relative_error = kept_up.absolute_error;
    kept_up.yes_no = true;
    kept_up.agreement = within(kept_up.absolute_error == 0);

    for (auto [suffix, label, estimated, simulated] :
         {std::tuple{"/iterator_age_ms/max", ": max IteratorAge", c.max_iterator_age_ms,
                     *sim_max},
          std::tuple{"/iterator_age_ms/final", ": final IteratorAge",
                     c.final_iterator_age_ms, *sim_final}}) {
      EstimateComparison age = row(mine + suffix, c.name + label, estimated, simulated);
      if (!sim_kept_up) age.agreement = within(age.relative_error <= kIteratorAgeTolerance);
      out.rows.push_back(age);
    }
    EstimateComparison lost = row(mine + "/lost_records", c.name + ": lost records",
                                  c.lost_records, *sim_lost);
    lost.agreement = within(lost.absolute_error <=
                            std::max(kLostRecordsTolerance * lost.simulated,
                                     kLostRecordsFloor * incoming));
    out.rows.push_back(lost);
    out.rows.push_back(kept_up);
  }
  const auto cost_agrees = [](const EstimateComparison& r) {
    return r.relative_error <= kCostTolerance;
  };
  add("/cost/provisioned/monthly_usd", "provisioned cost per month",
      estimate.provisioned.monthly_usd, cost_agrees);
  add("/cost/on_demand/monthly_usd", "on-demand cost per month", estimate.on_demand.monthly_usd,
      cost_agrees);
  add("/cost/billed/monthly_usd", "billed cost per month", estimate.billed.monthly_usd,
      cost_agrees);
  if (!missing.empty()) {
    error = "missing or not a number: " + missing;
    return std::nullopt;
  }
  return out;
}

std::optional<RunComparison> compare_with_run(const std::string& run_dir,
                                              const models::FluidEstimate& estimate,
                                              std::string& error) {
  const std::string path = run_dir + "/summary.json";
  const std::optional<std::string> text = read_file_text(path);
  if (!text) {
    error = path + ": cannot read the file";
    return std::nullopt;
  }
  const nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
  std::optional<RunComparison> out =
      doc.is_discarded() ? std::nullopt : compare_with_summary(doc, estimate, error);
  if (!out) {
    error = path + ": " + (doc.is_discarded() ? std::string("not a JSON object") : error);
    return std::nullopt;
  }
  out->run_dir = run_dir;
  return out;
}

}  // namespace kds::reports
