// The kds-sim command line end to end (SPEC §1): exit codes, outputs, determinism.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {
struct CommandResult {
  int exit_code;
  std::string stdout_text;
  std::string stderr_text;
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("kds-sim-cli-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

CommandResult kds_sim(const std::string& arguments, const fs::path& work) {
  const std::string command = std::string(KDS_SIM_BINARY) + " " + arguments + " > " +
                              (work / "stdout").string() + " 2> " + (work / "stderr").string();
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_text(work / "stdout"),
          read_text(work / "stderr")};
}

std::string scenario(const std::string& name) {
  return std::string(KDS_SOURCE_DIR) + "/scenarios/" + name;
}

// Writes a scenario file from the quickstart with `edit` applied.
fs::path edited_quickstart(const fs::path& dir, const std::function<void(nlohmann::json&)>& edit) {
  nlohmann::json doc = nlohmann::json::parse(read_text(scenario("quickstart.json")));
  doc["duration"] = "10m";
  edit(doc);
  const fs::path path = dir / "scenario.json";
  std::ofstream(path) << doc.dump(2);
  return path;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(kds_sim_cli)

// SPEC §1: same scenario and seed -> byte-identical summary.json and metrics.csv; another seed
// differs.
BOOST_AUTO_TEST_CASE(same_seed_gives_byte_identical_outputs) {
  const fs::path dir = fresh_dir("determinism");
  const fs::path path = edited_quickstart(dir, [](nlohmann::json&) {});
  for (const char* run : {"a", "b"}) {
    BOOST_REQUIRE_EQUAL(
        kds_sim("run " + path.string() + " --quiet -o " + (dir / run).string(), dir).exit_code, 0);
  }
  BOOST_REQUIRE_EQUAL(
      kds_sim("run " + path.string() + " --quiet --seed 99 -o " + (dir / "c").string(), dir)
          .exit_code,
      0);
  for (const char* file : {"summary.json", "metrics.csv"}) {
    BOOST_TEST(read_text(dir / "a" / file) == read_text(dir / "b" / file));
    BOOST_TEST(read_text(dir / "a" / file) != read_text(dir / "c" / file));
  }
  BOOST_TEST(nlohmann::json::parse(read_text(dir / "c" / "summary.json"))["seed"] == 99);
}

// Determinism with every consumer type across reshards and a mode switch: enhanced fan-out apps,
// producer draws and Lambda invocations run on a second thread (sim/background_worker.hpp), which
// must not change a byte: two runs agree, and agree with a run on one thread (KDS_SIM_THREADS=1).
BOOST_AUTO_TEST_CASE(resharding_example_is_byte_identical_on_one_thread_and_two) {
  const fs::path dir = fresh_dir("determinism-resharding");
  const std::string path = scenario("examples/resharding.json");
  for (const char* run : {"a", "b", "one-thread"}) {
    if (std::string(run) == "one-thread") setenv("KDS_SIM_THREADS", "1", 1);
    const int exit_code =
        kds_sim("run " + path + " --quiet -o " + (dir / run).string(), dir).exit_code;
    unsetenv("KDS_SIM_THREADS");
    BOOST_REQUIRE_EQUAL(exit_code, 0);
  }
  for (const char* file : {"summary.json", "metrics.csv", "report.html"}) {
    BOOST_TEST(read_text(dir / "a" / file) == read_text(dir / "b" / file));
    BOOST_TEST(read_text(dir / "a" / file) == read_text(dir / "one-thread" / file));
  }
}

// SPEC §1: invalid input -> exit 2, every problem as "pointer: rule", and no output files.
BOOST_AUTO_TEST_CASE(invalid_scenario_exits_2_and_writes_nothing) {
  const fs::path dir = fresh_dir("invalid");
  const fs::path path = edited_quickstart(dir, [](nlohmann::json& doc) {
    doc["stream"]["shards"] = 0;
    doc["producers"][0]["batching"]["max_records"] = 501;
    doc["consumers"][0]["idle_time_between_reads"] = "100ms";
  });
  const CommandResult r = kds_sim("run " + path.string() + " -o " + (dir / "out").string(), dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text.find("/stream/shards: must be 1..10000") != std::string::npos);
  BOOST_TEST(r.stderr_text.find(
                 "/producers/0/batching/max_records: must be 1..500 (PutRecords limit), got 501") !=
             std::string::npos);
  BOOST_TEST(r.stderr_text.find("/consumers/0/idle_time_between_reads:") != std::string::npos);
  BOOST_TEST(!fs::exists(dir / "out"));
  BOOST_TEST(kds_sim("check " + path.string(), dir).exit_code == 2);
}

// SPEC §1: --set overrides a value by JSON pointer before validation, and is validated too.
BOOST_AUTO_TEST_CASE(set_overrides_by_json_pointer) {
  const fs::path dir = fresh_dir("set");
  const fs::path path = edited_quickstart(dir, [](nlohmann::json&) {});
  BOOST_REQUIRE_EQUAL(kds_sim("run " + path.string() + " --quiet --set /stream/shards=2 -o " +
                                  (dir / "out").string(),
                              dir)
                          .exit_code,
                      0);
  const auto summary = nlohmann::json::parse(read_text(dir / "out" / "summary.json"));
  BOOST_TEST(summary["stream"]["shards_initial"] == 2);
  BOOST_TEST(summary["shards"].size() == 2u);
  const CommandResult bad = kds_sim("check " + path.string() + " --set /stream/shards=20000", dir);
  BOOST_TEST(bad.exit_code == 2);
  BOOST_TEST(bad.stderr_text.find("/stream/shards:") != std::string::npos);
}

// SPEC §1: --fail-on-slo turns a violated SLO into exit 3; without it the run exits 0.
BOOST_AUTO_TEST_CASE(violated_slo_exits_3_with_fail_on_slo) {
  const fs::path dir = fresh_dir("slo");
  const fs::path path = edited_quickstart(dir, [](nlohmann::json& doc) {
    doc["stream"]["shards"] = 1;  // 2,600 records/s on one shard: heavy write throttling
  });
  const std::string run = "run " + path.string() + " --quiet -o " + (dir / "out").string();
  BOOST_TEST(kds_sim(run, dir).exit_code == 0);
  BOOST_TEST(kds_sim(run + " --fail-on-slo", dir).exit_code == 3);
  const auto summary = nlohmann::json::parse(read_text(dir / "out" / "summary.json"));
  BOOST_TEST(summary["slo"]["met"] == false);
  BOOST_TEST(summary["slo"]["violations"][0]["what"] == "max_write_throttle_ratio");
}

// SPEC §1: bad arguments exit 2 before any simulation: a negative seed, an output path that is a
// file.
BOOST_AUTO_TEST_CASE(bad_arguments_exit_2) {
  const fs::path dir = fresh_dir("arguments");
  const fs::path path = edited_quickstart(dir, [](nlohmann::json&) {});
  const CommandResult seed =
      kds_sim("run " + path.string() + " --seed -5 -o " + (dir / "out").string(), dir);
  BOOST_TEST(seed.exit_code == 2);
  BOOST_TEST(seed.stderr_text.find("--seed: must be a non-negative integer, got -5") !=
             std::string::npos);
  std::ofstream(dir / "a-file") << "x";
  const CommandResult output =
      kds_sim("run " + path.string() + " -o " + (dir / "a-file").string(), dir);
  BOOST_TEST(output.exit_code == 2);
  BOOST_TEST(output.stderr_text.find("-o: cannot use") != std::string::npos);
}

// SPEC §1: outputs are written all or nothing: if one cannot be written, none is.
BOOST_AUTO_TEST_CASE(outputs_are_written_all_or_nothing) {
  const fs::path dir = fresh_dir("all-or-nothing");
  const fs::path path = edited_quickstart(dir, [](nlohmann::json&) {});
  fs::create_directories(dir / "out" / "metrics.csv");  // a folder where a file must go
  const CommandResult r =
      kds_sim("run " + path.string() + " --quiet -o " + (dir / "out").string(), dir);
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(!fs::exists(dir / "out" / "summary.json"));
  BOOST_TEST(!fs::exists(dir / "out" / "report.html"));
  size_t entries = 0;
  for (const auto& entry : fs::directory_iterator(dir / "out"))
    entries += entry.path().filename() == "metrics.csv" ? 0 : 1;
  BOOST_TEST(entries == 0u);  // no temporary file left behind
}

// Every shipped scenario passes `check`, and every shipped sweep's cases do.
BOOST_AUTO_TEST_CASE(shipped_scenarios_pass_check) {
  const fs::path dir = fresh_dir("shipped");
  for (const auto& entry :
       fs::recursive_directory_iterator(std::string(KDS_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() != ".json" || entry.path().filename() == "schema.json") continue;
    // A sweep file: --emit checks it and every case's scenario, and runs nothing.
    const bool sweep = entry.path().parent_path().filename() == "sweeps";
    const CommandResult r =
        kds_sim((sweep ? "sweep --emit slurm " : "check ") + entry.path().string(), dir);
    BOOST_TEST(r.exit_code == 0, entry.path() << ": " << r.stderr_text);
  }
}

// SPEC §3: summary.json carries every section with finite numbers, and metrics.csv is tidy.
BOOST_AUTO_TEST_CASE(quickstart_outputs_follow_the_spec) {
  const fs::path dir = fresh_dir("quickstart");
  const fs::path path = edited_quickstart(dir, [](nlohmann::json&) {});
  const CommandResult r = kds_sim("run " + path.string() + " -o " + (dir / "out").string(), dir);
  BOOST_REQUIRE_EQUAL(r.exit_code, 0);
  BOOST_TEST(r.stdout_text.find("analytics") != std::string::npos);
  const auto summary = nlohmann::json::parse(read_text(dir / "out" / "summary.json"));
  for (const char* key : {"scenario", "seed", "duration_s", "version", "stream", "shards",
                          "consumers", "cost", "slo"}) {
    BOOST_TEST(summary.contains(key), key);
  }
  BOOST_TEST(
      summary["cost"]["provisioned"]["shard_hours_usd"].get<double>() == 4 * (10.0 / 60) * 0.015,
      boost::test_tools::tolerance(1e-9));
  BOOST_TEST(summary["consumers"][0]["iterator_age_ms"].contains("p99"));
  const std::string csv = read_text(dir / "out" / "metrics.csv");
  BOOST_TEST(csv.rfind("time_s,metric,dimension,value\n", 0) == 0);
  BOOST_TEST(csv.find("0,IncomingRecords,stream,") != std::string::npos);
  BOOST_TEST(csv.find(",GetRecords.IteratorAgeMilliseconds,consumer:analytics,") !=
             std::string::npos);
  BOOST_TEST(csv.find(",WriteProvisionedThroughputExceeded,shardId-000000000000,") !=
             std::string::npos);
  BOOST_TEST(csv.find("nan") == std::string::npos);
  BOOST_TEST(csv.find("inf") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
