// Chart building blocks for the HTML reports, written as inline SVG by our own code (no charting
// library): a time-series line chart with any number of named series and an optional horizontal
// limit line, and a stacked horizontal bar chart (the cost breakdown). The shard x time heatmap is
// in reports/svg_heatmap.hpp. Each function returns a <figure class="chart-box"> holding an
// <svg class="chart"> whose drawn data elements carry class "data", plus an HTML legend.
// Values are in base units (see AxisUnit); times are simulated seconds.
#ifndef KDS_REPORTS_SVG_CHART_HPP_
#define KDS_REPORTS_SVG_CHART_HPP_

#include <optional>
#include <string>
#include <vector>

#include "reports/chart_axis.hpp"

namespace kds::reports {

// Colours by position, for series and bar segments that do not name their own.
const std::string& palette_colour(size_t index);

// One named line. NaN values are periods without a datapoint: the line has a gap there.
struct ChartSeries {
  std::string name;
  std::vector<double> time_s;  // ascending
  std::vector<double> values;  // same length as time_s
  std::string colour;          // CSS colour; "" takes the palette colour of the series' position
  bool dashed = false;         // capacities and other limits that change over time
};

// A constant horizontal limit, e.g. the SLO's max_iterator_age.
struct ThresholdLine {
  std::string label;
  double value = 0;
};

// A stretch of time shaded behind the lines, e.g. an alarm in ALARM.
struct TimeBand {
  double from_s = 0, to_s = 0;
  std::string label;   // the legend's entry; bands with the same label share it
  std::string colour;  // CSS colour
};

// A moment marked by a vertical line and a short label, e.g. a scaling action.
struct TimeMarker {
  double at_s = 0;
  std::string label;
  std::string colour;
};

struct LineChart {
  std::string id;  // unique in the page
  std::string title;
  std::string note;  // one line under the title: what is measured, per which period
  AxisUnit unit = AxisUnit::kCount;
  std::vector<ChartSeries> series;
  std::optional<ThresholdLine> threshold;
  std::vector<TimeBand> bands;
  std::vector<TimeMarker> markers;
};

// Series longer than this are reduced to it before drawing, keeping each bucket's maximum so that
// peaks stay visible (a day of 1 s periods becomes 1,500 points).
constexpr size_t kMaxPointsPerSeries = 1500;

std::string line_chart(const LineChart& chart);

struct BarSegment {
  std::string name;
  double value = 0;
};

struct Bar {
  std::string label;
  std::vector<BarSegment> segments;  // stacked left to right; zero segments are not drawn
};

// Horizontal bars of stacked segments on a common axis; segments with the same name share a colour.
struct BarChart {
  std::string id;
  std::string title;
  std::string note;
  AxisUnit unit = AxisUnit::kUsd;
  std::vector<Bar> bars;
};

std::string bar_chart(const BarChart& chart);

// A value against a numeric parameter (a sweep's axis): each series a line through its means,
// with a band from its minimum to its maximum (the seeds' spread) behind it.
struct BandSeries {
  std::string name;
  std::vector<double> x;                 // ascending
  std::vector<double> mean, low, high;   // same length as x
};

struct BandChart {
  std::string id;
  std::string title;
  std::string note;
  std::string x_label;  // under the x axis: what the parameter is
  AxisUnit unit = AxisUnit::kCount;  // of the values; x is labelled as a plain number
  std::vector<BandSeries> series;
  bool log_x = false;  // x on a logarithmic scale (every x > 0)
};

std::string band_chart(const BandChart& chart);

// The drawing area shared by the charts: the SVG's size and its plot rectangle.
struct PlotFrame {
  double width = 960, height = 300;
  double left = 78, right = 944, top = 14, bottom = 266;
};

// A coordinate or a number for an attribute: one decimal, never NaN.
std::string svg_number(double value);
// <figure class="chart-box"> with caption and note, the opening <svg class="chart"> of `frame`'s
// size.
std::string open_chart_figure(const std::string& id, const std::string& title,
                              const std::string& note, const PlotFrame& frame);

}  // namespace kds::reports

#endif  // KDS_REPORTS_SVG_CHART_HPP_
