// A case runs as `kds-sim run BASE --set PTR=JSON... --seed S -o FOLDER --quiet`: the same loader
// and the same validation as a user's run, with the base's relative paths intact. Values are
// passed as JSON text (a string value "8" stays a string). With -j above 1 the runs get
// KDS_SIM_THREADS=1 (unless set): the processes already fill the cores, and outputs are
// byte-identical whatever the thread count.
#include "sweep/sweep_task.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>

#include "reports/chart_axis.hpp"
#include "reports/output_files.hpp"
#include "sweep/process_pool.hpp"
#include "sweep/sweep_results.hpp"

namespace kds::sweep {

namespace {
namespace fs = std::filesystem;

struct PlannedRun {
  const SweepCase* sweep_case;
  uint64_t seed;
  std::string folder;  // absolute or relative to the current folder
  std::string status;  // "ok" for a complete run found on disk; set as runs end
};

nlohmann::json read_json(const fs::path& path) {
  const std::optional<std::string> text = reports::read_file_text(path.string());
  if (!text) return nlohmann::json();
  const auto doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  return doc.is_discarded() ? nlohmann::json() : doc;
}

bool complete(const fs::path& folder, const std::string& fingerprint) {
  const nlohmann::json status = read_json(folder / "status.json");
  return status.is_object() && status.value("status", "") == "ok" &&
         status.value("fingerprint", "") == fingerprint && fs::exists(folder / "summary.json");
}

ChildCommand command_for(const SweepFile& sweep, const PlannedRun& run, const TaskOptions& o,
                         const std::string& base_file) {
  ChildCommand c;
  c.argv = {o.kds_sim_path, "run", base_file};
  for (const Setting& s : run.sweep_case->settings) {
    c.argv.push_back("--set");
    c.argv.push_back(s.pointer + "=" + s.value.dump());
  }
  c.argv.insert(c.argv.end(), {"--seed", std::to_string(run.seed), "-o", run.folder, "--quiet"});
  if (sweep.base_path.empty()) c.argv.insert(c.argv.end(), {"--paths-from", sweep.base_dir});
  if (!o.reports) c.argv.push_back("--no-report");
  c.argv.insert(c.argv.end(), o.run_flags.begin(), o.run_flags.end());
  if (o.parallel > 1 && std::getenv("KDS_SIM_THREADS") == nullptr)
    c.env.push_back("KDS_SIM_THREADS=1");
  c.log_path = (fs::path(run.folder) / "run.log").string();
  return c;
}

// "sweep NAME: 12/40 runs done, 1 failed, ETA 2m10s" on one terminal line.
void show_progress(const std::string& name, size_t done, size_t total, size_t failed,
                   double elapsed_s) {
  std::string eta = "";
  if (done > 0 && done < total)
    eta = ", ETA " + reports::format_duration_s(elapsed_s / static_cast<double>(done) *
                                                static_cast<double>(total - done));
  std::fprintf(stderr, "\r\033[Ksweep %s: %zu/%zu runs done, %zu failed%s", name.c_str(), done,
               total, failed, eta.c_str());
  std::fflush(stderr);
}
}  // namespace

std::string run_folder(const SweepFile& sweep, const SweepCase& c, uint64_t seed) {
  std::string folder = "cases/" + c.id;
  if (sweep.seeds.size() > 1) folder += "/seed-" + std::to_string(seed);
  return folder;
}

std::string task_file_stem(const TaskSplit& split) {
  return "results-" + std::to_string(split.index) + "-of-" + std::to_string(split.count);
}

TaskOutcome run_task(const SweepFile& sweep, const TaskSplit& split, const TaskOptions& o) {
  TaskOutcome out;
  const fs::path dir(o.output_dir);
  std::error_code error;
  fs::create_directories(dir / "cases", error);
  if (error) {
    out.error = "cannot create " + (dir / "cases").string() + ": " + error.message();
    return out;
  }
  // An inline base is written once per task (the same bytes whichever task writes it).
  std::string base_file = sweep.base_file;
  if (sweep.base_path.empty()) {
    base_file = (dir / "base.json").string();
    out.error = reports::write_file_atomically(base_file, sweep.base.dump(2) + "\n");
    if (!out.error.empty()) return out;
  }

  std::vector<PlannedRun> runs;
  std::vector<size_t> to_run;
  std::vector<std::string> my_cases;
  for (size_t k = 0; k < sweep.cases.size(); ++k) {
    if (!split.runs(k)) continue;
    my_cases.push_back(sweep.cases[k].id);
    for (uint64_t seed : case_seeds(sweep, sweep.cases[k])) {
      const fs::path folder = dir / run_folder(sweep, sweep.cases[k], seed);
      PlannedRun run{&sweep.cases[k], seed, folder.string(), ""};
      if (complete(folder, sweep.fingerprint)) {
        run.status = "ok";
        ++out.skipped;
      } else {
        fs::create_directories(folder, error);
        if (error) {
          out.error = "cannot create " + folder.string() + ": " + error.message();
          return out;
        }
        fs::remove(folder / "status.json", error);
        to_run.push_back(runs.size());
      }
      runs.push_back(std::move(run));
    }
  }
  out.runs = runs.size();

  std::vector<ChildCommand> commands;
  for (size_t r : to_run) commands.push_back(command_for(sweep, runs[r], o, base_file));
  const auto started = std::chrono::steady_clock::now();
  size_t done = 0;
  if (o.progress) show_progress(sweep.name, done, commands.size(), out.failed, 0);
  const PoolOutcome pool = run_pool(commands, o.parallel, o.case_timeout_s,
                                    [&](size_t k, const ChildEnd& end) {
    PlannedRun& run = runs[to_run[k]];
    run.status = end.status();
    if (!end.ok()) ++out.failed;
    const nlohmann::json status{{"case", run.sweep_case->id},
                                {"seed", run.seed},
                                {"status", run.status},
                                {"fingerprint", sweep.fingerprint},
                                {"wall_s", end.wall_s}};
    const std::string problem = reports::write_file_atomically(
        (fs::path(run.folder) / "status.json").string(), status.dump(2) + "\n");
    if (!problem.empty() && out.error.empty()) out.error = problem;
    ++done;
    if (o.progress) {
      const double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      show_progress(sweep.name, done, commands.size(), out.failed, elapsed);
    }
  });
  if (o.progress) std::fputs("\n", stderr);
  out.interrupted_by = pool.interrupted_by;
  if (out.interrupted_by != 0 || !out.error.empty()) return out;

  // This task's rows, in case order then seed order, and what it ran.
  std::vector<CsvRow> rows{results_header(sweep)};
  for (const PlannedRun& run : runs) {
    const nlohmann::json summary =
        run.status == "ok" ? read_json(fs::path(run.folder) / "summary.json") : nlohmann::json();
    rows.push_back(results_row(sweep, *run.sweep_case, run.seed, run.status, summary));
  }
  const nlohmann::json record{{"sweep", fs::absolute(sweep.path).lexically_normal().string()},
                              {"fingerprint", sweep.fingerprint},
                              {"task_index", split.index},
                              {"task_count", split.count},
                              {"cases", my_cases}};
  const std::string stem = (dir / task_file_stem(split)).string();
  out.error = reports::write_files_atomically({{stem + ".csv", csv_text(rows)},
                                               {stem + ".json", record.dump(2) + "\n"}});
  return out;
}

}  // namespace kds::sweep
