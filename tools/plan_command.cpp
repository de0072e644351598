// The front end of the planner: the workload loaded as `run` loads it (plus its plan block),
// plan/ searches and simulates, then plan.json, recommended.json and plan.html are written
// together, all or nothing, and a short table printed.
#include "tools/plan_command.hpp"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "plan/plan_json.hpp"
#include "plan/planner.hpp"
#include "reports/output_files.hpp"
#include "reports/plan_page.hpp"
#include "reports/run_folder.hpp"
#include "tools/interrupt.hpp"
#include "tools/process_self.hpp"
#include "tools/scenario_loader.hpp"

namespace kds::front {

namespace {
namespace fs = std::filesystem;
constexpr int kExitInternal = 1;
constexpr int kExitInvalid = 2;
constexpr int kExitNoOption = 3;
constexpr double kDefaultMaxWriteThrottleRatio = 0.01;

std::optional<reports::RunFolder> read_run(const std::string& output_dir,
                                           const plan::PlanOption* option) {
  if (!option || option->evidence.empty()) return std::nullopt;
  return reports::read_run_folder((fs::path(output_dir) / option->evidence).string()).folder;
}

std::string table(const plan::PlanResult& r, const std::string& output_dir) {
  std::string out;
  char line[512];
  const auto& s = r.search;
  for (size_t i = 0; i < s.options.size(); ++i) {
    if (i >= 12 && s.recommended != i) continue;  // the first 12, and the recommendation
    const plan::PlanOption& o = s.options[i];
    std::snprintf(line, sizeof line, "%s %-44s %12.2f $/month  %-9s %-9s %s\n",
                  s.recommended == i ? "*" : " ", plan::candidate_label(o.candidate).c_str(),
                  o.verdict.monthly_usd, o.meets() ? "meets" : "fails", o.source.c_str(),
                  o.binding.c_str());
    out += line;
  }
  std::snprintf(line, sizeof line,
                "searched  %zu candidates estimated, %zu simulated, in %.1f s; formulas: %d "
                "shards (developer guide), %d (FAQ)\n",
                r.estimated, r.simulated, r.wall_s, r.dev_guide.shards, r.faq.shards);
  out += line;
  for (const auto& change : s.crossover.changes) {
    std::snprintf(line, sizeof line, "crossover %s -> %s at about %.1f MiB/s (x%.2f)\n",
                  change.from_mode.c_str(), change.to_mode.c_str(), change.at_ingest_mib_per_s,
                  change.at_rate_multiple);
    out += line;
  }
  for (const auto& note : s.notes) out += "note      " + note + "\n";
  out += s.recommended ? "plan      " + output_dir + "/plan.json, plan.html, recommended.json\n"
                       : "plan      no option meets the SLOs; " + output_dir + "/plan.json\n";
  return out;
}
}  // namespace

int plan_command(const PlanOptions& options, const std::string& version,
                 const CreateOutputFolder& create_output_folder) {
  nlohmann::json document;
  const LoadResult loaded =
      load_scenario_file(options.scenario_path, options.overrides, options.seed, {}, &document);
  for (const auto& error : loaded.errors) std::cerr << to_string(error) << "\n";
  if (!loaded.errors.empty()) return kExitInvalid;
  const models::Scenario& scenario = *loaded.scenario;
  if (!scenario.plan) {
    std::cerr << "/plan: required by kds-sim plan: say what may change, e.g. {\"modes\": "
                 "[\"PROVISIONED\", \"ON_DEMAND\"], \"shards\": {\"min\": 1, \"max\": 100}}\n";
    return kExitInvalid;
  }
  document["seed"] = scenario.seed;  // --seed, so that candidates run with it
  // A stream that throttles most writes meets an IteratorAge SLO trivially (its consumers read
  // what little is stored), so the plan always bounds write throttling: 1 % of put attempts unless
  // the SLOs say otherwise. Written into the candidates, hence into recommended.json.
  models::Scenario workload = scenario;
  std::string implied_objective;
  if (!workload.slo.max_write_throttle_ratio) {
    workload.slo.max_write_throttle_ratio = kDefaultMaxWriteThrottleRatio;
    document["slo"]["max_write_throttle_ratio"] = kDefaultMaxWriteThrottleRatio;
    implied_objective =
        "the SLOs state no max_write_throttle_ratio; the plan requires at most 1 % of put "
        "attempts throttled, so that the stream takes its traffic";
  }

  const std::string output_dir =
      options.output_dir.empty() ? "out/" + scenario.name + "-plan" : options.output_dir;
  std::error_code error;
  {
    SignalsDeferred creating;
    remove_folders_if_stopped(create_output_folder(output_dir, error));
    creating.finish(false);
  }
  if (error || !fs::is_directory(output_dir)) {
    std::cerr << "-o: cannot use " << output_dir << " as the output folder"
              << (error ? ": " + error.message() : std::string(": not a folder")) << "\n";
    return kExitInvalid;
  }

  // runs/ holds this plan's evidence only: an earlier plan's runs would be mistaken for it, so
  // they are cleared; a runs/ folder that is not an earlier plan's (no plan.json beside it) is
  // the user's, and is left alone.
  const fs::path runs = fs::path(output_dir) / "runs";
  if (fs::exists(runs, error) && !fs::is_empty(runs, error)) {
    if (!fs::exists(fs::path(output_dir) / "plan.json", error)) {
      std::cerr << "-o: " << runs.string()
                << " exists and is not an earlier plan's (no plan.json beside it); choose "
                   "another output folder\n";
      return kExitInvalid;
    }
    fs::remove_all(runs, error);
    if (error) {
      std::cerr << "-o: cannot clear " << runs.string() << ": " << error.message() << "\n";
      return kExitInternal;
    }
  }
  plan::CandidateEstimator estimator(document, workload);
  plan::RunnerOptions runner;
  runner.output_dir = output_dir;
  runner.kds_sim_path = this_binary();
  runner.parallel = options.parallel.value_or(std::max(1u, std::thread::hardware_concurrency()));
  runner.run_flags = options.simgrid_args;
  plan::PlanResult result = plan::make_plan(estimator, runner);
  if (!implied_objective.empty()) result.search.notes.insert(result.search.notes.begin(), implied_objective);
  if (result.interrupted_by) end_by_signal(result.interrupted_by);

  const auto& s = result.search;
  const plan::PlanOption* recommended = s.recommended ? &s.options[*s.recommended] : nullptr;
  const std::string plan_text = plan::plan_json(workload, result, version);
  reports::PlanPageInput page{nlohmann::json::parse(plan_text), read_run(output_dir, recommended),
                              std::nullopt, ""};
  if (recommended && recommended->candidate.mode == models::PlanMode::kProvisioned) {
    plan::Candidate fewer = recommended->candidate;
    fewer.shards -= 1;
    for (const plan::PlanOption& o : s.options) {
      if (!(o.candidate == fewer)) continue;
      page.neighbour_id = o.id;
      page.neighbour_run = read_run(output_dir, &o);
    }
  }
  std::vector<std::pair<std::string, std::string>> files = {
      {output_dir + "/plan.json", plan_text},
      {output_dir + "/plan.html", reports::plan_page(page)}};
  if (recommended) {
    const nlohmann::json doc =
        plan::runnable_document(estimator, recommended->candidate, output_dir);
    files.push_back({output_dir + "/recommended.json", doc.dump(2) + "\n"});
  }
  OutputWriteGuard guard;
  const std::string problem =
      reports::write_files_atomically(files, [&guard] { return guard.interrupted(); });
  guard.finish(problem.empty());
  if (!problem.empty()) {
    std::cerr << problem << "\n";
    return kExitInternal;
  }
  if (!recommended) fs::remove(output_dir + "/recommended.json", error);  // an earlier plan's
  if (!options.quiet) std::cout << table(result, output_dir);
  if (result.failed_runs > 0) {
    std::cerr << result.failed_runs << " simulation(s) did not finish; see the notes in "
              << output_dir << "/plan.json\n";
    return kExitInternal;
  }
  return recommended ? 0 : kExitNoOption;
}

}  // namespace kds::front
