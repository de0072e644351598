// Paths are absolute for Slurm (the jobs run where the shared file system is mounted at the same
// place); for Kubernetes they are under the volume's mount, /sweeps, with the sweep file's name.
// Names are the sweep's, reduced to what both schedulers accept in a job name.
#include "sweep/sweep_emit.hpp"

#include <cctype>
#include <filesystem>

#include <nlohmann/json.hpp>

namespace kds::sweep {

namespace {
// Lowercase letters, digits and '-' (a Kubernetes object name, also fine for Slurm).
std::string job_name(const std::string& name) {
  std::string out = "kds-";
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    out += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '-';
  }
  out = out.substr(0, 50);
  while (out.size() > 1 && out.back() == '-') out.pop_back();  // a label must end alphanumeric
  return out;
}

// Text for a comment line: control characters (a line break would end the comment) become spaces.
std::string comment_text(std::string text) {
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return text;
}

// A word for bash: single-quoted.
std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}
}  // namespace

std::string slurm_script(const SweepFile& sweep, const EmitOptions& o) {
  const std::string name = job_name(sweep.name);
  const std::string array = "0-" + std::to_string(o.tasks - 1) +
                            (o.max_running > 0 ? "%" + std::to_string(o.max_running) : "");
  const std::string out = quoted(o.output_dir);
  std::string s;
  s += "#!/bin/bash\n";
  s += "# kds-sim sweep \"" + comment_text(sweep.name) + "\" on Slurm: " + std::to_string(sweep.cases.size()) +
       " cases in an array of " + std::to_string(o.tasks) + " tasks, then the merge.\n";
  s += "# Submit with: bash THIS_FILE. Both jobs need " + comment_text(o.output_dir) + "\n";
  s += "# on a file system every node shares. $KDS_SBATCH_OPTIONS adds sbatch options to both.\n";
  s += "set -euo pipefail\n";
  s += "mkdir -p " + out + "\n";
  s += "array_job=$(sbatch --parsable ${KDS_SBATCH_OPTIONS:-} <<'KDS_SIM_TASKS'\n";
  s += "#!/bin/bash\n";
  s += "#SBATCH --job-name=" + name + "\n";
  s += "#SBATCH --array=" + array + "\n";
  s += "#SBATCH --cpus-per-task=" + std::to_string(o.cpus_per_task) + "\n";
  s += "#SBATCH --output=" + o.output_dir + "/slurm-%A_%a.log\n";
  s += "# Task I of N runs the cases k mod N = I. The index and count are given, not read from\n";
  s += "# the array's variables, so that resubmitting one task (sbatch --array=I) stays task I.\n";
  std::string flags;
  for (const std::string& f : o.task_flags) flags += " " + quoted(f);
  s += "exec " + quoted(o.kds_sim_path) + " sweep " + quoted(o.sweep_path) + " -o " + out +
       " --task-index \"$SLURM_ARRAY_TASK_ID\" --task-count " + std::to_string(o.tasks) +
       " -j \"${SLURM_CPUS_PER_TASK:-1}\" --quiet" + flags + "\n";
  s += "KDS_SIM_TASKS\n";
  s += ")\n";
  s += "merge_job=$(sbatch --parsable ${KDS_SBATCH_OPTIONS:-} --dependency=afterok:\"${array_job%%;*}\" "
       "<<'KDS_SIM_MERGE'\n";
  s += "#!/bin/bash\n";
  s += "#SBATCH --job-name=" + name + "-merge\n";
  s += "#SBATCH --output=" + o.output_dir + "/slurm-merge-%j.log\n";
  s += "exec " + quoted(o.kds_sim_path) + " merge " + out + "\n";
  s += "KDS_SIM_MERGE\n";
  s += ")\n";
  s += "echo \"submitted array job ${array_job%%;*} (" + std::to_string(o.tasks) +
       " tasks) and merge job ${merge_job%%;*} after it; results:\" " +
       quoted(o.output_dir + "/results.csv") + "\n";
  return s;
}

std::string k8s_manifest(const SweepFile& sweep, const EmitOptions& o) {
  using Json = nlohmann::ordered_json;
  const std::string name = job_name(sweep.name);
  const std::string mount = "/sweeps";
  const std::string sweep_file = mount + "/" + std::filesystem::path(o.sweep_path).filename().string();
  const std::string out = mount + "/out/" + name;
  const Json volume = {{"name", "sweeps"},
                       {"persistentVolumeClaim", {{"claimName", "kds-sim-sweeps"}}}};
  const Json mount_spec = {{"name", "sweeps"}, {"mountPath", mount}};
  const auto job = [&](const std::string& job_name_, const std::string& role, Json spec_extra,
                       Json container) {
    container["image"] = "kds-sim:latest";
    container["volumeMounts"] = Json::array({mount_spec});
    Json spec = {{"backoffLimit", 3},
                 {"template",
                  {{"metadata", {{"labels", {{"kds-sim/sweep", name}, {"kds-sim/role", role}}}}},
                   {"spec",
                    {{"restartPolicy", "Never"},
                     {"containers", Json::array({container})},
                     {"volumes", Json::array({volume})}}}}}};
    for (auto& [key, value] : spec_extra.items()) spec[key] = value;
    return Json{{"apiVersion", "batch/v1"},
                {"kind", "Job"},
                {"metadata",
                 {{"name", job_name_}, {"labels", {{"kds-sim/sweep", name}, {"kds-sim/role", role}}}}},
                {"spec", spec}};
  };
  const size_t parallelism = o.max_running > 0 ? o.max_running : o.tasks;
  Json command = Json::array({"kds-sim", "sweep", sweep_file, "-o", out, "-j",
                              std::to_string(o.cpus_per_task), "--quiet"});
  for (const std::string& f : o.task_flags) command.push_back(f);
  Json tasks = job(name + "-tasks", "tasks",
                   {{"completions", o.tasks},
                    {"parallelism", parallelism},
                    {"completionMode", "Indexed"}},
                   {{"name", "sweep"},
                    {"command", command},
                    {"env", Json::array({{{"name", "KDS_SIM_TASK_COUNT"},
                                          {"value", std::to_string(o.tasks)}}})},
                    {"resources",
                     {{"requests", {{"cpu", std::to_string(o.cpus_per_task)}}}}}});
  Json merge = job(name + "-merge", "merge", Json::object(),
                   {{"name", "merge"}, {"command", Json::array({"kds-sim", "merge", out})}});
  const Json list = {{"apiVersion", "v1"},
                     {"kind", "List"},
                     {"items", Json::array({tasks, merge})}};
  return list.dump(2) + "\n";
}

}  // namespace kds::sweep
