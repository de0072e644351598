// kds-sim sweep and merge end to end (issue 12, SPEC §4 "sweep and merge"): every case checked
// before anything runs, local parallel runs, task splits from flags and from the schedulers'
// variables, resubmitted tasks, merge's completeness checks, and results.csv byte-identical
// whatever the split and -j.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/tools/cli_test_support.hpp"

namespace fs = std::filesystem;
using kds::testing::CommandResult;
using kds::testing::fresh_dir;
using kds::testing::kds_sim;
using kds::testing::kds_sim_with_prefix;
using kds::testing::read_text;

namespace {

// A small scenario: 2 shards, one producer near a shard's record limit, one polling app; 10 min.
const char* kBase = R"({
  "name": "sweep-base", "duration": "10m", "seed": 5, "stream": {"shards": 2},
  "producers": [{"name": "p", "rate": 1500, "record_bytes": 500, "keys": {"uniform": 1000}}],
  "consumers": [{"name": "app", "type": "polling"}],
  "report": {"interval": "60s"}})";

// 3 shard counts x 2 consumer types, one on-demand case, two seeds: 7 cases, 14 runs.
const char* kSweep = R"({
  "name": "shards-and-reads", "base": "base.json",
  "axes": {"/stream/shards": [1, 2, 4],
           "/consumers/0": [{"name": "app", "type": "polling"}, {"name": "app", "type": "efo"}]},
  "cases": [{"/stream/mode": "ON_DEMAND", "/stream/shards": null}],
  "seeds": [1, 2],
  "collect": ["/consumers/0/propagation_delay_ms/p99"]})";

fs::path sweep_dir(const std::string& name, const std::string& sweep = kSweep) {
  const fs::path dir = fresh_dir("sweep-" + name);
  std::ofstream(dir / "base.json") << kBase;
  std::ofstream(dir / "sweep.json") << sweep;
  return dir;
}

CommandResult sweep(const fs::path& dir, const std::string& out, const std::string& extra = "") {
  return kds_sim("sweep " + (dir / "sweep.json").string() + " -o " + (dir / out).string() +
                     " --quiet " + extra,
                 dir);
}

// Runs kds-sim with environment variables (NAME=VALUE ...) set for it alone.
CommandResult kds_sim_env(const std::string& env, const std::string& arguments,
                          const fs::path& dir) {
  return kds_sim_with_prefix("env " + env + " ", arguments, dir);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(sweep_cli)

BOOST_AUTO_TEST_CASE(runs_every_case_and_seed_and_merges_them_in_order) {
  const fs::path dir = sweep_dir("local");
  const CommandResult r = sweep(dir, "out", "-j 2");
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.stderr_text);
  const std::string csv = read_text(dir / "out" / "results.csv");
  const std::string header =
      "case,seed,/stream/shards,/consumers/0,/stream/mode,write_throttle_ratio,lost_records,"
      "max_iterator_age_ms:app,provisioned_monthly_usd,on_demand_monthly_usd,slo_met,"
      "/consumers/0/propagation_delay_ms/p99,status\n";
  BOOST_TEST(csv.rfind(header, 0) == 0u, csv);
  BOOST_TEST(std::count(csv.begin(), csv.end(), '\n') == 1 + 7 * 2);
  // The first axis is the slowest: c0001 is 1 shard with EFO, c0002 2 shards with polling.
  BOOST_TEST(csv.find("\nc0001,1,1,\"{\"\"name\"\":\"\"app\"\",\"\"type\"\":\"\"efo\"\"}\",,") !=
             std::string::npos);
  BOOST_TEST(csv.find("\nc0002,2,2,\"{\"\"name\"\":\"\"app\"\",\"\"type\"\":\"\"polling\"\"}\",,") !=
             std::string::npos);
  BOOST_TEST(csv.find("\nc0006,1,null,,ON_DEMAND,") != std::string::npos);
  // One shard at 1,500 records/s is throttled (T1); every run succeeded.
  const auto summary = nlohmann::json::parse(read_text(dir / "out/cases/c0000/seed-1/summary.json"));
  BOOST_TEST(summary["stream"]["write_throttle_ratio"].get<double>() > 0.2);
  BOOST_TEST(csv.find(",ok\n") != std::string::npos);
  BOOST_TEST(csv.find("exit") == std::string::npos);
  BOOST_TEST(!fs::exists(dir / "out/cases/c0000/seed-1/report.html"));  // no --reports
}

