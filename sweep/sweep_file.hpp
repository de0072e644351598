// A sweep file (SPEC §4 "sweep and merge"): a base scenario, the values to try, and the seeds.
//
//   { "name": "shards-vs-efo", "base": "quickstart.json",
//     "axes":  { "/stream/shards": [2, 4, 8], "/consumers/0/type": ["polling", "efo"] },
//     "cases": [ { "/stream/mode": "ON_DEMAND" } ],
//     "seeds": [1, 2, 3],
//     "collect": [ "/consumers/0/propagation_delay_ms/p99" ] }
//
// The cases are the cartesian product of the axes (the first axis slowest), then each `cases`
// entry, numbered c0000, c0001, ... in that order; each runs once per seed. Loading checks
// everything before anything runs: every case's scenario is the base with its pointers set
// (tools/json_override.hpp) and must pass the scenario loader and the memory guard as `run`'s.
#ifndef KDS_SWEEP_SWEEP_FILE_HPP_
#define KDS_SWEEP_SWEEP_FILE_HPP_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/memory_budget.hpp"

namespace kds::sweep {

// One value set by a case: the pointer in the scenario and the JSON value.
struct Setting {
  std::string pointer;
  nlohmann::json value;
};

struct SweepCase {
  std::string id;                 // "c0000"
  std::vector<Setting> settings;  // applied to the base in this order
  uint64_t scenario_seed = 0;     // the seed its scenario names (or the loader's default)
  std::vector<std::string> consumers;  // its scenario's consumer names, in order
};

struct SweepFile {
  std::string path;         // as given
  std::string name;         // "name", else the file's stem
  // SHA-256 of the sweep file, the base file and every rate trace a case loads: what merge and a
  // resubmitted task compare, so that results from different inputs are never mixed.
  std::string fingerprint;
  // The base scenario: a file (path as the sweep names it, resolved against the sweep file's
  // folder) or inline (base_path empty). Relative paths inside it resolve against base_dir.
  std::string base_path;
  std::string base_file;  // base_path resolved (what the runs load); empty when inline
  std::string base_dir;
  nlohmann::json base;
  std::vector<std::string> columns;    // every pointer an axis or a case sets, first seen first
  std::vector<std::string> consumers;  // every consumer name of any case, first seen first
  std::vector<SweepCase> cases;
  std::vector<uint64_t> seeds;  // empty: each case runs once with its scenario's own seed
  std::vector<std::string> collect;
};

// Most cases a sweep may have: each is at least one process and one folder.
inline constexpr size_t kMaxSweepCases = 100000;

struct SweepLoad {
  std::optional<SweepFile> sweep;
  std::vector<std::string> errors;  // "pointer: rule" in the sweep file, or "c0003: pointer: rule"
};

// Reads, checks and expands `path`; every case is validated as `run` would (scenario loader, then
// the memory guard with `budget`).
SweepLoad load_sweep_file(const std::string& path, const front::MemoryBudget& budget);

// The case's scenario: the base with its settings applied (they were checked at load).
nlohmann::json case_scenario(const SweepFile& sweep, const SweepCase& c);

// The seeds a case runs with, in the sweep's order.
std::vector<uint64_t> case_seeds(const SweepFile& sweep, const SweepCase& c);

}  // namespace kds::sweep

#endif  // KDS_SWEEP_SWEEP_FILE_HPP_
