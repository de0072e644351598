// The sweep file is read with ordered keys: "first axis slowest" is the order the file gives.
// Every problem is collected before returning, as the scenario loader does; a case's problems are
// prefixed with its id, so a user sees which combination of values the loader refused.
#include "sweep/sweep_file.hpp"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>

#include "reports/output_files.hpp"
#include "tools/json_override.hpp"
#include "tools/scenario_loader.hpp"

namespace kds::sweep {

namespace {
namespace fs = std::filesystem;
using OrderedJson = nlohmann::ordered_json;
using Pointer = nlohmann::json::json_pointer;

constexpr size_t kMaxCaseErrorsShown = 50;

std::optional<std::string> read_text(const fs::path& path, std::string& error) {
  std::error_code ignored;
  if (fs::is_directory(path, ignored)) {
    error = "cannot read '" + path.string() + "': it is a folder";
    return std::nullopt;
  }
  std::optional<std::string> text = reports::read_file_text(path.string());
  if (!text) error = "cannot read '" + path.string() + "': " + std::strerror(errno);
  return text;
}

std::string sha256_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  char byte[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", digest[i]);
    hex += byte;
  }
  return hex;
}

// "/axes/~1stream~1shards": where a pointer-named key sits in the sweep file.
std::string at_key(const std::string& section, const std::string& key) {
  return (Pointer("/" + section) / key).to_string();
}

bool valid_pointer(const std::string& text, std::string& why) {
  try {
    if (Pointer(text).empty()) {
      why = "must name a key of the scenario, not the whole document";
      return false;
    }
    return true;
  } catch (const nlohmann::json::exception&) {
    why = "must be a JSON pointer such as /stream/shards";
    return false;
  }
}

nlohmann::json unordered(const OrderedJson& value) {
  return nlohmann::json::parse(value.dump());
}

void add_column(std::vector<std::string>& columns, const std::string& pointer) {
  for (const std::string& c : columns)
    if (c == pointer) return;
  columns.push_back(pointer);
}

// The base: a scenario file's path (relative to the sweep file) or an inline scenario object.
void read_base(const OrderedJson& value, const fs::path& sweep_dir, SweepFile& s,
               std::string& base_text, std::vector<std::string>& errors) {
  if (value.is_object()) {
    s.base = unordered(value);
    s.base_dir = sweep_dir.string();
    return;
  }
  if (!value.is_string() || value.get<std::string>().empty()) {
    errors.push_back("/base: must be a scenario file's path or a scenario object");
    return;
  }
  s.base_path = value.get<std::string>();
  const fs::path resolved = fs::path(s.base_path).is_absolute() ? fs::path(s.base_path)
                                                                : sweep_dir / s.base_path;
  std::string error;
  const auto text = read_text(resolved, error);
  if (!text) {
    errors.push_back("/base: " + error);
    return;
  }
  base_text = *text;
  s.base_file = resolved.string();
  s.base = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (s.base.is_discarded() || !s.base.is_object()) {
    errors.push_back("/base: '" + resolved.string() + "' is not a JSON object");
    return;
  }
  s.base_dir = resolved.parent_path().empty() ? "." : resolved.parent_path().string();
}

// axes: pointer -> non-empty array of values. Returns the axes in file order.
std::vector<std::pair<std::string, std::vector<nlohmann::json>>> read_axes(
    const OrderedJson& value, std::vector<std::string>& errors) {
  std::vector<std::pair<std::string, std::vector<nlohmann::json>>> axes;
  if (!value.is_object()) {
    errors.push_back("/axes: must be an object of pointer: [values]");
    return axes;
  }
  for (const auto& [pointer, values] : value.items()) {
    std::string why;
    if (!valid_pointer(pointer, why)) {
      errors.push_back(at_key("axes", pointer) + ": " + why);
    } else if (!values.is_array() || values.empty()) {
      errors.push_back(at_key("axes", pointer) + ": must be a non-empty array of values");
    } else {
      std::vector<nlohmann::json> list;
      for (const auto& v : values) list.push_back(unordered(v));
      axes.emplace_back(pointer, std::move(list));
    }
  }
  return axes;
}

// cases: array of { pointer: value }.
std::vector<std::vector<Setting>> read_cases(const OrderedJson& value,
                                             std::vector<std::string>& errors) {
  std::vector<std::vector<Setting>> cases;
  if (!value.is_array()) {
    errors.push_back("/cases: must be an array of objects of pointer: value");
    return cases;
  }
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string at = "/cases/" + std::to_string(i);
    if (!value[i].is_object() || value[i].empty()) {
      errors.push_back(at + ": must be a non-empty object of pointer: value");
      continue;
    }
    std::vector<Setting> settings;
    for (const auto& [pointer, v] : value[i].items()) {
      std::string why;
      if (!valid_pointer(pointer, why))
        errors.push_back((Pointer(at) / pointer).to_string() + ": " + why);
      else
        settings.push_back({pointer, unordered(v)});
    }
    cases.push_back(std::move(settings));
  }
  return cases;
}

