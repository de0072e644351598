// Both modes are always shown (SPEC §3 `cost`). The projection scales each component linearly to a
// 730-hour month, exactly as monthly_usd in summary.json does, so the chart, the table and the
// JSON agree; it assumes the simulated window is representative of the month.
#include "reports/cost_section.hpp"

#include <cstdio>
#include <vector>

#include "models/units.hpp"
#include "reports/html_page.hpp"
#include "reports/svg_chart.hpp"

namespace kds::reports {

namespace {
std::vector<BarSegment> provisioned_parts(const models::ProvisionedCost& p) {
  return {{"shard hours", p.shard_hours_usd},
          {"PUT payload units", p.put_payload_units_usd},
          {"extended retention", p.extended_retention_usd},
          {"EFO consumer-shard hours", p.efo_consumer_shard_hours_usd},
          {"EFO data retrieval", p.efo_data_usd}};
}

std::vector<BarSegment> on_demand_parts(const models::OnDemandCost& o) {
  return {{"stream hours", o.stream_hours_usd},
          {"data in", o.data_in_usd},
          {"data out", o.data_out_usd},
          {"EFO data retrieval", o.efo_data_usd},
          {"retention", o.retention_usd}};
}

std::vector<BarSegment> advantage_parts(const models::OnDemandAdvantageCost& o) {
  return {{"data in", o.data_in_usd},
          {"data out", o.data_out_usd},
          {"EFO data retrieval", o.efo_data_usd},
          {"retention", o.retention_usd},
          {"commitment shortfall", o.commitment_shortfall_usd}};
}

std::string cost_table(const std::string& mode, const std::vector<BarSegment>& parts,
                       double total_usd, double month_factor) {
  std::vector<std::vector<std::string>> rows;
  for (const BarSegment& part : parts) {
    rows.push_back({part.name, format_value(AxisUnit::kUsd, part.value),
                    format_value(AxisUnit::kUsd, part.value * month_factor)});
  }
  rows.push_back({"total", format_value(AxisUnit::kUsd, total_usd),
                  format_value(AxisUnit::kUsd, total_usd * month_factor)});
  return html_table({mode, "for the run", "per month (730 h)"}, rows);
}
}  // namespace

// The whole pipeline (SPEC §4 cost.pipeline): only when something besides the stream is billed.
static std::string pipeline_table(const models::Scenario& scenario, const models::PipelineCost& cost) {
  if (cost.items.size() <= 1) return "";
  std::vector<std::vector<std::string>> rows;
  for (const models::PipelineItem& item : cost.items) {
    char quantity[64];
    std::snprintf(quantity, sizeof quantity, "%.6g %s", item.quantity, item.unit.c_str());
    rows.push_back({item.component, item.what, quantity,
                    format_value(AxisUnit::kUsd, item.usd)});
  }
  rows.push_back({"total", "", "", format_value(AxisUnit::kUsd, cost.total_usd)});
  rows.push_back({"per month", "", "", format_value(AxisUnit::kUsd, cost.monthly_usd)});
  return "<h2>Whole pipeline</h2>\n" +
         html_table({"component", "item", "quantity", "cost"}, rows) +
         "<p>Prices of the services around the stream: " +
         escape_html(scenario.prices.pipeline_prices_date) +
         ", from the price file (free tiers not deducted).</p>\n";
}

std::string cost_section(const models::Scenario& scenario, const models::RunAssessment& a) {
  const double hours = a.usage.horizon_hours;
  const double month_factor = hours > 0 ? models::kHoursPerMonth / hours : 0.0;
  std::vector<BarSegment> provisioned = provisioned_parts(a.provisioned);
  std::vector<BarSegment> on_demand = on_demand_parts(a.on_demand);
  std::vector<BarSegment> advantage = advantage_parts(a.on_demand_advantage);
  BarChart chart{"cost",
                 "Monthly projection: provisioned, on-demand and on-demand Advantage",
                 "the simulated " + format_duration_s(hours * models::kSecondsPerHour) +
                     " of traffic scaled to 730 hours; prices " + scenario.prices.region + ", " +
                     scenario.prices.prices_date,
                 AxisUnit::kUsd,
                 {}};
  for (auto* parts : {&provisioned, &on_demand, &advantage}) {
    Bar bar{parts == &provisioned ? "provisioned"
            : parts == &on_demand ? "on-demand"
                                  : "on-demand Advantage",
            *parts};
    for (BarSegment& s : bar.segments) s.value *= month_factor;
    chart.bars.push_back(std::move(bar));
  }
  std::string out = "<section id=\"cost\"><h2>Cost</h2>\n";
  const double p = a.provisioned.total_usd, o = a.on_demand.total_usd;
  if (p > 0 && o > 0) {
    char sentence[160];
    std::snprintf(sentence, sizeof sentence,
                  "%s is cheaper for this traffic: %.2f\u00d7 less than %s.",
                  p <= o ? "Provisioned" : "On-demand", p <= o ? o / p : p / o,
                  p <= o ? "on-demand" : "provisioned");
    out += "<p>" + escape_html(sentence) + "</p>\n";
  }
  out += bar_chart(chart);
  out += cost_table("provisioned", provisioned, a.provisioned.total_usd, month_factor);
  out += cost_table("on-demand", on_demand, a.on_demand.total_usd, month_factor);
  out += cost_table("on-demand Advantage", advantage, a.on_demand_advantage.total_usd, month_factor);
  out += "<p>On-demand Advantage prices (" + escape_html(scenario.prices.advantage_prices_date) +
         ") are third-party figures, not verified; its minimum throughput commitment is "
         "account-wide, billed here as if this stream were the account's only one.</p>\n";
  out += pipeline_table(scenario, a.pipeline);
  return out + "</section>\n";
}

}  // namespace kds::reports
