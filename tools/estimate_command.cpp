// Everything is checked before anything is written: the scenario (the loader of `run`, so the same
// errors), then the --against run's summary.json, then the output folder. The memory guard of
// `run` does not apply: the fluid model holds a few arrays per shard and step (tens of MB for a
// 1,000-shard day). wall_ms is the model's evaluation time on this machine.
#include "tools/estimate_command.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>

#include "models/fluid_model.hpp"
#include "reports/estimate_json.hpp"
#include "reports/output_files.hpp"
#include "tools/interrupt.hpp"
#include "tools/scenario_loader.hpp"

namespace kds::front {

namespace {
constexpr int kExitInternal = 1;
constexpr int kExitInvalid = 2;
}  // namespace

int estimate_command(const EstimateOptions& options, const std::string& version,
                     const CreateOutputFolder& create_output_folder) {
  const LoadResult loaded =
      load_scenario_file(options.scenario_path, options.overrides, options.seed);
  for (const auto& error : loaded.errors) std::cerr << to_string(error) << "\n";
  if (!loaded.errors.empty()) return kExitInvalid;
  const models::Scenario& scenario = *loaded.scenario;

  const auto started = std::chrono::steady_clock::now();
  const models::FluidEstimate estimate = models::estimate_fluid(scenario);
  const double wall_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();

  std::optional<reports::RunComparison> comparison;
  if (!options.against_dir.empty()) {
    std::string error;
    comparison = reports::compare_with_run(options.against_dir, estimate, error);
    if (!comparison) {
      std::cerr << "--against: " << error << "\n";
      return kExitInvalid;
    }
  }

  const std::string output_dir =
      options.output_dir.empty() ? "out/" + scenario.name : options.output_dir;
  std::error_code error;
  {
    SignalsDeferred creating;  // a signal now waits until the folders are noted, then removes them
    remove_folders_if_stopped(create_output_folder(output_dir, error));
    creating.finish(false);
  }
  if (error || !std::filesystem::is_directory(output_dir)) {
    std::cerr << "-o: cannot use " << output_dir << " as the output folder"
              << (error ? ": " + error.message() : std::string(": not a folder")) << "\n";
    return kExitInvalid;
  }
  const std::string path = output_dir + "/estimate.json";
  const std::string text = reports::estimate_json(scenario, estimate, version, wall_ms,
                                                  comparison ? &*comparison : nullptr);
  OutputWriteGuard guard;  // a signal now waits for the file or nothing
  const std::string problem =
      reports::write_file_atomically(path, text, [&guard] { return guard.interrupted(); });
  guard.finish(problem.empty());
  if (!problem.empty()) {
    std::cerr << problem << "\n";
    return kExitInternal;
  }
  if (!options.quiet) {
    std::cout << reports::estimate_table(scenario, estimate, comparison ? &*comparison : nullptr,
                                         path, wall_ms);
  }
  return 0;
}

}  // namespace kds::front