// Determinism: N = 1, 2, 4 tasks and any -j give the same bytes; each task's seed comes from the
// sweep's list, never from its index.
BOOST_AUTO_TEST_CASE(results_are_byte_identical_for_any_split_and_parallelism) {
  const fs::path dir = sweep_dir("split");
  BOOST_REQUIRE_EQUAL(sweep(dir, "whole", "-j 1").exit_code, 0);
  const std::string whole = read_text(dir / "whole" / "results.csv");
  for (int n : {2, 4}) {
    const std::string out = "split-" + std::to_string(n);
    for (int i = 0; i < n; ++i) {
      const CommandResult r = sweep(dir, out,
                                    "-j 2 --task-index " + std::to_string(i) + " --task-count " +
                                        std::to_string(n));
      BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.stderr_text);
      BOOST_TEST(!fs::exists(dir / out / "results.csv"));  // a task does not merge
    }
    const CommandResult merged = kds_sim("merge " + (dir / out).string(), dir);
    BOOST_REQUIRE_MESSAGE(merged.exit_code == 0, merged.stderr_text);
    BOOST_TEST(merged.stdout_text.find("merged 14 runs (0 failed)") != std::string::npos);
    BOOST_TEST(read_text(dir / out / "results.csv") == whole, "N = " << n);
  }
}

// Slurm's array variables (an array 1-7:3, i.e. ids 1, 4, 7: the task index is (id - min) / step),
// AWS Batch's and Kubernetes' pick the task; Kubernetes needs KDS_SIM_TASK_COUNT.
BOOST_AUTO_TEST_CASE(takes_the_task_from_the_schedulers_variables) {
  const fs::path dir = sweep_dir("env");
  const std::string args = "sweep " + (dir / "sweep.json").string() + " -o " + (dir / "o").string();
  CommandResult r = kds_sim_env(
      "SLURM_ARRAY_TASK_ID=4 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_STEP=3 SLURM_ARRAY_TASK_COUNT=3",
      args, dir);
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.stderr_text);
  BOOST_TEST(r.stdout_text.find("task 1 of 3 (Slurm)") != std::string::npos, r.stdout_text);
  BOOST_TEST(fs::exists(dir / "o/results-1-of-3.csv"));
  BOOST_TEST(fs::exists(dir / "o/cases/c0004"));  // 4 mod 3 = 1
  BOOST_TEST(!fs::exists(dir / "o/cases/c0000"));
  r = kds_sim_env("AWS_BATCH_JOB_ARRAY_INDEX=2 AWS_BATCH_JOB_ARRAY_SIZE=3", args, dir);
  BOOST_TEST(r.stdout_text.find("task 2 of 3 (AWS Batch)") != std::string::npos, r.stdout_text);
  r = kds_sim_env("JOB_COMPLETION_INDEX=0 KDS_SIM_TASK_COUNT=3", args, dir);
  BOOST_TEST(r.stdout_text.find("task 0 of 3 (Kubernetes)") != std::string::npos, r.stdout_text);
  BOOST_TEST(kds_sim("merge " + (dir / "o").string(), dir).exit_code == 0);

  r = kds_sim_env("JOB_COMPLETION_INDEX=0", args, dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text.find("KDS_SIM_TASK_COUNT is not") != std::string::npos, r.stderr_text);
  r = kds_sim_env("SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_COUNT=3", args, dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text.find("task index must be from 0 to 2, got 5") != std::string::npos);
}

// A pointer the base does not have, or a value the loader refuses for some case: exit 2 naming
// the case and the pointer, and nothing runs.
BOOST_AUTO_TEST_CASE(a_bad_pointer_or_value_is_refused_before_anything_runs) {
  std::string bad = kSweep;
  bad.replace(bad.find("\"/stream/shards\": [1, 2, 4]"), 27, "\"/strem/shards\": [1, 2, 4]");
  fs::path dir = sweep_dir("bad-pointer", bad);
  CommandResult r = sweep(dir, "out");
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text.find("c0000: /strem/shards: /strem does not exist") !=
             std::string::npos, r.stderr_text);
  BOOST_TEST(!fs::exists(dir / "out"));

  bad = kSweep;
  bad.replace(bad.find("[1, 2, 4]"), 9, "[1, 0, 4]");
  dir = sweep_dir("bad-value", bad);
  r = sweep(dir, "out");
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text.find("c0002: /stream/shards:") != std::string::npos, r.stderr_text);
  BOOST_TEST(r.stderr_text.find("c0000") == std::string::npos);
  BOOST_TEST(!fs::exists(dir / "out"));
}

