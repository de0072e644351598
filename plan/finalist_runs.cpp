#include "plan/finalist_runs.hpp"

#include <cstdio>
#include <filesystem>

#include "plan/candidate_estimate.hpp"
#include "reports/output_files.hpp"
#include "sweep/process_pool.hpp"

namespace kds::plan {

namespace fs = std::filesystem;

FinalistOutcome read_outcome(const std::string& summary_text, models::PlanMode mode) {
  FinalistOutcome out;
  const nlohmann::json summary = nlohmann::json::parse(summary_text, nullptr, false);
  if (!summary.is_object() || !summary.contains("slo") || !summary.contains("cost")) {
    out.status = "summary.json is not a run summary";
    return out;
  }
  try {
    out.slo_met = summary.at("slo").at("met").get<bool>();
    for (const auto& v : summary.at("slo").at("violations")) {
      out.violations.push_back(violation_text(models::SloViolation{
          v.at("what").get<std::string>(), v.value("consumer", ""), v.at("limit").get<double>(),
          v.at("value").get<double>()}));
      out.failed_slos.push_back(v.at("what").get<std::string>());
    }
    out.monthly_usd = summary.at("cost").at("billed").at("monthly_usd").get<double>();
    out.cost = summary.at("cost").at(cost_key(mode));
    for (const auto& c : summary.at("consumers")) {
      out.max_iterator_age_ms =
          std::max(out.max_iterator_age_ms, c.at("iterator_age_ms").at("max").get<double>());
    }
  } catch (const nlohmann::json::exception& e) {
    out.status = std::string("summary.json: ") + e.what();
    return out;
  }
  out.ran = true;
  out.status = "ok";
  return out;
}

std::vector<FinalistOutcome> run_finalists(const std::vector<FinalistRun>& runs,
                                           const RunnerOptions& options, int& interrupted_by) {
  std::vector<FinalistOutcome> outcomes(runs.size());
  std::vector<sweep::ChildCommand> commands;
  for (size_t i = 0; i < runs.size(); ++i) {
    const fs::path folder = fs::path(options.output_dir) / "runs" / runs[i].id;
    std::error_code error;
    fs::create_directories(folder, error);
    const std::string scenario_path = (folder / "scenario.json").string();
    const std::string problem =
        error ? error.message()
              : reports::write_file_atomically(scenario_path, runs[i].document.dump(2) + "\n");
    sweep::ChildCommand c = sweep::scenario_run_command(options, scenario_path, folder.string());
    if (!problem.empty()) {
      outcomes[i].status = "cannot write " + scenario_path + ": " + problem;
      c.argv = {"/bin/false"};  // keeps indices aligned; its outcome is already set
    }
    commands.push_back(std::move(c));
  }
  const sweep::PoolOutcome pool = sweep::run_pool(
      commands, options.parallel, 0, [&](size_t k, const sweep::ChildEnd& end) {
        if (!outcomes[k].status.empty()) return;
        const fs::path folder = fs::path(options.output_dir) / "runs" / runs[k].id;
        if (!end.ok()) {
          outcomes[k].status = end.status() + " (see " + (folder / "run.log").string() + ")";
          return;
        }
        const auto text = reports::read_file_text((folder / "summary.json").string());
        outcomes[k] = text ? read_outcome(*text, runs[k].mode)
                           : FinalistOutcome{false, "no summary.json", false, {}, {}, 0, {}, 0};
      });
  interrupted_by = pool.interrupted_by;
  return outcomes;
}

}  // namespace kds::plan
