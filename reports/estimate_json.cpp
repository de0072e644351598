// estimate.json reuses summary.json's conventions (reports/summary_json.cpp): ordered keys,
// ms rounded to 0.001, USD to 1e-6, ratios to 1e-9, counts as whole numbers (the fluid model's
// counts are expectations, rounded). The comparison itself is reports/estimate_comparison.cpp.
#include "reports/estimate_json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "reports/chart_axis.hpp"
#include "reports/output_files.hpp"
#include "reports/summary_json.hpp"

namespace kds::reports {

namespace {
using Json = nlohmann::ordered_json;

double ms(double value) {
  return round_to(value, 3);
}
int64_t whole(double value) {
  return static_cast<int64_t>(std::llround(finite_or_zero(value)));
}

Json stream_json(const models::Scenario& scenario, const models::FluidStreamEstimate& s) {
  Json j;
  j["mode"] = models::stream_mode_name(scenario.mode, scenario.on_demand_advantage);
  j["mode_final"] = models::stream_mode_name(s.mode_final, scenario.on_demand_advantage);
  j["shards_initial"] = s.shards_initial;
  j["shards_final"] = s.shards_final;
  j["shard_hours"] = round_to(s.shard_hours, 6);
  j["incoming_records"] = whole(s.incoming_records);
  j["incoming_bytes"] = whole(s.incoming_bytes);
  j["put_attempts"] = whole(s.put_attempts);
  j["write_throttled_records"] = whole(s.write_throttled_records);
  j["write_throttle_ratio"] = round_to(s.write_throttle_ratio(), 9);
  j["producer_dropped_records"] = whole(s.producer_dropped_records);
  j["oversize_rejected_records"] = whole(s.oversize_rejected_records);
  j["refused_events"] = Json::array();
  for (const models::RefusedEvent& e : s.refused_events) {
    j["refused_events"].push_back(
        {{"at_s", round_to(e.at_s, 6)}, {"action", e.action}, {"reason", e.reason}});
  }
  return j;
}

Json consumer_json(const models::FluidConsumerEstimate& c) {
  Json j;
  j["name"] = c.name;
  j["type"] = models::consumer_type_name(c.type);
  j["records_processed"] = whole(c.records_processed);
  j["bytes_read"] = whole(c.bytes_read);
  j["lost_records"] = whole(c.lost_records);
  j["iterator_age_ms"] = {{"max", ms(c.max_iterator_age_ms)},
                          {"final", ms(c.final_iterator_age_ms)}};
  j["caught_up"] = c.caught_up;
  j["caught_up_threshold_ms"] = ms(c.caught_up_threshold_ms);
  j["backlog_records_final"] = whole(c.backlog_records_final);
  j["backlog_growth_records_per_s"] = round_to(c.backlog_growth_records_per_s, 3);
  j["catch_up_s"] = c.catch_up_s ? Json(round_to(*c.catch_up_s, 3)) : Json(nullptr);
  if (c.type == models::ConsumerType::kLambda)
    j["lambda"] = {{"max_concurrency", round_to(c.lambda_max_concurrency, 3)}};
  return j;
}


std::string line(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string line(const char* format, ...) {
  char text[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(text, sizeof text, format, args);
  va_end(args);
  return std::string(text) + "\n";
}
// Loud where they differ: the line a reader must not miss.
const char* verdict(Agreement a) {
  return a == Agreement::kDiffers ? "DIFFER" : a == Agreement::kAgrees ? "agree" : "";
}
std::string age(double value_ms) {
  return format_value(AxisUnit::kMilliseconds, value_ms);
}
}  // namespace

std::string estimate_json(const models::Scenario& scenario, const models::FluidEstimate& e,
                          const std::string& version, double wall_ms,
                          const RunComparison* comparison) {
  Json j;
  j["scenario"] = scenario.name;
  j["seed"] = scenario.seed;
  j["duration_s"] = round_to(scenario.duration_s, 6);
  j["version"] = version;
  j["model"] = {{"kind", "fluid"}, {"step_s", round_to(e.step_s, 6)}, {"steps", e.steps}};
  j["stream"] = stream_json(scenario, e.stream);
  j["consumers"] = Json::array();
  for (const auto& c : e.consumers) j["consumers"].push_back(consumer_json(c));
  j["cost"] = cost_json(scenario, e.usage, e.provisioned, e.on_demand, e.on_demand_advantage, e.billed);
  j["bottlenecks"] = Json::array();
  for (const models::FluidBottleneck& b : e.bottlenecks) {
    Json row{{"resource", b.resource}, {"where", b.where}};
    if (!b.consumer.empty()) row["consumer"] = b.consumer;
    row["utilization"] = round_to(b.utilization, 6);
    row["at_s"] = round_to(b.at_s, 6);
    j["bottlenecks"].push_back(row);
  }
  j["notes"] = e.notes;
  if (comparison) {
    j["against"] = {{"run_dir", comparison->run_dir}, {"scenario", comparison->scenario}};
    j["comparison"] = Json::array();
    for (const EstimateComparison& r : comparison->rows) {
      Json row{{"path", r.path}};
      if (r.yes_no) {
        row["estimated"] = r.estimated != 0;
        row["simulated"] = r.simulated != 0;
      } else {
        row["estimated"] = round_to(r.estimated, 9);
        row["simulated"] = round_to(r.simulated, 9);
      }
      row["relative_error"] = round_to(r.relative_error, 6);
      row["absolute_error"] = round_to(r.absolute_error, 9);
      row["agreement"] = agreement_name(r.agreement);
      j["comparison"].push_back(row);
    }
  }
  j["wall_ms"] = round_to(wall_ms, 3);
  return j.dump(2) + "\n";
}

std::string estimate_table(const models::Scenario& scenario, const models::FluidEstimate& e,
                           const RunComparison* comparison, const std::string& output_path,
                           double wall_ms) {
  const models::FluidStreamEstimate& s = e.stream;
  std::string out;
  out += line(
      "%s: %s estimated in %.0f ms (fluid model, %zu steps of %s), %d -> %d open shards "
      "(%s -> %s)",
      scenario.name.c_str(), format_duration_s(scenario.duration_s).c_str(), wall_ms, e.steps,
      format_duration_s(e.step_s).c_str(), s.shards_initial, s.shards_final,
      models::stream_mode_name(scenario.mode, scenario.on_demand_advantage),
      models::stream_mode_name(s.mode_final, scenario.on_demand_advantage));
  for (const auto& r : s.refused_events) {
    out += line("  refused   %s at %s: %s", r.action.c_str(), format_duration_s(r.at_s).c_str(),
                r.reason.c_str());
  }
  out += line(
      "  writes    %lld records stored; %lld of %lld put attempts throttled (%.3f %%); "
      "%lld dropped",
      static_cast<long long>(whole(s.incoming_records)),
      static_cast<long long>(whole(s.write_throttled_records)),
      static_cast<long long>(whole(s.put_attempts)), 100.0 * s.write_throttle_ratio(),
      static_cast<long long>(whole(s.producer_dropped_records)));
  if (!e.consumers.empty()) {
    out += line("  %-18s %-8s %10s %12s %12s %14s %12s", "consumer", "type", "caught up", "age max",
                "age final", "backlog rec/s", "lost");
  }
  for (const auto& c : e.consumers) {
    out += line("  %-18s %-8s %10s %12s %12s %14.1f %12lld", c.name.c_str(),
                models::consumer_type_name(c.type), c.caught_up ? "yes" : "NO",
                age(c.max_iterator_age_ms).c_str(), age(c.final_iterator_age_ms).c_str(),
                c.backlog_growth_records_per_s, static_cast<long long>(whole(c.lost_records)));
  }
  out += line("  cost      provisioned $%.2f/month   on-demand $%.2f/month",
              e.provisioned.monthly_usd, e.on_demand.monthly_usd);
  const size_t shown = std::min<size_t>(3, e.bottlenecks.size());
  for (size_t i = 0; i < shown; ++i) {
    const models::FluidBottleneck& b = e.bottlenecks[i];
    out += line("  %-9s %-20s %6.1f %% at %s%s%s", i == 0 ? "binds" : "", b.resource.c_str(),
                100.0 * b.utilization, b.where.c_str(), b.consumer.empty() ? "" : " for ",
                b.consumer.c_str());
  }
  if (comparison) {
    out += line("  against   %s (relative error)", comparison->run_dir.c_str());
    for (const EstimateComparison& r : comparison->rows) {
      if (r.yes_no) {
        out += line("    %-40s %12s %12s %8s", r.path.c_str(), r.estimated != 0 ? "yes" : "no",
                    r.simulated != 0 ? "yes" : "no", verdict(r.agreement));
      } else {
        out += line("    %-40s %12.6g %12.6g %7.1f%% %s", r.path.c_str(), r.estimated,
                    r.simulated, 100.0 * r.relative_error, verdict(r.agreement));
      }
    }
  }
  out += line("  estimate  %s", output_path.c_str());
  return out;
}

}  // namespace kds::reports
