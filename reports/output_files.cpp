#include "reports/output_files.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace kds::reports {

std::string write_file_atomically(const std::string& path, const std::string& content) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) return "cannot write " + temporary;
    out << content;
    if (!out) return "cannot write " + temporary;
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) return "cannot rename " + temporary + " to " + path + ": " + error.message();
  return "";
}

double finite_or_zero(double value) {
  return std::isfinite(value) ? value : 0.0;
}

std::string format_number(double value) {
  value = finite_or_zero(value);
  char text[64];
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(text, sizeof text, "%.0f", value);
  } else {
    std::snprintf(text, sizeof text, "%.10g", value);
  }
  return text;
}

}  // namespace kds::reports
