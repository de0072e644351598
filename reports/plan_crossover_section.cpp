#include "reports/plan_crossover_section.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "reports/chart_axis.hpp"
#include "reports/html_page.hpp"
#include "reports/plan_json_view.hpp"
#include "reports/svg_chart.hpp"

namespace kds::reports {

using namespace plan_view;

std::string crossover_section(const Json& plan) {
  const Json& crossover = member(plan, "crossover");
  const std::vector<std::string> modes = texts_at(crossover, "modes");
  std::vector<const Json*> levels;
  if (const Json& l = member(crossover, "levels"); l.is_array()) {
    for (const Json& level : l) {
      if (level.is_object()) levels.push_back(&level);
    }
  }
  std::string out = "<section id=\"crossover\"><h2>Mode crossover</h2>\n";
  if (modes.empty() || levels.empty())
    return out + "<p>The plan has no mode crossover.</p>\n</section>\n";

  // Sentences: where the cheapest mode changes, or that it never does.
  std::vector<std::string> sentences;
  if (const Json& changes = member(crossover, "changes"); changes.is_array()) {
    for (const Json& c : changes) {
      const double at_mib = number_at(c, "at_ingest_mib_per_s");
      sentences.push_back("Above about " + mib_per_s(at_mib) + " (" +
                          multiple(number_at(c, "at_rate_multiple")) + " of this workload), " +
                          text_at(c, "to") + " becomes cheaper than " + text_at(c, "from") + ".");
    }
  }
  const auto cheapest = [&](const Json& level) -> std::string {
    std::string best;
    double best_usd = std::numeric_limits<double>::infinity();
    for (const std::string& mode : modes) {
      const double cost = number_at(member(level, "monthly_usd"), mode.c_str());
      if (std::isfinite(cost) && cost < best_usd) best = mode, best_usd = cost;
    }
    return best;
  };
  const std::string range = "from " + multiple(number_at(*levels.front(), "rate_multiple")) +
                            " to " + multiple(number_at(*levels.back(), "rate_multiple"));
  if (sentences.empty()) {
    std::vector<std::string> winners;
    for (const Json* level : levels) {
      const std::string best = cheapest(*level);
      if (!best.empty() && std::find(winners.begin(), winners.end(), best) == winners.end())
        winners.push_back(best);
    }
    if (winners.size() == 1)
      sentences.push_back("One mode is cheapest at every level " + range +
                          " of this workload: " + winners.front() + ".");
    else if (winners.empty())
      sentences.push_back("No mode meets the SLOs at any level " + range + " of this workload.");
  }
  for (const std::string& s : sentences) out += "<p>" + escape_html(s) + "</p>\n";

  BandChart chart{"plan-crossover",
                  "Cheapest monthly cost of each mode against the ingest rate",
                  "the workload's rates scaled " + range +
                      ", each mode's cheapest configuration that meets the SLOs (by the fluid "
                      "model); a missing point: none does",
                  "ingest MiB/s at the peak (log scale)",
                  AxisUnit::kUsd,
                  {}};
  bool has_shards = false;
  for (const std::string& mode : modes) {
    BandSeries s{mode, {}, {}, {}, {}};
    for (const Json* level : levels) {
      const double x = three_digits(number_at(*level, "ingest_mib_per_s"));
      const double cost = number_at(member(*level, "monthly_usd"), mode.c_str());
      if (!std::isfinite(x) || !std::isfinite(cost) || x <= 0) continue;
      s.x.push_back(x);
      s.mean.push_back(cost);
      s.low.push_back(cost);
      s.high.push_back(cost);
    }
    if (!s.x.empty()) chart.series.push_back(std::move(s));
  }
  chart.log_x = true;
  if (!chart.series.empty()) out += band_chart(chart);

  std::vector<std::string> header{"traffic", "ingest"};
  for (const Json* level : levels)
    has_shards = has_shards || member(*level, "provisioned_shards").is_number();
  if (has_shards) header.push_back("shards (PROVISIONED)");
  for (const std::string& mode : modes) header.push_back(mode);
  header.push_back("cheapest");
  std::vector<std::vector<std::string>> rows;
  for (const Json* level : levels) {
    const double m = number_at(*level, "rate_multiple");
    std::vector<std::string> row{multiple(m) + (std::fabs(m - 1) < 1e-9 ? " (this workload)" : ""),
                                 mib_per_s(number_at(*level, "ingest_mib_per_s"))};
    if (has_shards) {
      const double shards = number_at(*level, "provisioned_shards");
      row.push_back(shards > 0 ? whole(shards) : "\u2013");
    }
    for (const std::string& mode : modes)
      row.push_back(usd(number_at(member(*level, "monthly_usd"), mode.c_str())));
    const std::string best = cheapest(*level);
    row.push_back(best.empty() ? "none meets the SLOs" : best);
    rows.push_back(std::move(row));
  }
  out += "<div class=\"scroll\">" + html_table(header, rows) + "</div>\n";
  out +=
      "<p class=\"note\">Per month, the cheapest configuration of each mode; \u2013: none meets "
      "the "
      "SLOs at that level.</p>\n";
  return out + "</section>\n";
}

}  // namespace kds::reports
