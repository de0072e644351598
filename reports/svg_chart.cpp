// Layout: a fixed 960-unit-wide SVG (scaled by CSS to the page width) with the plot rectangle in
// PlotFrame; y ticks on the left, time ticks below. Coordinates are written with one decimal,
// enough for a screen and small enough for a day of 1-minute periods (1,440 points) per series.
// A line chart also embeds its (reduced) series as JSON for the page's hover tooltip; the SVG is
// complete without it. Long series are reduced by bucket maximum, not by sampling, because a
// report exists to show peaks: throttling bursts and IteratorAge spikes must survive.
#include "reports/svg_chart.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>

#include "reports/html_page.hpp"

namespace kds::reports {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const char* const kLimitColour = "#b3261e";

std::string json_number(double value) {
  if (!std::isfinite(value)) return "null";
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

// A JSON string that is also safe inside <script>: '<' is written as \u003c.
std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == '<') {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

// At most kMaxPointsPerSeries points: each bucket of consecutive points becomes its first time and
// its largest finite value (NaN if it has none).
ChartSeries reduced(const ChartSeries& s) {
  const size_t n = std::min(s.time_s.size(), s.values.size());
  if (n <= kMaxPointsPerSeries) return s;
  const size_t bucket = (n + kMaxPointsPerSeries - 1) / kMaxPointsPerSeries;
  ChartSeries out{s.name, {}, {}, s.colour, s.dashed};
  for (size_t begin = 0; begin < n; begin += bucket) {
    double top = kNaN;
    for (size_t i = begin; i < std::min(n, begin + bucket); ++i) {
      if (std::isfinite(s.values[i]) && !(top >= s.values[i])) top = s.values[i];
    }
    out.time_s.push_back(s.time_s[begin]);
    out.values.push_back(top);
  }
  return out;
}

std::string line(double x1, double y1, double x2, double y2, const char* css_class) {
  return "<line class=\"" + std::string(css_class) + "\" x1=\"" + svg_number(x1) + "\" y1=\"" +
         svg_number(y1) + "\" x2=\"" + svg_number(x2) + "\" y2=\"" + svg_number(y2) + "\"/>";
}

std::string text(double x, double y, const char* anchor, const std::string& content) {
  return "<text x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\" text-anchor=\"" + anchor +
         "\">" + escape_html(content) + "</text>";
}

std::string legend_entry(const std::string& colour, const std::string& name,
                         const char* swatch_class) {
  return "<span><i class=\"" + std::string(swatch_class) + "\" style=\"background:" + colour +
         ";color:" + colour + "\"></i>" + escape_html(name) + "</span>";
}

// The y grid with its labels, for values 0..top.
std::string value_axis(const PlotFrame& f, const std::vector<AxisTick>& ticks, double top) {
  std::string out;
  for (const AxisTick& tick : ticks) {
    const double y = f.bottom - tick.value / top * (f.bottom - f.top);
    out += line(f.left, y, f.right, y, "grid") + text(f.left - 6, y + 4, "end", tick.label);
  }
  return out;
}

std::string time_axis(const PlotFrame& f, double t0, double t1) {
  std::string out = line(f.left, f.bottom, f.right, f.bottom, "axis");
  for (const AxisTick& tick : time_ticks(t0, t1)) {
    const double x = t1 > t0 ? f.left + (tick.value - t0) / (t1 - t0) * (f.right - f.left) : f.left;
    out +=
        line(x, f.bottom, x, f.bottom + 4, "axis") + text(x, f.bottom + 17, "middle", tick.label);
  }
  return out + text(f.right, f.bottom + 31, "end", "simulated time");
}
}  // namespace

const std::string& palette_colour(size_t index) {
  // Tableau 10: distinct hues that stay apart for readers with common colour-vision deficiencies.
  static const std::array<std::string, 10> kPalette{"#4e79a7", "#f28e2b", "#59a14f", "#e15759",
                                                    "#b07aa1", "#76b7b2", "#edc948", "#9c755f",
                                                    "#ff9da7", "#bab0ac"};
  return kPalette[index % kPalette.size()];
}

std::string svg_number(double value) {
  char out[32];
  std::snprintf(out, sizeof out, "%.1f", std::isfinite(value) ? value : 0.0);
  return std::string(out) == "-0.0" ? "0.0" : out;
}

std::string open_chart_figure(const std::string& id, const std::string& title,
                              const std::string& note, const PlotFrame& frame) {
  std::string out =
      "<figure class=\"chart-box\">\n<figcaption>" + escape_html(title) + "</figcaption>\n";
  if (!note.empty()) out += "<p class=\"note\">" + escape_html(note) + "</p>\n";
  out += "<svg class=\"chart\" id=\"" + escape_html(id) + "\" viewBox=\"0 0 " +
         svg_number(frame.width) + " " + svg_number(frame.height) +
         "\" role=\"img\" aria-label=\"" + escape_html(title) + "\">\n";
  return out;
}

std::string line_chart(const LineChart& chart) {
  const PlotFrame f;
  std::vector<ChartSeries> series;
  double t0 = std::numeric_limits<double>::infinity(), t1 = -t0, y_max = 0;
  for (const ChartSeries& s : chart.series) {
    series.push_back(reduced(s));
    if (series.back().colour.empty()) series.back().colour = palette_colour(series.size() - 1);
    for (size_t i = 0; i < series.back().time_s.size(); ++i) {
      t0 = std::min(t0, series.back().time_s[i]);
      t1 = std::max(t1, series.back().time_s[i]);
      if (std::isfinite(series.back().values[i])) y_max = std::max(y_max, series.back().values[i]);
    }
  }
  if (!std::isfinite(t0)) t0 = t1 = 0;
  if (chart.threshold) y_max = std::max(y_max, chart.threshold->value);
  double y_top = 1;
  const std::vector<AxisTick> ticks = value_ticks(chart.unit, y_max, &y_top);
  auto x_of = [&](double t) {
    return t1 > t0 ? f.left + (t - t0) / (t1 - t0) * (f.right - f.left) : f.left;
  };
  auto y_of = [&](double v) { return f.bottom - v / y_top * (f.bottom - f.top); };

  std::string out = open_chart_figure(chart.id, chart.title, chart.note, f);
  out += value_axis(f, ticks, y_top) + time_axis(f, t0, t1) + "\n";
  std::string legend;
  std::vector<std::string> band_labels;
  for (const TimeBand& band : chart.bands) {
    const double x0 = std::clamp(x_of(band.from_s), f.left, f.right);
    const double x1 = std::clamp(x_of(band.to_s), f.left, f.right);
    out += "<rect class=\"band\" x=\"" + svg_number(x0) + "\" y=\"" + svg_number(f.top) +
           "\" width=\"" + svg_number(std::max(x1 - x0, 1.0)) + "\" height=\"" +
           svg_number(f.bottom - f.top) + "\" fill=\"" + band.colour +
           "\" fill-opacity=\"0.16\"><title>" + escape_html(band.label) + "</title></rect>\n";
    if (std::find(band_labels.begin(), band_labels.end(), band.label) == band_labels.end()) {
      band_labels.push_back(band.label);
      legend += legend_entry(band.colour, band.label, "band");
    }
  }
  for (const TimeMarker& marker : chart.markers) {
    const double x = x_of(marker.at_s);
    out += "<line class=\"marker\" x1=\"" + svg_number(x) + "\" y1=\"" + svg_number(f.top) +
           "\" x2=\"" + svg_number(x) + "\" y2=\"" + svg_number(f.bottom) + "\" stroke=\"" +
           marker.colour + "\" stroke-dasharray=\"2 3\"/><text x=\"" + svg_number(x + 3) +
           "\" y=\"" + svg_number(f.top + 10) + "\" style=\"fill:" + marker.colour + "\">" +
           escape_html(marker.label) + "</text>\n";
  }
  for (const ChartSeries& s : series) {
    std::string path;
    for (size_t i = 0; i < s.time_s.size(); ++i) {
      if (!std::isfinite(s.values[i])) continue;
      const bool starts = i == 0 || !std::isfinite(s.values[i - 1]);
      path += (starts ? "M" : "L") + svg_number(x_of(s.time_s[i])) + " " +
              svg_number(y_of(s.values[i]));
      const bool alone = starts && (i + 1 == s.time_s.size() || !std::isfinite(s.values[i + 1]));
      if (alone) path += "h0.1";  // a lone datapoint: a dot, thanks to the round line cap
    }
    out += "<path class=\"series data\" stroke=\"" + s.colour + "\" stroke-linecap=\"round\"" +
           (s.dashed ? " stroke-dasharray=\"6 4\"" : "") + " d=\"" + path + "\"><title>" +
           escape_html(s.name) + "</title></path>\n";
    legend += legend_entry(s.colour, s.name, s.dashed ? "dashed" : "");
  }
  if (chart.threshold) {
    const double y = y_of(chart.threshold->value);
    out += "<line x1=\"" + svg_number(f.left) + "\" y1=\"" + svg_number(y) + "\" x2=\"" +
           svg_number(f.right) + "\" y2=\"" + svg_number(y) + "\" stroke=\"" + kLimitColour +
           "\" stroke-width=\"1.5\" stroke-dasharray=\"8 4\"/>";
    out += "<text x=\"" + svg_number(f.right - 4) + "\" y=\"" + svg_number(y - 5) +
           "\" text-anchor=\"end\" style=\"fill:" + kLimitColour + "\">" +
           escape_html(chart.threshold->label) + "</text>\n";
    legend += legend_entry(kLimitColour, chart.threshold->label, "dashed");
  }
  out += "<line class=\"cursor\" visibility=\"hidden\" x1=\"0\" x2=\"0\" y1=\"" +
         svg_number(f.top) + "\" y2=\"" + svg_number(f.bottom) +
         "\"/>\n</svg>\n<div class=\"legend\">" + legend + "</div>\n<div class=\"tip\"></div>\n";

  std::string data = "{\"unit\":\"" + std::string(unit_key(chart.unit)) +
                     "\",\"x0\":" + json_number(f.left) + ",\"x1\":" + json_number(f.right) +
                     ",\"t0\":" + json_number(t0) + ",\"t1\":" + json_number(t1) + ",\"series\":[";
  for (size_t k = 0; k < series.size(); ++k) {
    const ChartSeries& s = series[k];
    data += (k ? ",{\"n\":" : "{\"n\":") + json_string(s.name) + ",\"c\":" + json_string(s.colour) +
            ",\"t\":[";
    for (size_t i = 0; i < s.time_s.size(); ++i) data += (i ? "," : "") + json_number(s.time_s[i]);
    data += "],\"v\":[";
    for (size_t i = 0; i < s.values.size(); ++i) data += (i ? "," : "") + json_number(s.values[i]);
    data += "]}";
  }
  out +=
      "<script type=\"application/json\" class=\"chart-data\">" + data + "]}</script>\n</figure>\n";
  return out;
}

std::string bar_chart(const BarChart& chart) {
  PlotFrame f;
  size_t longest_label = 0;
  for (const Bar& bar : chart.bars) longest_label = std::max(longest_label, bar.label.size());
  f.left = std::clamp(16 + 6.5 * static_cast<double>(longest_label), 110.0,
                      360.0);  // ~6.5 units a character
  f.right = 860;
  const double bar_height = 26, bar_gap = 16;
  f.bottom = f.top + static_cast<double>(chart.bars.size()) * (bar_height + bar_gap);
  f.height = f.bottom + 40;
  std::vector<std::string> names;  // segment names in order of first appearance: their colours
  double x_max = 0;
  for (const Bar& bar : chart.bars) {
    double total = 0;
    for (const BarSegment& s : bar.segments) {
      total += std::max(0.0, s.value);
      if (std::find(names.begin(), names.end(), s.name) == names.end()) names.push_back(s.name);
    }
    x_max = std::max(x_max, total);
  }
  double x_top = 1;
  const std::vector<AxisTick> ticks = value_ticks(chart.unit, x_max, &x_top);
  auto x_of = [&](double v) { return f.left + v / x_top * (f.right - f.left); };
  auto colour_of = [&](const std::string& name) {
    return palette_colour(
        static_cast<size_t>(std::find(names.begin(), names.end(), name) - names.begin()));
  };

  std::string out = open_chart_figure(chart.id, chart.title, chart.note, f);
  for (const AxisTick& tick : ticks) {
    out += line(x_of(tick.value), f.top, x_of(tick.value), f.bottom, "grid") +
           text(x_of(tick.value), f.bottom + 17, "middle", tick.label);
  }
  out += line(f.left, f.bottom, f.right, f.bottom, "axis") + "\n";
  double y = f.top + bar_gap / 2;
  for (const Bar& bar : chart.bars) {
    out += text(f.left - 8, y + bar_height / 2 + 4, "end", bar.label);
    double x = 0;
    for (const BarSegment& s : bar.segments) {
      if (!(s.value > 0)) continue;
      out += "<rect class=\"data\" x=\"" + svg_number(x_of(x)) + "\" y=\"" + svg_number(y) +
             "\" width=\"" + svg_number(std::max(0.5, x_of(x + s.value) - x_of(x))) +
             "\" height=\"" + svg_number(bar_height) + "\" fill=\"" + colour_of(s.name) +
             "\"><title>" + escape_html(s.name + ": " + format_value(chart.unit, s.value)) +
             "</title></rect>";
      x += s.value;
    }
    out += text(x_of(x) + 6, y + bar_height / 2 + 4, "start", format_value(chart.unit, x)) + "\n";
    y += bar_height + bar_gap;
  }
  out += "</svg>\n<div class=\"legend\">";
  for (const std::string& name : names) out += legend_entry(colour_of(name), name, "box");
  return out + "</div>\n</figure>\n";
}

std::string band_chart(const BandChart& chart) {
  const PlotFrame f;
  // On a log axis positions are ln(x) (x > 0, as the plan's traffic levels on a sqrt(2) grid).
  const auto position = [&](double x) { return chart.log_x ? std::log(x) : x; };
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y_max = 0;
  std::vector<double> xs;
  for (const BandSeries& s : chart.series) {
    for (size_t i = 0; i < s.x.size(); ++i) {
      x0 = std::min(x0, position(s.x[i]));
      x1 = std::max(x1, position(s.x[i]));
      xs.push_back(s.x[i]);
      y_max = std::max({y_max, s.high[i], s.mean[i]});
    }
  }
  if (!std::isfinite(x0)) x0 = x1 = 0;
  std::sort(xs.begin(), xs.end());
  xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
  double y_top = 1;
  const std::vector<AxisTick> ticks = value_ticks(chart.unit, y_max, &y_top);
  // A little margin at both ends, so that the first and last points are not on the frame.
  const double pad = x1 > x0 ? 0.04 * (x1 - x0) : 1.0;
  const auto x_of = [&](double x) {
    return f.left + (position(x) - (x0 - pad)) / ((x1 + pad) - (x0 - pad)) * (f.right - f.left);
  };
  const auto y_of = [&](double v) { return f.bottom - v / y_top * (f.bottom - f.top); };

  std::string out = open_chart_figure(chart.id, chart.title, chart.note, f);
  out += value_axis(f, ticks, y_top) + line(f.left, f.bottom, f.right, f.bottom, "axis");
  for (double x : xs) {  // a tick at every value the sweep tried
    char label[32];
    std::snprintf(label, sizeof label, "%.3g", x);
    out += line(x_of(x), f.bottom, x_of(x), f.bottom + 4, "axis") +
           text(x_of(x), f.bottom + 17, "middle", label);
  }
  out += text(f.right, f.bottom + 31, "end", chart.x_label) + "\n";
  std::string legend;
  for (size_t k = 0; k < chart.series.size(); ++k) {
    const BandSeries& s = chart.series[k];
    const std::string& colour = palette_colour(k);
    std::string band = "M";
    for (size_t i = 0; i < s.x.size(); ++i)
      band += (i ? " L" : "") + svg_number(x_of(s.x[i])) + " " + svg_number(y_of(s.high[i]));
    for (size_t i = s.x.size(); i-- > 0;)
      band += " L" + svg_number(x_of(s.x[i])) + " " + svg_number(y_of(s.low[i]));
    out += "<path class=\"band data\" fill=\"" + colour + "\" fill-opacity=\"0.18\" d=\"" +
           band + " Z\"/>\n";
    std::string path;
    for (size_t i = 0; i < s.x.size(); ++i)
      path += (i ? "L" : "M") + svg_number(x_of(s.x[i])) + " " + svg_number(y_of(s.mean[i]));
    if (s.x.size() == 1) path += "h0.1";
    out += "<path class=\"series data\" stroke=\"" + colour +
           "\" stroke-linecap=\"round\" d=\"" + path + "\"><title>" + escape_html(s.name) +
           "</title></path>\n";
    for (size_t i = 0; i < s.x.size(); ++i) {
      char tip[160];
      std::snprintf(tip, sizeof tip, "%g: mean %s (%s to %s)", s.x[i],
                    format_value(chart.unit, s.mean[i]).c_str(),
                    format_value(chart.unit, s.low[i]).c_str(),
                    format_value(chart.unit, s.high[i]).c_str());
      out += "<circle class=\"data\" r=\"3.5\" fill=\"" + colour + "\" cx=\"" +
             svg_number(x_of(s.x[i])) + "\" cy=\"" + svg_number(y_of(s.mean[i])) + "\"><title>" +
             escape_html(s.name + " " + tip) + "</title></circle>\n";
    }
    legend += legend_entry(colour, s.name, "");
  }
  return out + "</svg>\n<div class=\"legend\">" + legend + "</div>\n</figure>\n";
}

}  // namespace kds::reports