std::vector<uint64_t> read_seeds(const OrderedJson& value, std::vector<std::string>& errors) {
  std::vector<uint64_t> seeds;
  if (!value.is_array() || value.empty()) {
    errors.push_back("/seeds: must be a non-empty array of seeds (integers from 0)");
    return seeds;
  }
  std::set<uint64_t> seen;
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string at = "/seeds/" + std::to_string(i);
    if (!value[i].is_number_unsigned()) {
      errors.push_back(at + ": must be an integer from 0 to 18446744073709551615");
    } else if (!seen.insert(value[i].get<uint64_t>()).second) {
      errors.push_back(at + ": repeats seed " + std::to_string(value[i].get<uint64_t>()));
    } else {
      seeds.push_back(value[i].get<uint64_t>());
    }
  }
  return seeds;
}

std::vector<std::string> read_collect(const OrderedJson& value, std::vector<std::string>& errors) {
  std::vector<std::string> collect;
  if (!value.is_array()) {
    errors.push_back("/collect: must be an array of summary.json pointers");
    return collect;
  }
  for (size_t i = 0; i < value.size(); ++i) {
    std::string why;
    if (!value[i].is_string() || !valid_pointer(value[i].get<std::string>(), why)) {
      errors.push_back("/collect/" + std::to_string(i) +
                       ": must be a JSON pointer into summary.json, such as "
                       "/consumers/0/iterator_age_ms/max");
    } else {
      collect.push_back(value[i].get<std::string>());
    }
  }
  return collect;
}

std::string case_id(size_t index) {
  char id[24];
  std::snprintf(id, sizeof id, "c%04zu", index);
  return id;
}
}  // namespace

nlohmann::json case_scenario(const SweepFile& sweep, const SweepCase& c) {
  nlohmann::json doc = sweep.base;
  for (const Setting& s : c.settings) (void)front::set_at_pointer(doc, Pointer(s.pointer), s.value);
  return doc;
}

std::vector<uint64_t> case_seeds(const SweepFile& sweep, const SweepCase& c) {
  return sweep.seeds.empty() ? std::vector<uint64_t>{c.scenario_seed} : sweep.seeds;
}

