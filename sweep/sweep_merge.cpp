// Every problem is collected before giving up, so that one merge names every missing case.
#include "sweep/sweep_merge.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "reports/output_files.hpp"
#include "sweep/sweep_task.hpp"

namespace kds::sweep {

namespace {
namespace fs = std::filesystem;

struct TaskRecord {
  std::string stem;  // results-I-of-N
  nlohmann::json record;
};

// "c0001, c0004 (seed 2)": case ids, with the seeds when not all of a case's are meant.
std::string list_runs(const std::vector<std::pair<std::string, std::string>>& runs) {
  std::string out;
  for (const auto& [id, seeds] : runs) out += (out.empty() ? "" : ", ") + id + seeds;
  return out;
}
}  // namespace

MergeOutcome merge_sweep(const std::string& output_dir) {
  MergeOutcome out;
  auto& problems = out.problems;
  const fs::path dir(output_dir);
  std::vector<TaskRecord> tasks;
  std::error_code error;
  const std::regex stem_pattern("results-([0-9]+)-of-([0-9]+)");
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    const fs::path p = entry.path();
    if (p.extension() != ".json" || !std::regex_match(p.stem().string(), stem_pattern)) continue;
    const auto text = reports::read_file_text(p.string());
    const auto record = nlohmann::json::parse(text.value_or(""), nullptr, false);
    if (!text || record.is_discarded() || !record.is_object() || !record.contains("sweep") ||
        !record["sweep"].is_string() || !record.contains("fingerprint")) {
      problems.push_back(p.string() + ": not a task record of kds-sim sweep");
      continue;
    }
    tasks.push_back({p.stem().string(), record});
  }
  if (error) {
    problems.push_back(output_dir + ": cannot read the folder: " + error.message());
    return out;
  }
  if (tasks.empty() && problems.empty()) {
    problems.push_back(output_dir + ": no task results (results-<I>-of-<N>.json): run `kds-sim "
                       "sweep` into this folder first");
  }
  if (!problems.empty()) return out;
  std::sort(tasks.begin(), tasks.end(),
            [](const TaskRecord& a, const TaskRecord& b) { return a.stem < b.stem; });

  const std::string sweep_path = tasks.front().record["sweep"];
  for (const TaskRecord& t : tasks) {
    if (t.record["sweep"] != sweep_path)
      problems.push_back(t.stem + ": ran another sweep file (" + t.record["sweep"].dump() +
                         ", not " + sweep_path + ")");
  }
  if (!problems.empty()) return out;
  const SweepLoad loaded = load_sweep_file(sweep_path, front::MemoryBudget{});
  for (const std::string& e : loaded.errors) problems.push_back(sweep_path + ": " + e);
  if (!loaded.sweep) return out;
  const SweepFile& sweep = *loaded.sweep;
  out.sweep_name = sweep.name;
  out.axes = sweep.columns;
  for (const TaskRecord& t : tasks) {
    if (t.record["fingerprint"] != sweep.fingerprint)
      problems.push_back(t.stem + ": the sweep file or its base scenario changed since this task "
                                  "ran; run the sweep again");
  }
  if (!problems.empty()) return out;

  // Each task's rows, by case and seed.
  const CsvRow header = results_header(sweep);
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> found;  // -> tasks
  std::map<std::pair<std::string, std::string>, CsvRow> rows;
  for (const TaskRecord& t : tasks) {
    const fs::path csv = dir / (t.stem + ".csv");
    const auto text = reports::read_file_text(csv.string());
    std::vector<CsvRow> table;
    std::string why;
    if (!text || !parse_csv(*text, table, why)) {
      problems.push_back(csv.string() + ": " + (text ? why : "cannot read the file"));
      continue;
    }
    if (table.empty() || table.front() != header) {
      problems.push_back(csv.string() + ": its columns are not this sweep's");
      continue;
    }
    for (size_t i = 1; i < table.size(); ++i) {
      if (table[i].size() != header.size()) {
        problems.push_back(csv.string() + ": line " + std::to_string(i + 1) + " has " +
                           std::to_string(table[i].size()) + " cells, not " +
                           std::to_string(header.size()));
        continue;
      }
      const auto key = std::make_pair(table[i].at(0), table[i].size() > 1 ? table[i][1] : "");
      found[key].push_back(t.stem);
      rows[key] = table[i];
    }
  }
  if (!problems.empty()) return out;

  std::vector<std::pair<std::string, std::string>> missing, repeated;
  std::set<std::pair<std::string, std::string>> expected;
  out.rows.push_back(header);
  for (const SweepCase& c : sweep.cases) {
    const std::vector<uint64_t> seeds = case_seeds(sweep, c);
    std::string missing_seeds;
    size_t missing_count = 0;
    for (uint64_t seed : seeds) {
      const auto key = std::make_pair(c.id, std::to_string(seed));
      expected.insert(key);
      const auto it = found.find(key);
      if (it == found.end()) {
        ++missing_count;
        missing_seeds += (missing_seeds.empty() ? "" : " ") + key.second;
        continue;
      }
      if (it->second.size() > 1) {
        std::string where;
        for (const std::string& stem : it->second) where += (where.empty() ? "" : ", ") + stem;
        repeated.push_back({c.id, " (seed " + key.second + " in " + where + ")"});
      }
      out.rows.push_back(rows[key]);
      if (rows[key].back() != "ok") ++out.failed;
    }
    if (missing_count == seeds.size())
      missing.push_back({c.id, ""});
    else if (missing_count > 0)
      missing.push_back({c.id, " (seed " + missing_seeds + ")"});
  }
  if (!missing.empty()) {
    problems.push_back("missing cases: " + list_runs(missing) +
                       " (run their tasks again: completed cases are skipped)");
  }
  if (!repeated.empty()) problems.push_back("cases in more than one task: " + list_runs(repeated));
  for (const auto& [key, stems] : found) {
    if (!expected.count(key))
      problems.push_back(stems.front() + ": case " + key.first + " seed " + key.second +
                         " is not in the sweep");
  }
  std::set<std::string> counts;
  for (const TaskRecord& t : tasks) counts.insert(t.record.value("task_count", nlohmann::json()).dump());
  if (!problems.empty() && counts.size() > 1) {
    problems.push_back("the folder holds task results of splits into different task counts: "
                       "delete the results-*-of-N.csv and .json files of the split you no longer "
                       "use (their runs are kept and reused)");
  }
  if (!problems.empty()) out.rows.clear();
  return out;
}

}  // namespace kds::sweep
