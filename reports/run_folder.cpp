// summary.json is parsed with nlohmann::json and every field the comparison needs is looked up by
// JSON pointer, so a missing or mistyped field is reported by its pointer. metrics.csv is read in
// two passes: rows first, then a value grid over the distinct period start times, which makes
// absent rows (periods without a datapoint) explicit NaN gaps instead of joined lines.
#include "reports/run_folder.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "reports/output_files.hpp"

namespace kds::reports {

namespace {
using Json = nlohmann::json;

// The value at `pointer`, or sets `error` (first problem wins) and returns a default.
template <typename T>
T field(const Json& doc, const std::string& pointer, const std::string& file, std::string& error) {
  try {
    return doc.at(Json::json_pointer(pointer)).get<T>();
  } catch (const Json::exception&) {
    if (error.empty()) error = file + ": " + pointer + ": missing or of the wrong type";
    return T{};
  }
}

size_t array_size(const Json& doc, const std::string& pointer, const std::string& file,
                  std::string& error) {
  const Json value = field<Json>(doc, pointer, file, error);
  if (value.is_array()) return value.size();
  if (error.empty()) error = file + ": " + pointer + ": missing or not an array";
  return 0;
}

std::string number_text(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", v);
  return text;
}
}  // namespace

const std::vector<double>* RunFolder::series(const std::string& metric,
                                             const std::string& dimension) const {
  const auto it = metrics.find({metric, dimension});
  return it == metrics.end() ? nullptr : &it->second;
}

const std::vector<double>* consumer_iterator_age(const RunFolder& run,
                                                 const std::string& consumer) {
  const std::string dimension = "consumer:" + consumer;
  for (const char* metric : {"GetRecords.IteratorAgeMilliseconds",
                             "SubscribeToShardEvent.MillisBehindLatest", "IteratorAge"}) {
    if (const auto* s = run.series(metric, dimension)) return s;
  }
  return nullptr;
}

std::string parse_summary_json(const std::string& text, const std::string& file, RunSummary& out) {
  Json doc;
  try {
    doc = Json::parse(text);
  } catch (const Json::parse_error& e) {
    return file + ": not valid JSON: " + e.what();
  }
  if (!doc.is_object()) return file + ": not a kds-sim summary (expected a JSON object)";
  std::string error;
  out.scenario = field<std::string>(doc, "/scenario", file, error);
  out.seed = field<uint64_t>(doc, "/seed", file, error);
  out.duration_s = field<double>(doc, "/duration_s", file, error);
  out.mode = field<std::string>(doc, "/stream/mode", file, error);
  out.shards_initial = field<int>(doc, "/stream/shards_initial", file, error);
  out.shards_final = field<int>(doc, "/stream/shards_final", file, error);
  out.incoming_records = field<int64_t>(doc, "/stream/incoming_records", file, error);
  out.write_throttled_records = field<int64_t>(doc, "/stream/write_throttled_records", file, error);
  out.write_throttle_ratio = field<double>(doc, "/stream/write_throttle_ratio", file, error);
  out.producer_dropped_records =
      field<int64_t>(doc, "/stream/producer_dropped_records", file, error);
  out.region = field<std::string>(doc, "/cost/region", file, error);
  out.provisioned_total_usd = field<double>(doc, "/cost/provisioned/total_usd", file, error);
  out.provisioned_monthly_usd = field<double>(doc, "/cost/provisioned/monthly_usd", file, error);
  out.on_demand_total_usd = field<double>(doc, "/cost/on_demand/total_usd", file, error);
  out.on_demand_monthly_usd = field<double>(doc, "/cost/on_demand/monthly_usd", file, error);
  out.slo_met = field<bool>(doc, "/slo/met", file, error);
  const size_t consumers = array_size(doc, "/consumers", file, error);
  for (size_t i = 0; i < consumers; ++i) {
    const std::string at = "/consumers/" + std::to_string(i);
    out.consumers.push_back({field<std::string>(doc, at + "/name", file, error),
                             field<std::string>(doc, at + "/type", file, error),
                             field<int64_t>(doc, at + "/records_processed", file, error),
                             field<int64_t>(doc, at + "/read_throttled_calls", file, error),
                             field<int64_t>(doc, at + "/lost_records", file, error),
                             field<double>(doc, at + "/iterator_age_ms/max", file, error),
                             field<double>(doc, at + "/iterator_age_ms/p99", file, error),
                             field<double>(doc, at + "/propagation_delay_ms/p99", file, error)});
    const Json::json_pointer max_delay(at + "/propagation_delay_ms/max");
    if (doc.contains(max_delay) && doc[max_delay].is_number())
      out.consumers.back().propagation_delay_max_ms = doc[max_delay].get<double>();
  }
  const size_t violations = array_size(doc, "/slo/violations", file, error);
  for (size_t i = 0; i < violations; ++i) {
    const std::string at = "/slo/violations/" + std::to_string(i);
    std::string what = field<std::string>(doc, at + "/what", file, error);
    if (field<Json>(doc, at, file, error).contains("consumer"))
      what += " (" + field<std::string>(doc, at + "/consumer", file, error) + ")";
    out.slo_violations.push_back(
        what + ": " + number_text(field<double>(doc, at + "/value", file, error)) + " > " +
        number_text(field<double>(doc, at + "/limit", file, error)));
  }
  // Alarms and scaling actions (SPEC §4) are optional: older summaries have neither.
  if (doc.contains("alarms")) {
    const size_t alarms = array_size(doc, "/alarms", file, error);
    for (size_t i = 0; i < alarms; ++i) {
      const std::string at = "/alarms/" + std::to_string(i);
      AlarmSummary alarm{field<std::string>(doc, at + "/name", file, error), std::nullopt,
                         field<double>(doc, at + "/seconds_in_alarm", file, error)};
      const Json::json_pointer first(at + "/first_alarm_s");
      if (doc.contains(first) && doc[first].is_number()) alarm.first_alarm_s = doc[first].get<double>();
      out.alarms.push_back(alarm);
    }
  }
  if (doc.contains(Json::json_pointer("/stream/scaling_actions"))) {
    const size_t actions = array_size(doc, "/stream/scaling_actions", file, error);
    for (size_t i = 0; i < actions; ++i) {
      const auto outcome = field<std::string>(
          doc, "/stream/scaling_actions/" + std::to_string(i) + "/outcome", file, error);
      out.scaling_actions_applied += outcome == "applied";
      out.scaling_actions_refused += outcome == "refused";
    }
  }
  return error;
}

std::string parse_metrics_csv(const std::string& text, const std::string& file, RunFolder& out) {
  struct Row {
    double time_s;
    size_t key;
    double value;
  };
  std::vector<Row> rows;
  std::map<std::pair<std::string, std::string>, size_t> keys;
  std::vector<std::pair<std::string, std::string>> key_names;
  std::istringstream in(text);
  std::string line;
  size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1) {
      if (line != "time_s,metric,dimension,value") {
        return file + ":1: expected the header time_s,metric,dimension,value";
      }
      continue;
    }
    if (line.empty()) continue;
    const size_t a = line.find(','), b = line.find(',', a + 1), c = line.rfind(',');
    const auto bad = [&] {
      return file + ":" + std::to_string(number) + ": expected time_s,metric,dimension,value";
    };
    if (a == std::string::npos || b == std::string::npos || c <= b) return bad();
    char* end = nullptr;
    errno = 0;
    const double time_s = std::strtod(line.c_str(), &end);
    if (end != line.c_str() + a || errno != 0 || !std::isfinite(time_s)) return bad();
    const double value = std::strtod(line.c_str() + c + 1, &end);
    if (end != line.c_str() + line.size() || c + 1 == line.size() || !std::isfinite(value))
      return bad();
    std::pair<std::string, std::string> key{line.substr(a + 1, b - a - 1),
                                            line.substr(b + 1, c - b - 1)};
    auto [it, added] = keys.emplace(key, key_names.size());
    if (added) key_names.push_back(std::move(key));
    rows.push_back({time_s, it->second, value});
  }
  if (number == 0) return file + ": empty file (expected the header time_s,metric,dimension,value)";
  for (const Row& row : rows) out.time_s.push_back(row.time_s);
  std::sort(out.time_s.begin(), out.time_s.end());
  out.time_s.erase(std::unique(out.time_s.begin(), out.time_s.end()), out.time_s.end());
  if (out.time_s.size() >= 2) out.interval_s = out.time_s[1] - out.time_s[0];
  std::vector<std::vector<double>*> grid;
  for (const auto& key : key_names) {
    auto& values = out.metrics[key];
    values.assign(out.time_s.size(), std::numeric_limits<double>::quiet_NaN());
    grid.push_back(&values);
  }
  for (const Row& row : rows) {
    const size_t p = static_cast<size_t>(
        std::lower_bound(out.time_s.begin(), out.time_s.end(), row.time_s) - out.time_s.begin());
    (*grid[row.key])[p] = row.value;
  }
  return "";
}

RunFolderRead read_run_folder(const std::string& path) {
  RunFolderRead result;
  std::error_code ignored;
  if (!std::filesystem::is_directory(path, ignored)) {
    result.error = path + ": no such run folder";
    return result;
  }
  RunFolder folder;
  folder.path = path;
  for (const char* name : {"summary.json", "metrics.csv"}) {
    const std::string file = (std::filesystem::path(path) / name).string();
    const std::optional<std::string> read = read_file_text(file);
    if (!read) {
      result.error =
          file + ": cannot read (" + std::strerror(errno) + "); is this a kds-sim run folder?";
      return result;
    }
    result.error = name[0] == 's' ? parse_summary_json(*read, file, folder.summary)
                                  : parse_metrics_csv(*read, file, folder);
    if (!result.error.empty()) return result;
  }
  if (folder.time_s.size() < 2 && folder.summary.duration_s > 0)
    folder.interval_s = folder.summary.duration_s;
  result.folder = std::move(folder);
  return result;
}

}  // namespace kds::reports
