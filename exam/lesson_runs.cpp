#include "exam/lesson_runs.hpp"

#include <filesystem>

#include "reports/output_files.hpp"
#include "sweep/process_pool.hpp"

namespace kds::exam {

namespace fs = std::filesystem;

std::vector<LessonRun> run_lessons(const std::vector<LessonScenario>& scenarios,
                                   const RunOptions& options, int& interrupted_by) {
  std::vector<LessonRun> runs(scenarios.size());
  std::vector<sweep::ChildCommand> commands;
  for (size_t i = 0; i < scenarios.size(); ++i) {
    runs[i].folder = (fs::path(options.output_dir) / scenarios[i].label).string();
    std::error_code error;
    fs::create_directories(runs[i].folder, error);
    commands.push_back(sweep::scenario_run_command(options, scenarios[i].path, runs[i].folder));
  }
  const sweep::PoolOutcome pool = sweep::run_pool(
      commands, options.parallel, 0, [&](size_t k, const sweep::ChildEnd& end) {
        LessonRun& run = runs[k];
        run.wall_s = end.wall_s;
        if (!end.ok()) {
          run.status = end.status() + " (see " + run.folder + "/run.log)";
          return;
        }
        const auto text = reports::read_file_text(run.folder + "/summary.json");
        run.summary = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
        if (!run.summary.is_object()) {
          run.status = "no readable summary.json in " + run.folder;
          return;
        }
        run.ran = true;
        run.status = "ok";
        if (const auto e = run.summary.find("expectations"); e != run.summary.end()) {
          for (const auto& check : e->value("checks", nlohmann::json::array())) {
            ++run.checks;
            run.met += check.value("met", false) ? 1 : 0;
          }
        }
      });
  interrupted_by = pool.interrupted_by;
  return runs;
}

}  // namespace kds::exam
