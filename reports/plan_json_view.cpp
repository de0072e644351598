#include "reports/plan_json_view.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

#include "models/units.hpp"
#include "reports/chart_axis.hpp"

namespace kds::reports::plan_view {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

// --- Defensive reading of plan.json -------------------------------------------------------------

const Json& member(const Json& j, const char* key) {
  static const Json kAbsent;  // null: what every missing key reads as
  if (!j.is_object()) return kAbsent;
  const auto it = j.find(key);
  return it == j.end() ? kAbsent : *it;
}

double number_at(const Json& j, const char* key) {
  const Json& v = member(j, key);
  return v.is_number() ? v.get<double>() : kNaN;
}

std::string text_at(const Json& j, const char* key) {
  const Json& v = member(j, key);
  return v.is_string() ? v.get<std::string>() : "";
}

bool flag_at(const Json& j, const char* key, bool fallback) {
  const Json& v = member(j, key);
  return v.is_boolean() ? v.get<bool>() : fallback;
}

std::vector<std::string> texts_at(const Json& j, const char* key) {
  std::vector<std::string> out;
  const Json& v = member(j, key);
  if (!v.is_array()) return out;
  for (const Json& item : v) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

// The plan's options in their (cost) order; entries that are not objects are skipped.
std::vector<const Json*> options_of(const Json& plan) {
  std::vector<const Json*> out;
  const Json& options = member(plan, "options");
  if (!options.is_array()) return out;
  for (const Json& o : options) {
    if (o.is_object()) out.push_back(&o);
  }
  return out;
}

// --- Formatting: every number finite or "–" -----------------------------------------------------

std::string joined(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : separator) + part;
  return out;
}

// A whole number ("12"), or "–".
std::string whole(double value) {
  if (!std::isfinite(value)) return "\u2013";
  char text[32];
  std::snprintf(text, sizeof text, "%.0f", value);
  return text;
}

// A traffic multiple: "x1.37", "x2", "x1/8".
std::string multiple(double m) {
  if (!std::isfinite(m)) return "\u2013";
  if (m > 0 && m < 1) {
    const double inverse = 1 / m;
    if (std::fabs(inverse - std::round(inverse)) < 1e-6) return "x1/" + whole(inverse);
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", m);
  std::string s = text;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return "x" + s;
}

// The band chart labels every x it draws with %g: "5.23", not "5.23259".
double three_digits(double x) {
  if (!std::isfinite(x) || x <= 0) return x;
  const double scale = std::pow(10.0, 3 - std::ceil(std::log10(x)));
  return std::round(x * scale) / scale;
}

std::string usd(double value) {
  return format_value(AxisUnit::kUsd, value);
}

std::string mib_per_s(double mib) {
  return format_value(AxisUnit::kBytesPerS, mib * models::kBytesPerMiB);
}

}  // namespace kds::reports::plan_view
