#include "sweep/sweep_results.hpp"

namespace kds::sweep {

namespace {
using Pointer = nlohmann::json::json_pointer;

// A JSON value as a cell: strings as their text, everything else as compact JSON.
std::string cell(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string cell_at(const nlohmann::json& doc, const std::string& pointer) {
  try {
    const Pointer p(pointer);
    return doc.contains(p) ? cell(doc.at(p)) : std::string();
  } catch (const nlohmann::json::exception&) {
    return "";  // an array index where the run has an object, say: nothing to collect
  }
}
}  // namespace

CsvRow results_header(const SweepFile& sweep) {
  CsvRow header{"case", "seed"};
  header.insert(header.end(), sweep.columns.begin(), sweep.columns.end());
  header.insert(header.end(), {"write_throttle_ratio", "lost_records"});
  for (const std::string& name : sweep.consumers) header.push_back("max_iterator_age_ms:" + name);
  header.insert(header.end(), {"provisioned_monthly_usd", "on_demand_monthly_usd", "slo_met"});
  header.insert(header.end(), sweep.collect.begin(), sweep.collect.end());
  header.push_back("status");
  return header;
}

CsvRow results_row(const SweepFile& sweep, const SweepCase& c, uint64_t seed,
                   const std::string& status, const nlohmann::json& summary) {
  CsvRow row{c.id, std::to_string(seed)};
  for (const std::string& column : sweep.columns) {
    std::string value;
    for (const Setting& s : c.settings)
      if (s.pointer == column) value = cell(s.value);
    row.push_back(value);
  }
  const bool ok = status == "ok" && summary.is_object();
  const auto figure = [&](const std::string& pointer) {
    return ok ? cell_at(summary, pointer) : std::string();
  };
  row.push_back(figure("/stream/write_throttle_ratio"));
  // Lost records of all consumers: records that expired before some consumer read them.
  std::string lost;
  if (ok && summary.contains("consumers") && summary["consumers"].is_array()) {
    int64_t total = 0;
    for (const auto& consumer : summary["consumers"])
      if (consumer.contains("lost_records") && consumer["lost_records"].is_number_integer())
        total += consumer["lost_records"].get<int64_t>();
    lost = std::to_string(total);
  }
  row.push_back(lost);
  for (const std::string& name : sweep.consumers) {
    std::string age;
    if (ok && summary.contains("consumers") && summary["consumers"].is_array()) {
      for (const auto& consumer : summary["consumers"])
        if (consumer.contains("name") && consumer["name"] == name)
          age = cell_at(consumer, "/iterator_age_ms/max");
    }
    row.push_back(age);
  }
  row.push_back(figure("/cost/provisioned/monthly_usd"));
  row.push_back(figure("/cost/on_demand/monthly_usd"));
  row.push_back(figure("/slo/met"));
  for (const std::string& pointer : sweep.collect) row.push_back(figure(pointer));
  row.push_back(status);
  return row;
}

std::string csv_text(const std::vector<CsvRow>& rows) {
  std::string out;
  for (const CsvRow& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += ',';
      const std::string& c = row[i];
      if (c.find_first_of(",\"\r\n") == std::string::npos) {
        out += c;
        continue;
      }
      out += '"';
      for (char ch : c) {
        if (ch == '"') out += '"';
        out += ch;
      }
      out += '"';
    }
    out += '\n';
  }
  return out;
}

bool parse_csv(const std::string& text, std::vector<CsvRow>& rows, std::string& error) {
  rows.clear();
  CsvRow row;
  std::string c;
  bool quoted = false, in_cell = false;
  size_t line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (quoted) {
      if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        c += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        if (ch == '\n') ++line;
        c += ch;
      }
    } else if (ch == '"' && c.empty() && !in_cell) {
      quoted = in_cell = true;
    } else if (ch == ',') {
      row.push_back(std::move(c));
      c.clear();
      in_cell = false;
    } else if (ch == '\n') {
      row.push_back(std::move(c));
      rows.push_back(std::move(row));
      row.clear();
      c.clear();
      in_cell = false;
      ++line;
    } else {
      c += ch;
      in_cell = true;
    }
  }
  if (quoted) {
    error = "line " + std::to_string(line) + ": a quoted cell does not end";
    return false;
  }
  if (in_cell || !row.empty()) {
    error = "line " + std::to_string(line) + ": the last line does not end with a line break";
    return false;
  }
  return true;
}

}  // namespace kds::sweep
