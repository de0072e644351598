// libFuzzer harness for the scenario loader's whole front door, as `kds-sim check` uses it: a
// scenario file's text, --set overrides and a CloudWatch trace CSV in, a validated Scenario or a
// list of `pointer: rule` problems out. Never a simulation: SimGrid allows one engine per process.
//
// One fuzz input holds all three parts, so that mutations can move bytes between them:
//
//   { ...scenario JSON... }
//   #set /stream/shards=8        <- any line starting "#set " is an override, not JSON
//   #csv                         <- everything after this line is trace.csv, next to the scenario
//   Timestamp,Sum
//   ...
//
// The loader reads a trace CSV from a path relative to the scenario file (rate_loader.cpp), so
// both are written to a private temporary folder for each input: the production path, no seam.
// Besides the sanitizers, the harness checks the loader's contract (STYLE §6): a scenario xor
// errors, every error at a JSON pointer, and the ranges the simulator relies on in a scenario the
// loader accepted.
#include <stdlib.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/memory_estimate.hpp"
#include "tools/memory_budget.hpp"
#include "tools/scenario_loader.hpp"

namespace {

namespace fs = std::filesystem;
namespace models = kds::models;

fs::path work_dir;  // this process's folder (libFuzzer -jobs runs one process per job)

void remove_dir() {
  std::error_code ignored;
  fs::remove_all(work_dir, ignored);
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A broken contract is a crash, so that libFuzzer saves and minimizes the input.
void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "scenario_fuzzer: loader contract broken: %s\n", what);
  std::abort();
}

// Every number the loader accepted is finite: the simulator writes them, or figures made from
// them, to summary.json (SPEC: every number written is finite).
void check_finite(const models::Scenario& s) {
  std::vector<double> numbers = {s.duration_s, s.engine.time_slice_s, s.report.interval_s};
  const models::ServiceSpec& v = s.service;
  numbers.insert(numbers.end(),
                 {v.put_latency_s, v.get_records_latency_s, v.propagation_s, v.write_burst_s,
                  v.read_burst_s, v.update_shard_count_duration_s, v.split_merge_duration_s,
                  v.switch_mode_duration_s, v.on_demand_initial_write_mib_per_s,
                  v.on_demand_scale_up_delay_s, v.on_demand_split_delay_s,
                  v.on_demand_split_threshold_bytes_per_s, v.on_demand_peak_window_s,
                  v.on_demand_peak_memory_s});
  for (const models::ProducerSpec& p : s.producers) {
    const models::RateSpec& r = p.rate;
    numbers.insert(numbers.end(),
                   {r.constant_per_s, r.ramp_from_per_s, r.ramp_over_s, r.diurnal_mean_per_s,
                    r.diurnal_amplitude, r.diurnal_period_s, r.diurnal_peak_at_s,
                    r.trace_period_s, p.record_bytes.fixed_bytes, p.record_bytes.uniform_min_bytes,
                    p.record_bytes.uniform_max_bytes, p.record_bytes.lognormal_median_bytes,
                    p.record_bytes.lognormal_sigma, p.linger_s, p.base_delay_s, p.max_delay_s,
                    p.kpl_max_buffered_time_s, p.kpl_aggregation_max_bytes});
  }
  for (const models::ConsumerSpec& c : s.consumers) {
    numbers.insert(numbers.end(),
                   {c.processing.per_batch_s, c.processing.per_record_s, c.processing.per_mib_s,
                    c.processing.jitter, c.at_timestamp_s, c.start_at_s,
                    c.idle_time_between_reads_s, c.checkpoint_every_s, c.failover_time_s,
                    c.batching_window_s, c.per_invoke_s, c.per_record_invoke_s, c.error_rate,
                    c.poison_records, c.max_record_age_s});
  }
  for (const models::EventSpec& e : s.events) numbers.insert(numbers.end(), {e.at_s, e.retention_hours});
  for (double n : numbers) require(std::isfinite(n), "every accepted number is finite");
}

