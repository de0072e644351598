#include "reports/terminal_summary.hpp"

#include <cstdarg>
#include <cstdio>

#include "models/slo.hpp"

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
}  // namespace

std::string terminal_summary(const models::Scenario& scenario, const models::RunAssessment& a,
                             const std::string& output_dir) {
  const models::RunResult& run = a.run;
  const models::StreamResult& s = run.stream;
  std::string out;
  out += line("%s: %.0f s simulated, %d shards (%s)", scenario.name.c_str(), run.duration_s, s.shards_final,
              scenario.mode == models::StreamMode::kOnDemand ? "ON_DEMAND" : "PROVISIONED");
  out += line("  writes    %lld records stored, %lld of %lld put attempts throttled (%.3f %%), %lld dropped",
              static_cast<long long>(s.incoming_records), static_cast<long long>(s.write_throttled_records),
              static_cast<long long>(s.put_attempts), 100.0 * models::write_throttle_ratio(s),
              static_cast<long long>(s.producer_dropped_records));
  out += line("  %-16s %12s %12s %12s %10s %10s", "consumer", "records", "age max s", "age p99 s", "throttled", "lost");
  for (const auto& c : run.consumers) {
    out += line("  %-16s %12lld %12.3f %12.3f %10lld %10lld", c.name.c_str(),
                static_cast<long long>(c.records_processed), c.iterator_age_ms.max() / 1000.0,
                c.iterator_age_ms.quantile(0.99) / 1000.0, static_cast<long long>(c.read_throttled_calls),
                static_cast<long long>(c.lost_records));
  }
  out += line("  cost      provisioned $%.2f (monthly $%.2f)   on-demand $%.2f (monthly $%.2f)",
              a.provisioned.total_usd, a.provisioned.monthly_usd, a.on_demand.total_usd, a.on_demand.monthly_usd);
  if (a.slo.met) {
    out += line("  SLO       met");
  } else {
    for (const auto& v : a.slo.violations) {
      out += line("  SLO       VIOLATED %s%s%s: %.6g > %.6g", v.what.c_str(), v.consumer.empty() ? "" : " for ",
                  v.consumer.c_str(), v.value, v.limit);
    }
  }
  out += line("  outputs   %s/summary.json, %s/metrics.csv", output_dir.c_str(), output_dir.c_str());
  return out;
}

}  // namespace kds::reports
