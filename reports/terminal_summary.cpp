// Short by design: one line for the writes, one per consumer, the two costs, the SLO verdict and
// where the files are. Counts are exact (people compare them with summary.json); ages carry their
// unit ("28ms", "1m30s") so a column never needs a unit header to be read right.
#include "reports/terminal_summary.hpp"

#include <cstdarg>
#include <cstdio>

#include "models/slo.hpp"
#include "reports/chart_axis.hpp"

namespace kds::reports {

namespace {
std::string line(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string line(const char* format, ...) {
  char text[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(text, sizeof text, format, args);
  va_end(args);
  return std::string(text) + "\n";
}

std::string age(double ms) {
  return format_value(AxisUnit::kMilliseconds, ms);
}
}  // namespace

std::string terminal_summary(const models::Scenario& scenario, const models::RunAssessment& a,
                             const std::string& output_dir,
                             const ExpectationResults* expectations) {
  const models::RunResult& run = a.run;
  const models::StreamResult& s = run.stream;
  std::string out;
  if (s.shards_initial == s.shards_final && s.mode_final == scenario.mode) {
    out += line("%s: %s simulated, %d shards (%s)", scenario.name.c_str(),
                format_duration_s(run.duration_s).c_str(), s.shards_final,
                models::stream_mode_name(scenario.mode, scenario.on_demand_advantage));
  } else {
    out += line("%s: %s simulated, %d -> %d open shards (%s -> %s)", scenario.name.c_str(),
                format_duration_s(run.duration_s).c_str(), s.shards_initial, s.shards_final,
                models::stream_mode_name(scenario.mode, scenario.on_demand_advantage), models::stream_mode_name(s.mode_final, scenario.on_demand_advantage));
  }
  for (const auto& e : s.refused_events) {
    out += line("  refused   %s at %s: %s", e.action.c_str(), format_duration_s(e.at_s).c_str(),
                e.reason.c_str());
  }
  int applied = 0, refused = 0;
  for (const auto& action : s.scaling_actions) {
    if (action.by == "events") continue;
    const bool was_refused = action.outcome == models::ScalingAction::Outcome::kRefused;
    refused += was_refused ? 1 : 0;
    applied += action.outcome == models::ScalingAction::Outcome::kApplied;
  }
  if (scenario.autoscaler) {
    out += line("  autoscaler %s: %d resizes applied, %d refused",
                models::autoscaler_policy_name(scenario.autoscaler->policy), applied, refused);
  }
  for (const auto& alarm : run.alarms) {
    const auto first = alarm.first_alarm_s();
    out += line("  alarm     %-28s %s", alarm.name.c_str(),
                first ? ("first ALARM at " + format_duration_s(*first) + ", in ALARM " +
                         format_duration_s(alarm.seconds_in_alarm(run.duration_s)))
                            .c_str()
                      : "never in ALARM");
  }
  out += line(
      "  writes    %lld records stored; %lld of %lld put attempts throttled (%.3f %%); %lld "
      "dropped",
      static_cast<long long>(s.incoming_records), static_cast<long long>(s.write_throttled_records),
      static_cast<long long>(s.put_attempts), 100.0 * models::write_throttle_ratio(s),
      static_cast<long long>(s.producer_dropped_records));
  if (!run.consumers.empty()) {
    out += line("  %-18s %-8s %12s %12s %10s %12s %10s %14s %10s", "consumer", "type", "records",
                "age max", "age p99", "delay max", "delay p99", "read throttled", "lost");
  }
  for (const auto& c : run.consumers) {
    out += line("  %-18s %-8s %12lld %12s %10s %12s %10s %14lld %10lld", c.name.c_str(),
                models::consumer_type_name(c.type, c.firehose.has_value()), static_cast<long long>(c.records_processed),
                age(c.iterator_age_ms.max()).c_str(), age(c.iterator_age_ms.quantile(0.99)).c_str(),
                age(c.propagation_delay_ms.max()).c_str(),
                age(c.propagation_delay_ms.quantile(0.99)).c_str(),
                static_cast<long long>(c.read_throttled_calls),
                static_cast<long long>(c.lost_records));
  }
  out += line("  cost      provisioned $%.2f ($%.2f/month)   on-demand $%.2f ($%.2f/month)",
              a.provisioned.total_usd, a.provisioned.monthly_usd, a.on_demand.total_usd,
              a.on_demand.monthly_usd);
  if (a.billed.provisioned_hours > 0 && a.billed.on_demand_hours > 0) {
    out += line("  billed    $%.2f ($%.2f/month) for %s provisioned + %s on demand",
                a.billed.total_usd, a.billed.monthly_usd,
                format_duration_s(a.billed.provisioned_hours * 3600).c_str(),
                format_duration_s(a.billed.on_demand_hours * 3600).c_str());
  }
  if (a.slo.met) {
    out += line("  SLO       met");
  } else {
    for (const auto& v : a.slo.violations) {
      out += line("  SLO       VIOLATED %s%s%s: %.6g > %.6g", v.what.c_str(),
                  v.consumer.empty() ? "" : " for ", v.consumer.c_str(), v.value, v.limit);
    }
  }
  if (expectations) out += expectations_lines(*expectations);
  out += line("  report    %s/report.html (data: summary.json, metrics.csv)", output_dir.c_str());
  return out;
}

}  // namespace kds::reports