// What sim/ and models/ assume of a scenario the loader accepted (their REQUIREs and the
// loader's own bounds), limited to values whose narrowing or overflow the sanitizers cannot see.
void check_accepted(const models::Scenario& s) {
  require(std::isfinite(s.duration_s) && s.duration_s > 0, "duration > 0");
  require(s.mode == models::StreamMode::kOnDemand || (s.shards >= 1 && s.shards <= 10000),
          "provisioned shards 1..10000");
  require(s.service.max_scalings_per_24h >= 1, "max_scalings_per_24h >= 1");
  require(s.service.max_mode_switches_per_24h >= 1, "max_mode_switches_per_24h >= 1");
  require(s.engine.time_slice_s >= 0.01 && s.engine.time_slice_s <= 10, "time_slice 10ms..10s");
  for (const models::ProducerSpec& p : s.producers) {
    require(p.instances >= 1 && p.max_records >= 1 && p.max_attempts >= 1, "producer counts >= 1");
    for (double per_s : p.rate.trace_per_s) require(std::isfinite(per_s), "finite trace rate");
  }
  for (const models::ConsumerSpec& c : s.consumers) {
    require(c.workers >= 1 && c.batch_size >= 1 && c.concurrency_limit >= 1,
            "consumer counts >= 1");
  }
  check_finite(s);
  // `check` and `run` go on to the memory guard: its estimate must be a finite size.
  const auto budget = kds::front::MemoryBudget{1e12, "the fuzzer's"};
  (void)kds::front::check_memory_budget(s, budget);
  const double peak = kds::models::estimate_peak_memory(s).total_bytes;
  require(std::isfinite(peak) && peak >= 0, "the memory estimate is a finite size");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // In memory where there is a tmpfs: two files written per input to a disk-backed /tmp wait on
  // the file system's journal (230 inputs/s against 1,400 here).
  std::error_code ignored;
  const fs::path parent =
      fs::is_directory("/dev/shm", ignored) ? fs::path("/dev/shm") : fs::temp_directory_path();
  std::string pattern = (parent / "kds-scenario-fuzz-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    std::perror("scenario_fuzzer: mkdtemp");
    std::abort();
  }
  work_dir = pattern;
  std::atexit(remove_dir);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const size_t csv_marker = input.find("\n#csv\n");
  const std::string head = input.substr(0, csv_marker);

  std::string json_text;
  std::vector<std::string> overrides;
  for (size_t start = 0; start <= head.size();) {
    size_t end = head.find('\n', start);
    if (end == std::string::npos) end = head.size();
    const std::string line = head.substr(start, end - start);
    if (line.rfind("#set ", 0) == 0) {
      overrides.push_back(line.substr(5));
    } else {
      // The input's own bytes (an empty file, no final newline), minus the #set lines.
      json_text += line;
      if (end < head.size()) json_text += '\n';
    }
    start = end + 1;
  }

  const fs::path scenario = work_dir / "scenario.json";
  const fs::path trace = work_dir / "trace.csv";
  write_file(scenario, json_text);
  std::error_code ignored;
  if (csv_marker == std::string::npos) {
    fs::remove(trace, ignored);  // a missing trace file is an input too
  } else {
    write_file(trace, input.substr(csv_marker + 6));
  }

  const kds::front::LoadResult result =
      kds::front::load_scenario_file(scenario.string(), overrides, std::nullopt);
  require(result.scenario.has_value() == result.errors.empty(), "a scenario xor errors");
  for (const kds::front::ValidationError& error : result.errors) {
    require(!error.rule.empty(), "every error has a rule");
    bool is_pointer = true;
    try {
      (void)nlohmann::json::json_pointer(error.where);
    } catch (const nlohmann::json::exception&) {
      is_pointer = false;
    }
    require(is_pointer, "every error is at a JSON pointer");
  }
  if (result.scenario) check_accepted(*result.scenario);
  return 0;
}
