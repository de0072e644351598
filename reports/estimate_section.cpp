// Figures are shown in the units a reader compares them in: the throttle ratio in percent and its
// difference in percentage points (its tolerance is absolute), ages as durations, counts whole,
// costs to the cent. The bottleneck table is the estimate's ranking, the first few rows only.
#include "reports/estimate_section.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "reports/chart_axis.hpp"
#include "reports/html_page.hpp"

namespace kds::reports {

namespace {
constexpr size_t kBottlenecksShown = 5;

std::string printed(const char* format, double value) {
  char text[64];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

// A figure as the row's kind shows it.
std::string figure(const EstimateComparison& r, double value) {
  if (r.yes_no) return value != 0 ? "yes" : "no";
  if (r.path == "/stream/write_throttle_ratio") return printed("%.3f %%", 100.0 * value);
  if (r.path.rfind("/cost/", 0) == 0) return printed("$%.2f", value);
  if (r.path.find("/iterator_age_ms/") != std::string::npos)
    return format_value(AxisUnit::kMilliseconds, value);
  return printed("%.0f", value);
}

std::string difference(const EstimateComparison& r) {
  if (r.yes_no) return r.absolute_error == 0 ? "same" : "opposite";
  if (r.path == "/stream/write_throttle_ratio")
    return printed("%.2f pp", 100.0 * (r.estimated - r.simulated));
  if (r.simulated == 0) return r.estimated == 0 ? "0" : "from 0";
  return printed("%+.1f %%", 100.0 * (r.estimated - r.simulated) / r.simulated);
}

std::string verdict_badge(const RunComparison& comparison) {
  size_t judged = 0;
  for (const EstimateComparison& r : comparison.rows)
    judged += r.agreement == Agreement::kNotJudged ? 0 : 1;
  const size_t differing = comparison.differing();
  if (differing == 0) {
    return "<p><span class=\"verdict met\">the estimate agrees</span> on all " +
           std::to_string(judged) + " figures judged</p>\n";
  }
  return "<p><span class=\"verdict violated\">the estimate differs</span> on " +
         std::to_string(differing) + " of " + std::to_string(judged) +
         " figures judged: one of the two models misses something here (see the notes below "
         "and the README's modelling choices)</p>\n";
}

std::string bottleneck_table(const models::FluidEstimate& e) {
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < std::min(kBottlenecksShown, e.bottlenecks.size()); ++i) {
    const models::FluidBottleneck& b = e.bottlenecks[i];
    rows.push_back({b.resource, b.consumer.empty() ? b.where : b.where + " for " + b.consumer,
                    printed("%.1f %%", 100.0 * b.utilization), format_duration_s(b.at_s)});
  }
  if (rows.empty()) return "";
  return html_table({"resource (estimated peak)", "where", "utilization", "at"}, rows);
}
}  // namespace

std::string estimate_section(const EstimateBeside& beside) {
  const RunComparison& c = beside.comparison;
  std::string out = "<section id=\"estimate\"><h2>Estimate beside the simulation</h2>\n";
  out +=
      "<p class=\"description\">The fluid model (<code>kds-sim estimate</code>) computes the same "
      "scenario from rates, in milliseconds, without drawing records: a second, independent "
      "opinion. Tolerances: write throttle ratio \u00b12 pp, records stored \u00b12 %, IteratorAge "
      "\u00b115 % where a consumer falls behind (not judged where it keeps up), lost records "
      "\u00b115 %, cost \u00b11 %.</p>\n";
  out += verdict_badge(c);
  std::vector<std::vector<std::string>> rows;
  for (const EstimateComparison& r : c.rows) {
    rows.push_back({r.label, figure(r, r.simulated), figure(r, r.estimated), difference(r),
                    agreement_name(r.agreement)});
  }
  out += html_table({"figure", "simulated", "estimated", "difference", "verdict"}, rows);
  out += bottleneck_table(beside.estimate);
  if (!beside.estimate.notes.empty()) {
    out += "<p class=\"note\">What the fluid model cannot follow in this scenario:</p>\n<ul>";
    for (const std::string& note : beside.estimate.notes) out += "<li>" + escape_html(note) + "</li>";
    out += "</ul>\n";
  }
  return out + "</section>\n";
}

}  // namespace kds::reports
