// Tick steps are "nice": 1, 2 or 5 times a power of ten for counts and money, the same in the
// binary unit (KiB, MiB, GiB) that fits the largest byte rate, and durations people count in
// (15 s, 1 min, 15 min, 1 h, 6 h, 1 d) for ages and for the time axis. Labels carry the unit, so
// every axis reads without a legend. All text is made with snprintf and fixed formats, so the same
// numbers always give the same bytes.
#include "reports/chart_axis.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <utility>

namespace kds::reports {

namespace {
constexpr int kTargetValueTicks = 5;
constexpr int kMaxTimeTicks = 8;

// 3 significant digits at most, no trailing zeros: 1.5, 12, 150, 0.25.
std::string short_number(double x) {
  char text[32];
  const double a = std::fabs(x);
  if (a >= 100 || a == 0) {
    std::snprintf(text, sizeof text, "%.0f", x);
  } else if (a >= 10) {
    std::snprintf(text, sizeof text, "%.1f", x);
  } else if (a >= 0.01) {
    std::snprintf(text, sizeof text, "%.2f", x);
  } else {
    std::snprintf(text, sizeof text, "%.2g", x);
    return text;
  }
  std::string s = text;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

std::string with_decimal_prefix(double v) {
  const double a = std::fabs(v);
  if (a >= 999.5e6) return short_number(v / 1e9) + "G";
  if (a >= 999.5e3) return short_number(v / 1e6) + "M";
  if (a >= 999.5) return short_number(v / 1e3) + "k";
  return short_number(v);
}

constexpr std::array<const char*, 5> kBinaryUnits{"B", "KiB", "MiB", "GiB", "TiB"};

// The power of 1,024 that writes `v` with 1 to 1,023 before the unit.
int binary_power(double v) {
  int power = 0;
  while (power + 1 < static_cast<int>(kBinaryUnits.size()) &&
         std::fabs(v) >= std::pow(1024.0, power + 1))
    ++power;
  return power;
}

std::string format_bytes(double v) {
  const int power = binary_power(v);
  return short_number(v / std::pow(1024.0, power)) + " " + kBinaryUnits[power];
}

std::string format_duration_ms(double ms) {
  if (std::fabs(ms) < 1000) return short_number(ms) + "ms";
  if (std::fabs(ms) < 60000) return short_number(ms / 1000) + "s";
  return format_duration_s(ms / 1000);
}

std::string format_usd(double v) {
  char text[32];
  if (std::fabs(v) >= 999.5) return "$" + with_decimal_prefix(v);
  if (std::fabs(v) >= 0.01 || v == 0) {
    std::snprintf(text, sizeof text, "$%.2f", v);
  } else {
    std::snprintf(text, sizeof text, "$%.2g", v);
  }
  return text;
}

// The smallest of 1, 2, 5 x 10^k that is at least `raw`.
double nice_step(double raw) {
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * power >= raw * (1 - 1e-9)) return m * power;
  }
  return 10 * power;
}

// Round durations, in seconds, for age axes and the time axis.
constexpr std::array<double, 27> kDurationStepsS{
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1,  0.2,  0.5,  1,     2,     5,     10,   15,
    30,    60,    120,   300,  600,  900,  1800, 3600, 7200, 10800, 21600, 43200, 86400};

double duration_step_s(double raw_s) {
  for (double step : kDurationStepsS) {
    if (step >= raw_s * (1 - 1e-9)) return step;
  }
  return std::ceil(raw_s / 86400) * 86400;  // whole days
}
}  // namespace

const char* unit_key(AxisUnit unit) {
  switch (unit) {
    case AxisUnit::kCount:
      return "count";
    case AxisUnit::kRecordsPerS:
      return "records_per_s";
    case AxisUnit::kBytes:
      return "bytes";
    case AxisUnit::kBytesPerS:
      return "bytes_per_s";
    case AxisUnit::kMilliseconds:
      return "ms";
    case AxisUnit::kUsd:
      return "usd";
  }
  return "count";
}

std::string format_value(AxisUnit unit, double value) {
  if (!std::isfinite(value)) return "\u2013";
  switch (unit) {
    case AxisUnit::kCount:
      return with_decimal_prefix(value);
    case AxisUnit::kRecordsPerS:
      return with_decimal_prefix(value) + "/s";
    case AxisUnit::kBytes:
      return format_bytes(value);
    case AxisUnit::kBytesPerS:
      return format_bytes(value) + "/s";
    case AxisUnit::kMilliseconds:
      return format_duration_ms(value);
    case AxisUnit::kUsd:
      return format_usd(value);
  }
  return short_number(value);
}

std::string format_duration_s(double seconds) {
  if (!std::isfinite(seconds)) return "\u2013";
  if (seconds == 0) return "0";
  if (std::fabs(seconds) < 60) return short_number(seconds) + "s";
  // The two largest non-zero units of d, h, m, s: "1d6h", "1h30m", "2m5s".
  long long rest = std::llround(std::fabs(seconds));
  const std::array<std::pair<long long, const char*>, 4> units{
      {{86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}}};
  std::string text = seconds < 0 ? "-" : "";
  int written = 0;
  for (const auto& [size, name] : units) {
    const long long count = rest / size;
    rest %= size;
    if (count > 0 && written < 2) {
      text += std::to_string(count) + name;
      ++written;
    } else if (written > 0) {
      written = 2;  // a zero unit after the first ends the label: "1h" not "1h0m5s"
    }
  }
  return text;
}

std::vector<AxisTick> value_ticks(AxisUnit unit, double max_value, double* axis_top) {
  if (!std::isfinite(max_value) || max_value <= 0)
    max_value = unit == AxisUnit::kMilliseconds ? 1000 : 1;
  const double raw = max_value / kTargetValueTicks;
  double step = 0;
  if (unit == AxisUnit::kBytes || unit == AxisUnit::kBytesPerS) {
    // Steps in the unit the top label is written in: 1 MiB/s steps up to 5 MiB/s, not 0.98 MiB/s.
    const double scale = std::pow(1024.0, binary_power(max_value));
    step = nice_step(raw / scale) * scale;
  } else if (unit == AxisUnit::kMilliseconds) {
    step = duration_step_s(raw / 1000) * 1000;
  } else if (unit == AxisUnit::kCount) {
    step = std::max(1.0, nice_step(raw));  // whole records, calls, shards
  } else {
    step = nice_step(raw);
  }
  const int steps = std::max(1, static_cast<int>(std::ceil(max_value / step - 1e-9)));
  *axis_top = steps * step;
  std::vector<AxisTick> ticks;
  for (int i = 0; i <= steps; ++i) ticks.push_back({i * step, format_value(unit, i * step)});
  return ticks;
}

std::vector<AxisTick> time_ticks(double t0_s, double t1_s) {
  if (!(t1_s > t0_s)) return {{t0_s, format_duration_s(t0_s)}};
  const double step = duration_step_s((t1_s - t0_s) / kMaxTimeTicks);
  std::vector<AxisTick> ticks;
  for (double t = std::ceil(t0_s / step - 1e-9) * step; t <= t1_s + 1e-9 * step; t += step) {
    ticks.push_back({t, format_duration_s(t)});
  }
  return ticks;
}

}  // namespace kds::reports