SweepLoad load_sweep_file(const std::string& path, const front::MemoryBudget& budget) {
  SweepLoad out;
  std::vector<std::string>& errors = out.errors;
  std::string error;
  const auto text = read_text(path, error);
  if (!text) {
    errors.push_back(error);
    return out;
  }
  OrderedJson doc;
  try {
    doc = OrderedJson::parse(*text);
  } catch (const nlohmann::json::exception& e) {
    errors.push_back("'" + path + "' is not valid JSON: " + e.what());
    return out;
  }
  if (!doc.is_object()) {
    errors.push_back("'" + path + "' must be a JSON object (a sweep file)");
    return out;
  }
  static const std::set<std::string> kKeys = {"name", "base", "axes", "cases", "seeds", "collect"};
  for (const auto& [key, ignored] : doc.items()) {
    if (!kKeys.count(key))
      errors.push_back((Pointer() / key).to_string() +
                       ": unknown key; allowed keys: name, base, axes, cases, seeds, collect");
  }

  SweepFile s;
  s.path = path;
  const fs::path sweep_dir =
      fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path();
  s.name = fs::path(path).stem().string();
  if (doc.contains("name")) {
    if (doc["name"].is_string() && !doc["name"].get<std::string>().empty())
      s.name = doc["name"].get<std::string>();
    else
      errors.push_back("/name: must be a non-empty string");
  }
  std::string base_text;
  if (!doc.contains("base"))
    errors.push_back("/base: required: a scenario file's path or a scenario object");
  else
    read_base(doc["base"], sweep_dir, s, base_text, errors);
  const auto axes = doc.contains("axes") ? read_axes(doc["axes"], errors)
                                         : decltype(read_axes(doc, errors)){};
  const auto listed = doc.contains("cases") ? read_cases(doc["cases"], errors)
                                            : std::vector<std::vector<Setting>>{};
  if (doc.contains("seeds")) s.seeds = read_seeds(doc["seeds"], errors);
  if (doc.contains("collect")) s.collect = read_collect(doc["collect"], errors);
  if (!errors.empty()) return out;
  // The fingerprint: the sweep file, the base, and (below) every trace a case loads.
  std::string fingerprint_text = sha256_hex(*text) + sha256_hex(base_text);

  // The cartesian product of the axes (first axis slowest), then each listed case; the base alone
  // when there are neither.
  size_t product = axes.empty() ? (listed.empty() ? 1 : 0) : 1;
  for (const auto& axis : axes) {
    if (product > kMaxSweepCases / axis.second.size()) {
      errors.push_back("/axes: more than " + std::to_string(kMaxSweepCases) +
                       " cases; split the sweep into several files");
      return out;
    }
    product *= axis.second.size();
  }
  if (product + listed.size() > kMaxSweepCases) {
    errors.push_back("/cases: more than " + std::to_string(kMaxSweepCases) + " cases");
    return out;
  }
  for (const auto& axis : axes) add_column(s.columns, axis.first);
  for (const auto& settings : listed)
    for (const Setting& setting : settings) add_column(s.columns, setting.pointer);
  for (size_t k = 0; k < product; ++k) {
    SweepCase c;
    size_t rest = k;
    std::vector<Setting> reversed;
    for (auto axis = axes.rbegin(); axis != axes.rend(); ++axis) {
      const size_t n = axis->second.size();
      reversed.push_back({axis->first, axis->second[rest % n]});
      rest /= n;
    }
    c.settings.assign(reversed.rbegin(), reversed.rend());
    s.cases.push_back(std::move(c));
  }
  for (const auto& settings : listed) s.cases.push_back({"", settings, 0, {}});

  // Every case as `run` would load it.
  size_t shown = 0, refused = 0;
  const auto refuse = [&](const std::string& line) {
    ++refused;
    if (shown < kMaxCaseErrorsShown) {
      errors.push_back(line);
      ++shown;
    }
  };
  for (size_t k = 0; k < s.cases.size(); ++k) {
    SweepCase& c = s.cases[k];
    c.id = case_id(k);
    nlohmann::json scenario = s.base;
    bool applied = true;
    for (const Setting& setting : c.settings) {
      if (auto why = front::set_at_pointer(scenario, Pointer(setting.pointer), setting.value)) {
        refuse(c.id + ": " + setting.pointer + ": " + *why);
        applied = false;
      }
    }
    if (!applied) continue;
    const front::LoadResult loaded = front::load_scenario(scenario, s.base_dir);
    for (const auto& e : loaded.errors) refuse(c.id + ": " + front::to_string(e));
    if (!loaded.scenario) continue;
    c.scenario_seed = loaded.scenario->seed;
    for (const auto& producer : loaded.scenario->producers) {
      if (producer.rate.trace_per_s.empty()) continue;
      std::string trace;
      for (double per_s : producer.rate.trace_per_s) trace += nlohmann::json(per_s).dump() + ",";
      fingerprint_text += sha256_hex(trace);
    }
    for (const auto& consumer : loaded.scenario->consumers) {
      c.consumers.push_back(consumer.name);
      add_column(s.consumers, consumer.name);
    }
    if (const auto guard = front::check_memory_budget(*loaded.scenario, budget))
      refuse(c.id + ": " + front::to_string(*guard));
  }
  if (refused > shown)
    errors.push_back("... and " + std::to_string(refused - shown) + " more problems in the cases");
  s.fingerprint = sha256_hex(fingerprint_text);
  if (errors.empty()) out.sweep = std::move(s);
  return out;
}

}  // namespace kds::sweep