// A run that fails (here: stopped by --case-timeout) is recorded with its status; the others
// run, everything is written, and sweep exits 1. Running again re-runs only the failed case.
BOOST_AUTO_TEST_CASE(a_failed_case_is_recorded_and_rerun_alone_when_resubmitted) {
  const std::string slow = R"({"name": "timeout", "base": "base.json",
    "axes": {"/duration": ["10m", "30d"]}})";
  const fs::path dir = sweep_dir("failed", slow);
  CommandResult r = sweep(dir, "out", "-j 2 --case-timeout 1");
  BOOST_TEST(r.exit_code == 1);
  const std::string csv = read_text(dir / "out" / "results.csv");
  BOOST_TEST(csv.find("\nc0000,5,10m,") != std::string::npos, csv);
  BOOST_TEST(csv.find(",ok\n") != std::string::npos);
  BOOST_TEST(csv.find("\nc0001,5,30d,,,,,,,timeout after 1 s\n") != std::string::npos, csv);
  r = kds_sim("sweep " + (dir / "sweep.json").string() + " -o " + (dir / "out").string() +
                  " --case-timeout 1",
              dir);
  BOOST_TEST(r.stdout_text.find("2 runs (1 already complete), 1 failed") != std::string::npos,
             r.stdout_text);
}

// Merge refuses an incomplete folder (naming the missing cases), a case run by two tasks, and
// results from before the sweep file changed; it writes nothing then.
BOOST_AUTO_TEST_CASE(merge_names_missing_and_repeated_cases_and_a_changed_sweep_file) {
  const fs::path dir = sweep_dir("merge");
  BOOST_REQUIRE_EQUAL(sweep(dir, "out", "--task-index 0 --task-count 3").exit_code, 0);
  CommandResult r = kds_sim("merge " + (dir / "out").string(), dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text.find("missing cases: c0001, c0002, c0004, c0005") != std::string::npos,
             r.stderr_text);
  BOOST_TEST(!fs::exists(dir / "out" / "results.csv"));

  BOOST_REQUIRE_EQUAL(sweep(dir, "out", "--task-index 1 --task-count 3").exit_code, 0);
  BOOST_REQUIRE_EQUAL(sweep(dir, "out", "--task-index 2 --task-count 3").exit_code, 0);
  BOOST_REQUIRE_EQUAL(sweep(dir, "out", "--task-index 0 --task-count 2").exit_code, 0);
  r = kds_sim("merge " + (dir / "out").string(), dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text.find("cases in more than one task: c0000 (seed 1 in results-0-of-2, "
                                "results-0-of-3)") != std::string::npos,
             r.stderr_text);
  fs::remove(dir / "out" / "results-0-of-2.csv");
  fs::remove(dir / "out" / "results-0-of-2.json");
  BOOST_REQUIRE_EQUAL(kds_sim("merge " + (dir / "out").string(), dir).exit_code, 0);

  std::ofstream(dir / "base.json", std::ios::app) << "\n";  // the base changed
  r = kds_sim("merge " + (dir / "out").string(), dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text.find("results-1-of-3: the sweep file or its base scenario changed") !=
             std::string::npos, r.stderr_text);
}

// A base named with a folder (../, sub/) is run from where the sweep file names it, and a trace it
// reads is part of the fingerprint: merge refuses results from before the trace changed.
BOOST_AUTO_TEST_CASE(a_base_in_another_folder_runs_and_its_trace_is_fingerprinted) {
  const fs::path dir = fresh_dir("sweep-base-folder");
  fs::create_directories(dir / "scenarios" / "sweeps");
  // Ten minutes of a CloudWatch export (Sum of records per minute), relative to the base.
  const auto write_trace = [&](int per_minute) {
    std::ofstream trace(dir / "scenarios" / "trace.csv");
    trace << "Timestamp,Sum\n";
    for (int m = 0; m < 10; ++m) trace << "2026-01-01T00:0" << m << ":00Z," << per_minute << "\n";
  };
  write_trace(60000);
  std::string base = kBase;
  base.replace(base.find("\"rate\": 1500"), 12,
               "\"rate\": {\"trace\": {\"csv\": \"trace.csv\", \"column\": \"Sum\", "
               "\"period\": \"60s\"}}");
  std::ofstream(dir / "scenarios" / "base.json") << base;
  std::ofstream(dir / "scenarios" / "sweeps" / "s.json")
      << R"({"base": "../base.json", "axes": {"/stream/shards": [1, 2]}})";
  const std::string args = "sweep " + (dir / "scenarios/sweeps/s.json").string() + " -o " +
                           (dir / "out").string() + " --quiet";
  CommandResult r = kds_sim(args + " --task-index 0 --task-count 2", dir);
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.stderr_text + read_text(dir / "out/cases/c0000/run.log"));
  write_trace(6000);
  BOOST_REQUIRE_EQUAL(kds_sim(args + " --task-index 1 --task-count 2", dir).exit_code, 0);
  r = kds_sim("merge " + (dir / "out").string(), dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text.find("results-0-of-2: the sweep file or its base scenario changed") !=
             std::string::npos, r.stderr_text);
}

