// kds-sim: the command line (SPEC §1). `run` simulates a scenario and writes summary.json,
// metrics.csv and report.html; `check` validates it; `compare` puts run folders side by side in
// one HTML page; `estimate` evaluates the fluid model (SPEC §4, tools/estimate_command.hpp). Exit
// codes: 0 ok, 1 internal error, 2 invalid scenario or arguments (or an unreadable run folder for
// compare), 3 SLO violated with --fail-on-slo; stopped by SIGINT / SIGTERM, the process ends by
// that signal, which a shell reports as 130 / 143 (tools/interrupt.hpp).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "models/fluid_model.hpp"
#include "models/run_assessment.hpp"
#include "reports/compare_report.hpp"
#include "reports/estimate_comparison.hpp"
#include "reports/html_report.hpp"
#include "reports/metrics_csv.hpp"
#include "reports/output_files.hpp"
#include "reports/summary_json.hpp"
#include "reports/terminal_summary.hpp"
#include "sim/simulation.hpp"
#include "tools/estimate_command.hpp"
#include "tools/interrupt.hpp"
#include "tools/memory_budget.hpp"
#include "tools/progress_bar.hpp"
#include "tools/scenario_loader.hpp"
#include "tools/simgrid_flags.hpp"
#include "tools/exam_command.hpp"
#include "tools/plan_command.hpp"
#include "tools/sweep_command.hpp"

