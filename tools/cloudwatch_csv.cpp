// CloudWatch CSV export reading. The split is RFC 4180's (commas, double-quoted cells with ""
// as an escaped quote), which covers what spreadsheet tools and the CloudWatch console write;
// quoted cells spanning several lines are not supported (metric exports have none). Rows are taken
// in file order: the caller's trace starts at the first data row.
#include "tools/cloudwatch_csv.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace kds::front {
namespace {

std::string trim(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const size_t last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cells.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cells.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  for (std::string& cell : cells) cell = trim(cell);
  return cells;
}

std::optional<double> parse_cell(const std::string& cell) {
  if (cell.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(cell.c_str(), &end);
  if (end != cell.c_str() + cell.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace

CloudWatchColumn read_cloudwatch_column(const std::string& path, const std::string& column,
                                        size_t max_cell_errors) {
  CloudWatchColumn result;
  std::ifstream in(path);
  if (!in) {
    result.file_error = "cannot read '" + path + "': " + std::strerror(errno);
    return result;
  }
  std::string line;
  size_t line_number = 0;
  std::optional<size_t> column_index;
  size_t skipped_errors = 0;
  auto cell_error = [&](const std::string& message) {
    if (result.cell_errors.size() < max_cell_errors) {
      result.cell_errors.push_back("line " + std::to_string(line_number) + ": " + message);
    } else {
      ++skipped_errors;
    }
  };
  while (std::getline(in, line)) {
    ++line_number;
    // Spreadsheet tools prefix the file with a UTF-8 byte order mark; it is not part of a name.
    if (line_number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (trim(line).empty()) continue;
    const std::vector<std::string> cells = split_csv_line(line);
    if (!column_index) {  // the first non-blank line is the header
      for (size_t i = 0; i < cells.size(); ++i) {
        if (cells[i] == column) column_index = i;
      }
      if (!column_index) {
        std::string available;
        for (const std::string& name : cells) {
          available += (available.empty() ? "'" : ", '") + name + "'";
        }
        result.column_error =
            "no column '" + column + "' in '" + path + "'; available columns: " + available;
        return result;
      }
      continue;
    }
    if (*column_index >= cells.size() || cells[*column_index].empty()) {
      cell_error("empty cell in column '" + column + "'");
      continue;
    }
    const auto value = parse_cell(cells[*column_index]);
    if (!value) {
      cell_error("not a number in column '" + column + "': '" + cells[*column_index] + "'");
    } else if (*value < 0) {
      cell_error("negative Sum in column '" + column + "': " + cells[*column_index]);
    } else {
      result.sums.push_back(*value);
    }
  }
  if (!column_index) {
    result.file_error = "'" + path + "' is empty: expected a header row naming the columns";
  } else if (skipped_errors > 0) {
    result.cell_errors.push_back("... and " + std::to_string(skipped_errors) + " more bad cells");
  }
  return result;
}

}  // namespace kds::front
