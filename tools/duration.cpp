// Duration parsing. The grammar is deliberately small (no sign, no exponent, one unit, one number)
// so that a typo such as "15 min" or "1e3s" is reported at load time rather than read as something
// the user did not mean; WRENCH's UnitParser, by contrast, guesses (STYLE §7).
#include "tools/duration.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

namespace kds::front {
namespace {

constexpr double kSecondsPerMinute = 60.0;
constexpr double kSecondsPerHour = 3600.0;
constexpr double kSecondsPerDay = 86400.0;

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// Seconds per unit, or 0 for an unknown unit.
double unit_seconds(std::string_view unit) {
  if (unit == "ms") return 0.001;
  if (unit == "s") return 1.0;
  if (unit == "m") return kSecondsPerMinute;
  if (unit == "h") return kSecondsPerHour;
  if (unit == "d") return kSecondsPerDay;
  return 0.0;
}

// True if `value` is a whole multiple of `unit` (up to rounding noise of the decimal input).
bool is_multiple(double value, double unit) {
  const double n = value / unit;
  return std::fabs(n - std::round(n)) < 1e-9 * std::max(1.0, std::fabs(n));
}

std::string format_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

}  // namespace

std::optional<double> parse_duration_text(std::string_view text) {
  text = trim(text);
  size_t digits_end = 0;
  bool seen_digit = false;
  bool seen_point = false;
  while (digits_end < text.size()) {
    const char c = text[digits_end];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      seen_digit = true;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
    ++digits_end;
  }
  if (!seen_digit) return std::nullopt;
  const double unit = unit_seconds(trim(text.substr(digits_end)));
  if (unit == 0.0) return std::nullopt;
  // strtod reads exactly the digits-and-point prefix validated above. Not std::stod: it throws
  // out_of_range past a double ("1" and 400 zeros) or below the smallest one ("0.", 400 zeros,
  // "1"); strtod gives infinity (refused below) or the nearest double, 0 included.
  const std::string digits(text.substr(0, digits_end));
  const double number = std::strtod(digits.c_str(), nullptr);
  const double seconds = number * unit;
  if (!std::isfinite(seconds)) return std::nullopt;
  return seconds;
}

DurationResult parse_duration(const nlohmann::json& value) {
  DurationResult result;
  if (value.is_number()) {
    const double seconds = value.get<double>();
    if (std::isfinite(seconds)) result.seconds = seconds;
  } else if (value.is_string()) {
    result.seconds = parse_duration_text(value.get_ref<const std::string&>());
  }
  if (!result.seconds) result.error = std::string(kDurationRule) + ", got " + value.dump();
  return result;
}

std::string format_duration(double seconds) {
  const double magnitude = std::fabs(seconds);
  if (magnitude > 0 && magnitude < 1.0 && is_multiple(seconds, 0.001)) {
    return format_number(std::round(seconds * 1000.0)) + "ms";
  }
  if (magnitude >= kSecondsPerDay && is_multiple(seconds, kSecondsPerDay)) {
    return format_number(std::round(seconds / kSecondsPerDay)) + "d";
  }
  if (magnitude >= kSecondsPerHour && is_multiple(seconds, kSecondsPerHour)) {
    return format_number(std::round(seconds / kSecondsPerHour)) + "h";
  }
  // Minutes are not used for output: "60s" reads better than "1m" next to AWS's per-second limits.
  return format_number(seconds) + "s";
}

}  // namespace kds::front
