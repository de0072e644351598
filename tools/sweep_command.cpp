// The front end of sweeps: options and environment in, sweep/ does the work, one line out. The
// runs are this same binary (/proc/self/exe), so a sweep never mixes kds-sim versions.
#include "tools/sweep_command.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include "reports/output_files.hpp"
#include "reports/sweep_page.hpp"
#include "sweep/sweep_emit.hpp"
#include "sweep/sweep_file.hpp"
#include "sweep/sweep_merge.hpp"
#include "sweep/sweep_results.hpp"
#include "sweep/sweep_task.hpp"
#include "tools/process_self.hpp"

namespace kds::front {

namespace {
namespace fs = std::filesystem;
constexpr int kExitFailed = 1;
constexpr int kExitInvalid = 2;

// Writes results.csv and sweep.html from merged rows, all or nothing; "" or the error.
std::string write_merged(const std::string& output_dir, const sweep::MergeOutcome& merged) {
  const reports::SweepTable table{merged.sweep_name, merged.rows, merged.axes};
  return reports::write_files_atomically(
      {{output_dir + "/results.csv", sweep::csv_text(merged.rows)},
       {output_dir + "/sweep.html", reports::sweep_page(table)}});
}
}  // namespace

int sweep_command(const SweepOptions& o) {
  const sweep::SweepLoad loaded = sweep::load_sweep_file(o.sweep_path, o.budget);
  for (const std::string& e : loaded.errors) std::cerr << e << "\n";
  if (!loaded.sweep) return kExitInvalid;
  const sweep::SweepFile& s = *loaded.sweep;
  const std::string output_dir = o.output_dir.empty() ? "out/" + s.name + "-sweep" : o.output_dir;

  // What every run and every emitted task gets from this command line.
  std::vector<std::string> run_flags = o.simgrid_args;
  if (!o.max_memory_text.empty()) run_flags.insert(run_flags.end(), {"--max-memory", o.max_memory_text});
  if (!o.emit.empty()) {
    if (o.task_count && (*o.task_count < 1 || *o.task_count > 100000)) {
      std::cerr << "--task-count: the array's size must be from 1 to 100000, got " << *o.task_count
                << "\n";
      return kExitInvalid;
    }
    const std::string absolute_out = fs::absolute(output_dir).lexically_normal().string();
    if (o.emit == "slurm" && absolute_out.find_first_of(" \t\n\r%") != std::string::npos) {
      std::cerr << "-o: with --emit slurm the output folder may not hold spaces or '%' (sbatch's "
                   "--output reads them): " << absolute_out << "\n";
      return kExitInvalid;
    }
    sweep::EmitOptions e;
    e.task_flags = run_flags;
    if (o.reports) e.task_flags.push_back("--reports");
    if (o.case_timeout_s > 0) {
      char timeout[32];
      std::snprintf(timeout, sizeof timeout, "%g", o.case_timeout_s);
      e.task_flags.insert(e.task_flags.end(), {"--case-timeout", timeout});
    }
    e.kds_sim_path = this_binary();
    e.sweep_path = fs::absolute(o.sweep_path).lexically_normal().string();
    e.output_dir = absolute_out;
    e.tasks = o.task_count ? static_cast<size_t>(*o.task_count) : s.cases.size();
    e.max_running = o.max_running;
    e.cpus_per_task = o.parallel.value_or(1);
    std::cout << (o.emit == "slurm" ? sweep::slurm_script(s, e) : sweep::k8s_manifest(s, e));
    return 0;
  }

  std::string error;
  const auto split = sweep::task_split(o.task_index, o.task_count,
                                       [](const char* name) { return std::getenv(name); }, error);
  if (!split) {
    std::cerr << error << "\n";
    return kExitInvalid;
  }
  sweep::TaskOptions t;
  t.output_dir = output_dir;
  t.kds_sim_path = this_binary();
  t.parallel = o.parallel.value_or(std::max(1u, std::thread::hardware_concurrency()));
  t.case_timeout_s = o.case_timeout_s;
  t.reports = o.reports;
  t.run_flags = run_flags;
  t.progress = !o.quiet && ::isatty(STDERR_FILENO);
  const sweep::TaskOutcome task = sweep::run_task(s, *split, t);
  if (task.interrupted_by != 0) end_by_signal(task.interrupted_by);
  if (!task.error.empty()) {
    std::cerr << task.error << "\n";
    return kExitFailed;
  }

  std::string written = output_dir + "/" + sweep::task_file_stem(*split) + ".csv";
  if (!split->split()) {  // the whole sweep ran here: merge it
    const sweep::MergeOutcome merged = sweep::merge_sweep(output_dir);
    for (const std::string& p : merged.problems) std::cerr << "merge: " << p << "\n";
    if (!merged.problems.empty()) return kExitFailed;
    const std::string problem = write_merged(output_dir, merged);
    if (!problem.empty()) {
      std::cerr << problem << "\n";
      return kExitFailed;
    }
    written = output_dir + "/results.csv and sweep.html";
  }
  if (!o.quiet) {
    std::cout << "sweep " << s.name << ": "
              << (split->split() ? "task " + std::to_string(split->index) + " of " +
                                       std::to_string(split->count) + " (" + split->source + "), "
                                 : std::string())
              << task.runs << " runs (" << task.skipped << " already complete), " << task.failed
              << " failed; " << written << "\n";
  }
  return task.failed > 0 ? kExitFailed : 0;
}

int merge_command(const std::string& output_dir, bool quiet) {
  const sweep::MergeOutcome merged = sweep::merge_sweep(output_dir);
  for (const std::string& p : merged.problems) std::cerr << p << "\n";
  if (!merged.problems.empty()) return kExitInvalid;
  const std::string problem = write_merged(output_dir, merged);
  if (!problem.empty()) {
    std::cerr << problem << "\n";
    return kExitFailed;
  }
  if (!quiet) {
    std::cout << "merged " << merged.rows.size() - 1 << " runs (" << merged.failed
              << " failed) into " << output_dir << "/results.csv and sweep.html\n";
  }
  return 0;
}

}  // namespace kds::front