namespace {

constexpr int kExitInternal = 1;
constexpr int kExitInvalid = 2;
constexpr int kExitSloViolated = 3;
const char* const kVersion = "0.1.0";

// Prints every problem, one per line, and says whether there were none. A valid scenario whose run
// would not fit in the memory budget is a problem too (tools/memory_budget.hpp).
bool report_errors(const kds::front::LoadResult& loaded, const kds::front::MemoryBudget& budget) {
  for (const auto& error : loaded.errors) std::cerr << kds::front::to_string(error) << "\n";
  if (!loaded.errors.empty()) return false;
  if (const auto error = kds::front::check_memory_budget(*loaded.scenario, budget)) {
    std::cerr << kds::front::to_string(*error) << "\n";
    return false;
  }
  return true;
}

// Creates `output_dir` and the missing folders above it, one at a time, and returns those this
// call created, deepest first (out/a/b, out/a). Folders that existed, or that another process
// created meanwhile, are not among them. On an error, the folders it created are removed again.
std::vector<std::string> create_output_folder(const std::string& output_dir,
                                              std::error_code& error) {
  namespace fs = std::filesystem;
  std::vector<fs::path> missing;  // deepest first; "a/b/" gives "a/b/", "a/b", "a"
  for (fs::path path = output_dir; !path.empty(); path = path.parent_path()) {
    std::error_code ignored;
    if (fs::exists(path, ignored)) break;
    missing.push_back(path);
    if (path == path.parent_path()) break;
  }
  std::vector<std::string> created;  // deepest first
  for (auto path = missing.rbegin(); path != missing.rend(); ++path) {
    std::error_code failed;
    if (fs::create_directory(*path, failed)) created.insert(created.begin(), path->string());
    if (failed) {
      for (const std::string& folder : created) {
        std::error_code ignored;
        fs::remove(folder, ignored);
      }
      error = failed;
      return {};
    }
  }
  return created;
}

int run_command(const std::string& scenario_path, const std::string& output_option,
                const std::vector<std::string>& overrides, std::optional<uint64_t> seed, bool quiet,
                bool fail_on_slo, const kds::front::MemoryBudget& budget,
                std::vector<char*>& simgrid_args, const std::optional<std::string>& paths_from,
                bool write_report) {
  const auto loaded = kds::front::load_scenario_file(scenario_path, overrides, seed, paths_from);
  if (!report_errors(loaded, budget)) return kExitInvalid;
  const kds::models::Scenario& scenario = *loaded.scenario;
  const std::string output_dir = output_option.empty() ? "out/" + scenario.name : output_option;
  // The output folder is checked before a possibly long run; a path that cannot be a folder is a
  // bad argument. The folders created for it are removed again if a signal stops the run before
  // the outputs are written (tools/interrupt.hpp): an interrupted run leaves nothing behind. A
  // signal while they are created waits until they are noted.
  std::error_code error;
  {
    kds::front::SignalsDeferred creating;
    const std::vector<std::string> created = create_output_folder(output_dir, error);
    kds::front::remove_folders_if_stopped(created);
    creating.finish(false);
  }
  if (error || !std::filesystem::is_directory(output_dir)) {
    std::cerr << "-o: cannot use " << output_dir << " as the output folder"
              << (error ? ": " + error.message() : std::string(": not a folder")) << "\n";
    return kExitInvalid;
  }

  int simgrid_argc = static_cast<int>(simgrid_args.size());
  bool ok = false;
  // A progress bar only for a person watching: stderr is a terminal and --quiet was not given.
  std::optional<kds::front::ProgressBar> progress;
  kds::sim::ProgressCallback on_progress;
  if (!quiet && ::isatty(STDERR_FILENO)) {
    progress.emplace(scenario.duration_s, stderr, kds::front::progress_delay_s());
    on_progress = [&progress](double simulated_s) { progress->update(simulated_s); };
  }
  kds::models::RunResult run =
      kds::sim::simulate(scenario, &simgrid_argc, simgrid_args.data(), ok, on_progress);
  if (progress) progress->finish();
  if (!ok) {
    std::cerr << "internal error: the simulation deadlocked\n";
    return kExitInternal;
  }
  const kds::models::RunAssessment assessment = kds::models::assess(scenario, std::move(run));

  const auto [summary, expectations] =
      kds::reports::summary_with_expectations(scenario, assessment, kVersion);
  std::vector<std::pair<std::string, std::string>> outputs{
      {output_dir + "/summary.json", summary},
      {output_dir + "/metrics.csv", kds::reports::metrics_csv(assessment.run)}};
  std::string problem;
  if (write_report) {
    // The fluid model's second opinion, shown beside the simulated figures in report.html: it
    // takes milliseconds, and compares with the summary just written (the figures a reader sees).
    kds::reports::EstimateBeside beside{kds::models::estimate_fluid(scenario), {}};
    if (auto comparison = kds::reports::compare_with_summary(nlohmann::json::parse(summary),
                                                             beside.estimate, problem)) {
      beside.comparison = std::move(*comparison);
    } else {
      std::cerr << "internal error: summary.json against the estimate: " << problem << "\n";
      return kExitInternal;
    }
    outputs.push_back({output_dir + "/report.html",
                       kds::reports::html_report(scenario, assessment, kVersion, &beside,
                                                 &expectations)});
  }
  kds::front::OutputWriteGuard guard;  // a signal now waits for all or none of the outputs
  problem =
      kds::reports::write_files_atomically(outputs, [&guard] { return guard.interrupted(); });
  guard.finish(problem.empty());
  if (!problem.empty()) {
    std::cerr << problem << "\n";
    return kExitInternal;
  }
  if (!quiet)
    std::cout << kds::reports::terminal_summary(scenario, assessment, output_dir, &expectations);
  // --fail-on-slo also fails on an unmet expectation (SPEC §4 "lessons").
  if (fail_on_slo && (!assessment.slo.met || !expectations.met)) return kExitSloViolated;
  return 0;
}

int check_command(const std::string& scenario_path, const std::vector<std::string>& overrides,
                  const kds::front::MemoryBudget& budget) {
  const auto loaded = kds::front::load_scenario_file(scenario_path, overrides, std::nullopt);
  if (!report_errors(loaded, budget)) return kExitInvalid;
  std::cout << scenario_path << ": ok\n";
  return 0;
}

// Reads every folder first, so a bad one is reported before anything is written.
int compare_command(const std::vector<std::string>& folders, const std::string& output_path,
                    bool quiet) {
  if (folders.size() < 2) {
    std::cerr << "compare: needs at least two run folders, got " << folders.size() << "\n";
    return kExitInvalid;
  }
  std::vector<kds::reports::RunFolder> runs;
  bool ok = true;
  for (const std::string& folder : folders) {
    kds::reports::RunFolderRead read = kds::reports::read_run_folder(folder);
    if (!read.folder) {
      std::cerr << "compare: " << read.error << "\n";
      ok = false;
      continue;
    }
    runs.push_back(std::move(*read.folder));
  }
  if (!ok) return kExitInvalid;
  const std::string page = kds::reports::compare_report(runs);
  kds::front::OutputWriteGuard guard;
  const std::string problem = kds::reports::write_file_atomically(
      output_path, page, [&guard] { return guard.interrupted(); });
  guard.finish(problem.empty());
  if (!problem.empty()) {
    std::cerr << "compare: " << problem << "\n";
    return kExitInvalid;
  }
  if (!quiet) std::cout << "compare: wrote " << output_path << "\n";
  return 0;
}

}  // namespace

