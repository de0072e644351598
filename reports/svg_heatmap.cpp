// Size is the design constraint: a cell per <rect> would cost ~50 bytes, 14 MB for 200 x 1,440.
// Instead the grid is drawn in its own coordinate system (one unit per cell, scaled by a transform)
// as one <path> per colour level, each horizontal run of equal-level cells one "M c r h n v 1 h -n
// z" sub-path of ~15 bytes; zero cells are the background and cost nothing. The worst case (every
// cell non-zero and different from its neighbour) at 200 x 400 cells is about 1.2 MB.
// The square-root scale keeps moderate throttling visible while the hottest shard stays darkest.
#include "reports/svg_heatmap.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "reports/html_page.hpp"
#include "reports/svg_chart.hpp"

namespace kds::reports {

namespace {
constexpr int kLevels = 8;
const char* const kZeroColour = "#eef1f5";
// ColorBrewer OrRd, light to dark.
constexpr std::array<const char*, kLevels> kLevelColours{
    "#fee8c8", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#b30000", "#7f0000"};

int level_of(float value, double max_value) {
  if (!(value > 0) || !(max_value > 0)) return 0;
  const int level = 1 + static_cast<int>(std::sqrt(value / max_value) * kLevels);
  return std::min(level, kLevels);
}

// Upper bound of a level on the square-root scale.
double level_top(int level, double max_value) {
  const double fraction = static_cast<double>(level) / kLevels;
  return fraction * fraction * max_value;
}

std::string label(double x, double y, const char* anchor, const std::string& content) {
  return "<text x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\" text-anchor=\"" + anchor +
         "\">" + escape_html(content) + "</text>";
}
}  // namespace

PooledGrid max_pool(const std::vector<const std::vector<float>*>& rows, size_t columns,
                    size_t max_rows, size_t max_columns) {
  PooledGrid pooled;
  pooled.rows_per_band = std::max<size_t>(1, (rows.size() + max_rows - 1) / max_rows);
  pooled.columns_per_cell = std::max<size_t>(1, (columns + max_columns - 1) / max_columns);
  HeatmapGrid& g = pooled.grid;
  g.rows = (rows.size() + pooled.rows_per_band - 1) / pooled.rows_per_band;
  g.columns = (columns + pooled.columns_per_cell - 1) / pooled.columns_per_cell;
  g.cells.assign(g.rows * g.columns, 0.0f);
  for (size_t r = 0; r < rows.size(); ++r) {
    float* band = &g.cells[(r / pooled.rows_per_band) * g.columns];
    const std::vector<float>& row = *rows[r];
    for (size_t c = 0; c < std::min(columns, row.size()); ++c) {
      float& cell = band[c / pooled.columns_per_cell];
      if (row[c] > cell) cell = row[c];
    }
  }
  return pooled;
}

std::string heatmap(const Heatmap& map) {
  const HeatmapGrid& g = map.grid;
  PlotFrame f;
  f.left = 120;
  const double row_height =
      g.rows > 0 ? std::clamp(560.0 / static_cast<double>(g.rows), 3.0, 22.0) : 22.0;
  f.bottom = f.top + row_height * static_cast<double>(std::max<size_t>(g.rows, 1));
  f.height = f.bottom + 70;
  const double cell_width =
      (f.right - f.left) / static_cast<double>(std::max<size_t>(g.columns, 1));
  double max_value = 0;
  for (float v : g.cells) max_value = std::max(max_value, static_cast<double>(v));

  std::string out = open_chart_figure(map.id, map.title, map.note, f);
  out += "<g transform=\"translate(" + svg_number(f.left) + " " + svg_number(f.top) + ") scale(" +
         std::to_string(cell_width) + " " + svg_number(row_height) +
         ")\" shape-rendering=\"crispEdges\">\n";
  if (g.rows > 0 && g.columns > 0) {
    out += "<rect class=\"data\" width=\"" + std::to_string(g.columns) + "\" height=\"" +
           std::to_string(g.rows) + "\" fill=\"" + kZeroColour + "\"><title>0</title></rect>\n";
  }
  std::array<std::string, kLevels + 1> paths;
  for (size_t r = 0; r < g.rows; ++r) {
    size_t c = 0;
    while (c < g.columns) {
      const int level = level_of(g.cells[r * g.columns + c], max_value);
      size_t end = c + 1;
      while (end < g.columns && level_of(g.cells[r * g.columns + end], max_value) == level) ++end;
      if (level > 0) {
        const std::string run = std::to_string(end - c);
        paths[level] +=
            "M" + std::to_string(c) + " " + std::to_string(r) + "h" + run + "v1h-" + run + "z";
      }
      c = end;
    }
  }
  for (int level = 1; level <= kLevels; ++level) {
    if (paths[level].empty()) continue;
    out += "<path class=\"data\" fill=\"" + std::string(kLevelColours[level - 1]) + "\" d=\"" +
           paths[level] + "\"><title>up to " +
           escape_html(format_value(map.unit, level_top(level, max_value))) + "</title></path>\n";
  }
  out += "</g>\n";

  const size_t label_every = std::max<size_t>(1, (g.rows + 19) / 20);
  for (size_t r = 0; r < g.rows && r < map.row_labels.size(); r += label_every) {
    out += label(f.left - 6, f.top + (static_cast<double>(r) + 0.5) * row_height + 4, "end",
                 map.row_labels[r]);
  }
  const double t1 = map.t0_s + static_cast<double>(g.columns) * map.column_s;
  out += "<line class=\"axis\" x1=\"" + svg_number(f.left) + "\" y1=\"" + svg_number(f.bottom) +
         "\" x2=\"" + svg_number(f.right) + "\" y2=\"" + svg_number(f.bottom) + "\"/>";
  for (const AxisTick& tick : time_ticks(map.t0_s, t1)) {
    const double x = t1 > map.t0_s
                         ? f.left + (tick.value - map.t0_s) / (t1 - map.t0_s) * (f.right - f.left)
                         : f.left;
    out += label(x, f.bottom + 17, "middle", tick.label);
  }
  out += label(f.right, f.bottom + 31, "end", "simulated time") + "\n";

  // Legend: zero, then each level with its upper bound.
  const double legend_y = f.bottom + 42, swatch = 56;
  double x = f.left;
  out += "<rect x=\"" + svg_number(x) + "\" y=\"" + svg_number(legend_y) + "\" width=\"" +
         svg_number(swatch) + "\" height=\"10\" fill=\"" + kZeroColour + "\"/>" +
         label(x + swatch / 2, legend_y + 24, "middle", "0");
  for (int level = 1; level <= kLevels && max_value > 0; ++level) {
    x += swatch;
    out += "<rect x=\"" + svg_number(x) + "\" y=\"" + svg_number(legend_y) + "\" width=\"" +
           svg_number(swatch) + "\" height=\"10\" fill=\"" + kLevelColours[level - 1] + "\"/>" +
           label(x + swatch / 2, legend_y + 24, "middle",
                 "\u2264 " + format_value(map.unit, level_top(level, max_value)));
  }
  return out + "</svg>\n</figure>\n";
}

}  // namespace kds::reports