// --emit slurm prints a script that submits the array (N tasks, % throttle) and the merge after
// it (afterok); --emit k8s an Indexed Job and a merge Job. Neither runs anything.
BOOST_AUTO_TEST_CASE(emits_a_slurm_script_and_a_kubernetes_indexed_job) {
  const fs::path dir = sweep_dir("emit");
  CommandResult r = sweep(dir, "out", "--emit slurm --task-count 4 --max-running 2 -j 2");
  BOOST_REQUIRE_EQUAL(r.exit_code, 0);
  const std::string& script = r.stdout_text;
  BOOST_TEST(script.rfind("#!/bin/bash\n", 0) == 0u);
  std::ofstream(dir / "submit.sh") << script;
  BOOST_TEST(std::system(("bash -n " + (dir / "submit.sh").string()).c_str()) == 0);
  // A resubmitted task (sbatch --array=2) stays task 2 of 4: the index is given, not derived.
  BOOST_TEST(script.find("--task-index \"$SLURM_ARRAY_TASK_ID\" --task-count 4") !=
             std::string::npos);
  BOOST_TEST(script.find("#SBATCH --array=0-3%2\n") != std::string::npos, script);
  BOOST_TEST(script.find("#SBATCH --cpus-per-task=2\n") != std::string::npos);
  BOOST_TEST(script.find("--dependency=afterok:\"${array_job%%;*}\"") != std::string::npos);
  BOOST_TEST(script.find(" merge '" + (dir / "out").string() + "'") != std::string::npos);
  BOOST_TEST(!fs::exists(dir / "out"));

  // The options of the tasks' runs go into the jobs.
  r = sweep(dir, "out", "--emit slurm --reports --case-timeout 30 --max-memory 4GiB");
  BOOST_TEST(r.stdout_text.find("'--max-memory' '4GiB' '--reports' '--case-timeout' '30'") !=
             std::string::npos, r.stdout_text);
  BOOST_TEST(sweep(dir, "out", "--emit slurm --task-count 0").exit_code == 2);

  r = sweep(dir, "out", "--emit k8s --task-count 4 --max-running 2");
  BOOST_REQUIRE_EQUAL(r.exit_code, 0);
  const auto list = nlohmann::json::parse(r.stdout_text);
  BOOST_TEST(list["kind"] == "List");
  const auto& tasks = list["items"][0];
  BOOST_TEST(tasks["kind"] == "Job");
  BOOST_TEST(tasks["spec"]["completionMode"] == "Indexed");
  BOOST_TEST(tasks["spec"]["completions"] == 4);
  BOOST_TEST(tasks["spec"]["parallelism"] == 2);
  const auto& container = tasks["spec"]["template"]["spec"]["containers"][0];
  BOOST_TEST(container["env"][0]["name"] == "KDS_SIM_TASK_COUNT");
  BOOST_TEST(container["env"][0]["value"] == "4");
  BOOST_TEST(container["volumeMounts"][0]["mountPath"] == "/sweeps");
  BOOST_TEST(tasks["spec"]["template"]["spec"]["volumes"][0]["persistentVolumeClaim"]
                  ["claimName"] == "kds-sim-sweeps");
  const auto& merge = list["items"][1];
  BOOST_TEST(merge["metadata"]["labels"]["kds-sim/role"] == "merge");
  BOOST_TEST(merge["spec"]["template"]["spec"]["containers"][0]["command"][1] == "merge");
  BOOST_TEST(!fs::exists(dir / "out"));
}

BOOST_AUTO_TEST_SUITE_END()