// --seed: a decimal non-negative integer (CLI11 would otherwise wrap "-5" into a huge seed).
CLI::Validator seed_validator() {
  return CLI::Validator(
      [](std::string& text) {
        return text.find_first_not_of("0123456789") == std::string::npos && !text.empty()
                   ? std::string()
                   : "must be a non-negative integer, got " + text;
      },
      "SEED");
}

int main(int argc, char** argv) {
  // Ctrl-C and SIGTERM: the process ends by the signal ($? 130 / 143), leaving no partial output
  // (tools/interrupt.hpp).
  kds::front::install_interrupt_handlers();
  // SimGrid's own --cfg= and --log= flags go to SimGrid; everything else to CLI11.
  std::vector<char*> simgrid_args{argv[0]};
  std::vector<char*> cli_args{argv[0]};
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    (arg.rfind("--cfg=", 0) == 0 || arg.rfind("--log=", 0) == 0 ? simgrid_args : cli_args)
        .push_back(argv[i]);
  }
  simgrid_args.push_back(nullptr);
  simgrid_args.pop_back();

  CLI::App app{
      "kds-sim: a discrete-event simulator and capacity planner for Amazon Kinesis Data Streams"};
  app.require_subcommand(1);
  app.set_version_flag("--version", kVersion);

  std::string scenario_path, output_dir;
  std::vector<std::string> overrides;
  std::optional<uint64_t> seed;
  bool quiet = false, fail_on_slo = false;
  CLI::App* run = app.add_subcommand(
      "run", "simulate a scenario; write summary.json, metrics.csv and report.html");
  run->add_option("scenario", scenario_path, "scenario JSON file")->required();
  run->add_option("-o,--output", output_dir, "output folder (default: out/<scenario name>)");
  run->add_option("--seed", seed, "random seed, overrides the scenario's")
      ->check(seed_validator());
  run->add_option("--set", overrides, "override one value by JSON pointer: PTR=VALUE (repeatable)");
  // For `sweep`: an inline base scenario is written to the sweep's output folder, and its
  // relative paths (trace files) stay relative to the sweep file's folder. Hidden (no group).
  std::optional<std::string> paths_from;
  run->add_option("--paths-from", paths_from, "folder relative paths are resolved against")
      ->group("");
  bool no_report = false;  // for `sweep` without --reports: summary.json and metrics.csv only
  run->add_flag("--no-report", no_report, "do not write report.html")->group("");
  run->add_flag("--quiet", quiet, "print nothing on success");
  run->add_flag("--fail-on-slo", fail_on_slo, "exit 3 if an SLO is violated");
  kds::front::MemoryBudget budget = kds::front::default_memory_budget();
  std::string max_memory_text;  // as given, for the runs a sweep starts
  const auto memory_option = [&budget, &max_memory_text](CLI::App* command) {
    command
        ->add_option_function<std::string>(
            "--max-memory",
            [&budget, &max_memory_text](const std::string& text) {
              budget = *kds::front::parse_memory_budget(text);
              max_memory_text = text;
            },
            "refuse a run estimated to need more memory, e.g. 8GiB or unlimited (default: 80 % "
            "of this machine's)")
        ->check(CLI::Validator(
            [](std::string& text) {
              return kds::front::parse_memory_budget(text)
                         ? std::string()
                         : "must be a size such as 512MiB, 8GiB or 1.5TiB, or unlimited, got " +
                               text;
            },
            "SIZE"));
  };
  memory_option(run);

  std::string check_path;
  std::vector<std::string> check_overrides;
  CLI::App* check = app.add_subcommand("check", "validate a scenario; print every problem");
  check->add_option("scenario", check_path, "scenario JSON file")->required();
  check->add_option("--set", check_overrides,
                    "override one value by JSON pointer: PTR=VALUE (repeatable)");
  memory_option(check);

  std::vector<std::string> compare_folders;
  std::string compare_output = "compare.html";
  bool compare_quiet = false;
  CLI::App* compare =
      app.add_subcommand("compare", "overlay two or more run folders in one HTML page");
  compare
      ->add_option("folders", compare_folders,
                   "run folders (each with summary.json and metrics.csv)")
      ->required();
  compare->add_option("-o,--output", compare_output,
                      "the HTML file to write (default: compare.html)");
  compare->add_flag("--quiet", compare_quiet, "print nothing on success");

  kds::front::EstimateOptions estimate_options;
  CLI::App* estimate = app.add_subcommand(
      "estimate", "evaluate the fluid model of a scenario in milliseconds; write estimate.json");
  estimate->add_option("scenario", estimate_options.scenario_path, "scenario JSON file")
      ->required();
  estimate->add_option("--against", estimate_options.against_dir,
                       "a run folder whose summary.json the estimate is compared with");
  estimate->add_option("-o,--output", estimate_options.output_dir,
                       "output folder (default: out/<scenario name>)");
  estimate->add_option("--set", estimate_options.overrides,
                       "override one value by JSON pointer: PTR=VALUE (repeatable)");
  estimate->add_option("--seed", estimate_options.seed, "random seed, overrides the scenario's")
      ->check(seed_validator());
  estimate->add_flag("--quiet", estimate_options.quiet, "print nothing on success");

  kds::front::SweepOptions sweep_options;
  CLI::App* sweep = app.add_subcommand(
      "sweep", "run many variants of a scenario, here or as one task of a cluster job array");
  sweep->add_option("sweep", sweep_options.sweep_path, "sweep JSON file")->required();
  sweep->add_option("-o,--output", sweep_options.output_dir,
                    "output folder (default: out/<sweep name>-sweep)");
  sweep->add_option("-j,--jobs", sweep_options.parallel,
                    "runs at a time (default: the cores; with --emit, each task's)")
      ->check(CLI::Range(1, 4096));
  sweep->add_option("--task-index", sweep_options.task_index,
                    "run the cases k with k mod N = I (default: from Slurm, AWS Batch or "
                    "Kubernetes variables, else all)");
  sweep->add_option("--task-count", sweep_options.task_count,
                    "N, with --task-index; with --emit, the array's size (default: the cases)");
  sweep->add_flag("--reports", sweep_options.reports, "also write each run's report.html");
  sweep->add_option("--case-timeout", sweep_options.case_timeout_s,
                    "stop a run after this many seconds and record it as failed")
      ->check(CLI::PositiveNumber);
  sweep->add_option("--emit", sweep_options.emit,
                    "print the jobs that run this sweep on a cluster (slurm or k8s); run nothing")
      ->check(CLI::IsMember({"slurm", "k8s"}));
  sweep->add_option("--max-running", sweep_options.max_running,
                    "with --emit: at most this many tasks at once")
      ->check(CLI::Range(1, 1000000));
  sweep->add_flag("--quiet", sweep_options.quiet, "print nothing but errors");
  memory_option(sweep);

  kds::front::PlanOptions plan_options;
  CLI::App* plan = app.add_subcommand(
      "plan", "find the cheapest configuration that meets the scenario's SLOs (its plan block)");
  plan->add_option("scenario", plan_options.scenario_path, "workload scenario JSON file")
      ->required();
  plan->add_option("-o,--output", plan_options.output_dir,
                   "output folder (default: out/<scenario name>-plan)");
  plan->add_option("--set", plan_options.overrides,
                   "override one value by JSON pointer: PTR=VALUE (repeatable)");
  plan->add_option("--seed", plan_options.seed, "random seed, overrides the scenario's")
      ->check(seed_validator());
  plan->add_option("-j,--jobs", plan_options.parallel,
                   "simulations at once (default: the number of cores)")
      ->check(CLI::PositiveNumber);
  plan->add_flag("--quiet", plan_options.quiet, "print nothing but errors");

  kds::front::ExamOptions exam_options;
  CLI::App* exam = app.add_subcommand(
      "exam", "run the exam library's lessons and check their expectations (default: "
              "scenarios/exam/)");
  exam->add_option("paths", exam_options.paths, "lesson scenarios or folders of them");
  exam->add_option("-o,--output", exam_options.output_dir, "runs folder (default: out/exam)");
  exam->add_option("-j,--jobs", exam_options.parallel,
                   "runs at once (default: the number of cores)")
      ->check(CLI::PositiveNumber);
  exam->add_flag("--quiet", exam_options.quiet, "print only the scenarios that fail");
  exam->add_option("--set", exam_options.overrides,
                   "override one value by JSON pointer in every scenario: PTR=VALUE (repeatable)");
  exam->add_option("--seed", exam_options.seed, "random seed for every scenario")
      ->check(seed_validator());
  kds::front::ExamOptions quiz_options;
  CLI::App* quiz = app.add_subcommand(
      "quiz", "ask one lesson's question, run its scenarios and show why the answer is right");
  quiz->add_option("paths", quiz_options.paths, "lesson library (default: scenarios/exam/)");
  quiz->add_option("--topic", quiz_options.topic, "pick a lesson on this topic");
  quiz->add_option("--lesson", quiz_options.lesson, "pick the lesson of this folder");
  quiz->add_option("--answer", quiz_options.answer, "answer without asking (for scripts)");
  quiz->add_option("-o,--output", quiz_options.output_dir, "runs folder (default: out/quiz)");
  quiz->add_option("-j,--jobs", quiz_options.parallel, "runs at once")
      ->check(CLI::PositiveNumber);
  quiz->add_option("--seed", quiz_options.seed, "random seed for the lesson's scenarios")
      ->check(seed_validator());

  std::string merge_dir;
  bool merge_quiet = false;
  CLI::App* merge =
      app.add_subcommand("merge", "check a sweep's task results and merge them into results.csv");
  merge->add_option("folder", merge_dir, "the sweep's output folder")->required();
  merge->add_flag("--quiet", merge_quiet, "print nothing on success");

  try {
    app.parse(static_cast<int>(cli_args.size()), cli_args.data());
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitInvalid;
  }
  try {
    // A flag SimGrid refuses is a bad argument (compare and estimate run no engine and ignore
    // them).
    if (*estimate)
      return kds::front::estimate_command(estimate_options, kVersion, create_output_folder);
    if (*merge) return kds::front::merge_command(merge_dir, merge_quiet);
    if (!*compare) {
      if (const auto code = kds::front::stop_for_simgrid_flags(simgrid_args)) return *code;
    }
    if (*run)
      return run_command(scenario_path, output_dir, overrides, seed, quiet, fail_on_slo, budget,
                         simgrid_args, paths_from, !no_report);
    if (*compare) return compare_command(compare_folders, compare_output, compare_quiet);
    if (*exam || *quiz) {
      auto& o = *exam ? exam_options : quiz_options;
      for (size_t i = 1; i < simgrid_args.size(); ++i)
        if (simgrid_args[i] != nullptr) o.simgrid_args.emplace_back(simgrid_args[i]);
      return *exam ? kds::front::exam_command(o) : kds::front::quiz_command(o);
    }
    if (*plan) {
      for (size_t i = 1; i < simgrid_args.size(); ++i)
        if (simgrid_args[i] != nullptr) plan_options.simgrid_args.emplace_back(simgrid_args[i]);
      return kds::front::plan_command(plan_options, kVersion, create_output_folder);
    }
    if (*sweep) {
      sweep_options.budget = budget;
      if (!max_memory_text.empty()) sweep_options.max_memory_text = max_memory_text;
      // Each run gets the SimGrid flags given to the sweep.
      for (size_t i = 1; i < simgrid_args.size(); ++i)
        if (simgrid_args[i] != nullptr) sweep_options.simgrid_args.emplace_back(simgrid_args[i]);
      return kds::front::sweep_command(sweep_options);
    }
    return check_command(check_path, check_overrides, budget);
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << e.what() << "\n";
    return kExitInternal;
  }
}
