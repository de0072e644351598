// A rows x time heatmap in SVG (the report's shard x time write throttling), and the pooling that
// keeps it small: at 1,000 shards and 1,440 periods the grid is reduced to at most a few hundred
// rows and columns, each cell the maximum of the values it covers, so one hot shard still shows.
#ifndef KDS_REPORTS_SVG_HEATMAP_HPP_
#define KDS_REPORTS_SVG_HEATMAP_HPP_

#include <string>
#include <vector>

#include "reports/chart_axis.hpp"

namespace kds::reports {

// Non-negative values, row-major: cells[row * columns + column].
struct HeatmapGrid {
  size_t rows = 0;
  size_t columns = 0;
  std::vector<float> cells;
};

struct PooledGrid {
  HeatmapGrid grid;
  size_t rows_per_band = 1;     // input rows per grid row (the last band may hold fewer)
  size_t columns_per_cell = 1;  // input columns per grid column (the last may hold fewer)
};

// Max-pools `rows` (each `columns` long; shorter rows read as 0) into at most max_rows x
// max_columns. REQUIRES: max_rows > 0 and max_columns > 0.
PooledGrid max_pool(const std::vector<const std::vector<float>*>& rows, size_t columns,
                    size_t max_rows, size_t max_columns);

struct Heatmap {
  std::string id;
  std::string title;
  std::string note;
  std::vector<std::string> row_labels;  // one per grid row, top to bottom
  HeatmapGrid grid;
  double t0_s = 0;       // start of the first column
  double column_s = 60;  // simulated time one column covers
  AxisUnit unit = AxisUnit::kCount;
};

// A <figure class="chart-box"> with the SVG: 8 colour levels on a square-root scale of the largest
// value (zero has its own pale colour), labelled rows, a time axis and the colour legend.
std::string heatmap(const Heatmap& map);

}  // namespace kds::reports

#endif  // KDS_REPORTS_SVG_HEATMAP_HPP_
