// Axes of the report charts: what a value measures, how it is written for people ("1.5k", "2
// MiB/s", "1h30m", "$12.30") and where the ticks go. Values arrive in base units (records, bytes,
// seconds, milliseconds for ages, USD) and are converted only here, at the edge.
#ifndef KDS_REPORTS_CHART_AXIS_HPP_
#define KDS_REPORTS_CHART_AXIS_HPP_

#include <string>
#include <vector>

namespace kds::reports {

enum class AxisUnit {
  kCount,         // records, calls, shards: "950", "1.5k", "2M"
  kRecordsPerS,   // "1k/s"
  kBytes,         // binary prefixes: "512 KiB", "20.1 GiB"
  kBytesPerS,     // binary prefixes: "512 KiB/s", "2 MiB/s"
  kMilliseconds,  // ages and delays: "250ms", "30s", "1m30s"
  kUsd,           // "$0.12", "$1.5k"
};

// The unit's name as the page's script knows it (data-unit attributes): "count", "bytes_per_s"...
const char* unit_key(AxisUnit unit);

// A value for a label or a table cell, about 3 significant digits. Non-finite values read "–".
std::string format_value(AxisUnit unit, double value);
// Simulated time: "0", "45s", "15m", "1h30m", "2d".
std::string format_duration_s(double seconds);

struct AxisTick {
  double value;
  std::string label;
};

// Ticks from 0 up to the returned axis top (>= max_value, a round number of steps).
// REQUIRES: axis_top is not null.
std::vector<AxisTick> value_ticks(AxisUnit unit, double max_value, double* axis_top);
// Ticks at round durations (1m, 15m, 1h, 6h, 1d...) between t0_s and t1_s, at most about 8.
std::vector<AxisTick> time_ticks(double t0_s, double t1_s);

}  // namespace kds::reports

#endif  // KDS_REPORTS_CHART_AXIS_HPP_
