// Only runs whose status is "ok" enter the charts; an axis is numeric when every value it takes
// in them is a number (cases that do not set it, or set it to null, are left out of its charts).
// Headline figures are the SPEC's results.csv columns; the `collect` columns stay in the table.
#include "reports/sweep_page.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>

#include "reports/chart_axis.hpp"
#include "reports/html_page.hpp"
#include "reports/svg_chart.hpp"

namespace kds::reports {

namespace {

std::optional<double> number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

// The headline figures charted, with their units.
std::vector<std::pair<std::string, AxisUnit>> headline_columns(
    const std::vector<std::string>& header) {
  std::vector<std::pair<std::string, AxisUnit>> out;
  for (const std::string& h : header) {
    if (h == "write_throttle_ratio" || h == "lost_records") out.push_back({h, AxisUnit::kCount});
    if (h.rfind("max_iterator_age_ms:", 0) == 0) out.push_back({h, AxisUnit::kMilliseconds});
    if (h == "provisioned_monthly_usd" || h == "on_demand_monthly_usd")
      out.push_back({h, AxisUnit::kUsd});
  }
  return out;
}

size_t column(const std::vector<std::string>& header, const std::string& name) {
  return static_cast<size_t>(std::find(header.begin(), header.end(), name) - header.begin());
}

std::string charts(const SweepTable& t) {
  const std::vector<std::string>& header = t.rows.front();
  const size_t status = column(header, "status");
  std::vector<const std::vector<std::string>*> ok;
  for (size_t r = 1; r < t.rows.size(); ++r)
    if (status < t.rows[r].size() && t.rows[r][status] == "ok") ok.push_back(&t.rows[r]);
  std::string out;
  size_t chart_index = 0;
  for (const std::string& axis : t.axes) {
    const size_t a = column(header, axis);
    std::set<double> values;
    bool numeric = true;
    for (const auto* row : ok) {
      const std::string& cell = (*row)[a];
      if (cell.empty() || cell == "null") continue;
      if (const auto v = number(cell)) values.insert(*v);
      else numeric = false;
    }
    if (!numeric || values.size() < 2) continue;
    out += "<h2>Against " + escape_html(axis) + "</h2>\n";
    for (const auto& [metric, unit] : headline_columns(header)) {
      const size_t m = column(header, metric);
      // Series: the other axes' values; points: this axis' value -> the seeds' figures.
      std::map<std::string, std::map<double, std::vector<double>>> series;
      for (const auto* row : ok) {
        const auto x = number((*row)[a]);
        const auto y = number((*row)[m]);
        if (!x || !y) continue;
        std::string others;
        for (const std::string& other : t.axes) {
          if (other == axis) continue;
          const std::string& v = (*row)[column(header, other)];
          others += (others.empty() ? "" : ", ") + other + " = " + (v.empty() ? "(base)" : v);
        }
        series[others.empty() ? metric : others][*x].push_back(*y);
      }
      BandChart chart{"sweep-chart-" + std::to_string(chart_index++),
                      metric + " against " + axis,
                      "each line: the mean over the seeds; the band: their minimum to maximum",
                      axis,
                      unit,
                      {}};
      for (const auto& [name, points] : series) {
        BandSeries s{name, {}, {}, {}, {}};
        for (const auto& [x, ys] : points) {
          s.x.push_back(x);
          double sum = 0;
          for (double y : ys) sum += y;
          s.mean.push_back(sum / static_cast<double>(ys.size()));
          s.low.push_back(*std::min_element(ys.begin(), ys.end()));
          s.high.push_back(*std::max_element(ys.begin(), ys.end()));
        }
        chart.series.push_back(std::move(s));
      }
      if (!chart.series.empty()) out += band_chart(chart);
    }
  }
  return out;
}

// Sorts the table by the clicked column: numerically when both cells are numbers, else as text;
// a second click reverses.
constexpr const char* kSortScript = R"(
document.querySelectorAll('table.sortable').forEach(function (table) {
  table.querySelectorAll('th').forEach(function (th, column) {
    th.style.cursor = 'pointer';
    th.addEventListener('click', function () {
      var rows = Array.prototype.slice.call(table.querySelectorAll('tr')).slice(1);
      var descending = th.getAttribute('data-order') === 'ascending';
      th.setAttribute('data-order', descending ? 'descending' : 'ascending');
      rows.sort(function (a, b) {
        var x = a.children[column].textContent, y = b.children[column].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny) && String(nx) !== 'NaN') ? nx - ny : x.localeCompare(y);
        return descending ? -c : c;
      });
      rows.forEach(function (row) { table.appendChild(row); });
    });
  });
});
)";
}  // namespace

std::string sweep_page(const SweepTable& t) {
  std::string body = "<header><h1>" + escape_html(t.name) + "</h1><p class=\"description\">" +
                     std::to_string(t.rows.empty() ? 0 : t.rows.size() - 1) +
                     " runs of kds-sim sweep. Click a column's header to sort by it.</p></header>\n";
  if (!t.rows.empty()) {
    body += "<section id=\"charts\">" + charts(t) + "</section>\n";
    const std::vector<std::vector<std::string>> rows(t.rows.begin() + 1, t.rows.end());
    std::string table = html_table(t.rows.front(), rows);
    table.replace(0, std::string("<table>").size(), "<table class=\"sortable\">");
    body += "<section id=\"runs\"><h2>Runs</h2>\n" + table + "</section>\n";
  }
  body += "<script>" + std::string(kSortScript) + "</script>\n";
  return html_page(t.name + " \u2013 kds-sim sweep", body);
}

}  // namespace kds::reports
