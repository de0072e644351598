// The report is built from the RunAssessment, the same data as summary.json and metrics.csv, so the
// three never disagree. Per-period sums become rates (per second) where they are compared with a
// capacity, which AWS states per second; throttling stays a count per period, as CloudWatch shows
// WriteProvisionedThroughputExceeded. The write capacity of a period is its open shard count times
// the per-shard limits (fact sheet §1, T1), drawn as a dashed series because resharding changes it.
// The heatmap is the one per-shard view: at 1,000 shards it pools shards into bands (maximum), so
// the page stays a few MB at most. Sections without data (Lambda concurrency, the hottest shards)
// are left out rather than drawn empty.
#include "reports/html_report.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "models/limits.hpp"
#include "models/slo.hpp"
#include "reports/alarm_section.hpp"
#include "reports/cost_section.hpp"
#include "reports/html_page.hpp"
#include "reports/svg_chart.hpp"
#include "reports/svg_heatmap.hpp"

namespace kds::reports {

namespace {
constexpr size_t kMaxHeatmapRows = 200;
constexpr size_t kMaxHeatmapColumns = 400;
constexpr size_t kHottestShardsShown = 10;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string ratio_percent(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f %%", 100.0 * ratio);
  return text;
}

std::string plural(size_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string count(int64_t n) {
  return format_value(AxisUnit::kCount, static_cast<double>(n));
}

// Period start times, the x of every series.
std::vector<double> period_times(const models::RunResult& run) {
  std::vector<double> t(run.periods);
  for (size_t p = 0; p < run.periods; ++p) t[p] = static_cast<double>(p) * run.interval_s;
  return t;
}

ChartSeries series(const std::string& name, const std::vector<double>& times,
                   std::vector<double> values) {
  values.resize(times.size(), kNaN);
  return {name, times, std::move(values), "", false};
}

// Per-period sums as per-second rates; the last period may be shorter than the interval.
std::vector<double> per_second(const models::RunResult& run, std::vector<double> sums) {
  for (size_t p = 0; p < sums.size(); ++p) {
    const double from_s = static_cast<double>(p) * run.interval_s;
    const double length_s = std::min(run.interval_s, run.duration_s - from_s);
    sums[p] = length_s > 0 ? sums[p] / length_s : 0.0;
  }
  return sums;
}

std::string glance_item(const std::string& label, const std::string& value) {
  return "<div><b>" + escape_html(label) + "</b>" + escape_html(value) + "</div>";
}

std::string header_section(const models::Scenario& scenario, const models::RunResult& run) {
  int instances = 0;
  for (const auto& p : scenario.producers) instances += p.instances;
  std::string consumers;
  for (const auto& c : scenario.consumers) {
    consumers +=
        (consumers.empty() ? "" : ", ") + c.name + " (" + models::consumer_type_name(c.type, c.firehose.has_value()) + ")";
  }
  std::string out = "<h1>" + escape_html(scenario.name) + "</h1>\n";
  if (!scenario.description.empty())
    out += "<p class=\"description\">" + escape_html(scenario.description) + "</p>\n";
  out += "<section id=\"scenario\"><h2>Scenario at a glance</h2>\n<div class=\"glance\">";
  out += glance_item("duration", format_duration_s(run.duration_s));
  out += glance_item("mode", models::stream_mode_name(scenario.mode, scenario.on_demand_advantage));
  out += glance_item("shards", std::to_string(run.stream.shards_initial) +
                                   (run.stream.shards_final != run.stream.shards_initial
                                        ? " \u2192 " + std::to_string(run.stream.shards_final)
                                        : ""));
  out += glance_item("producers", plural(scenario.producers.size(), "group") + ", " +
                                      plural(instances, "instance"));
  out += glance_item("consumers", consumers.empty() ? "none" : consumers);
  out += glance_item("metrics period", format_duration_s(run.interval_s));
  out += glance_item("retention", format_value(AxisUnit::kCount, scenario.retention_hours) + " h");
  out += glance_item("seed", std::to_string(scenario.seed));
  return out + "</div></section>\n";
}

std::string slo_section(const models::Scenario& scenario, const models::RunAssessment& a) {
  const models::SloSpec& slo = scenario.slo;
  const bool any = slo.max_iterator_age_s || slo.max_propagation_delay_s ||
                   slo.p99_propagation_delay_s || slo.max_write_throttle_ratio ||
                   slo.max_lost_records;
  std::string out = "<section id=\"slo\"><h2>SLO verdict</h2>\n";
  if (!any) return out + "<p><span class=\"verdict none\">no SLO set</span></p></section>\n";
  out += a.slo.met ? "<p><span class=\"verdict met\">MET</span></p>\n"
                   : "<p><span class=\"verdict violated\">VIOLATED</span></p>\n";
  std::vector<std::vector<std::string>> rows;
  auto verdict = [](bool ok) { return std::string(ok ? "met" : "VIOLATED"); };
  for (const auto& c : a.run.consumers) {
    if (slo.max_iterator_age_s) {
      const double age_ms = c.iterator_age_ms.max();
      rows.push_back({"max_iterator_age (" + c.name + ")",
                      format_duration_s(*slo.max_iterator_age_s),
                      format_value(AxisUnit::kMilliseconds, age_ms),
                      verdict(age_ms <= *slo.max_iterator_age_s * 1000)});
    }
    // The propagation delay's maximum and its p99 over the run, against their objectives.
    for (const auto& [key, limit_s, value_ms] :
         {std::tuple{"max_propagation_delay", slo.max_propagation_delay_s,
                     std::max(c.propagation_delay_ms.max(), c.oldest_unprocessed_age_ms)},
          std::tuple{"p99_propagation_delay", slo.p99_propagation_delay_s,
                     c.propagation_delay_ms.quantile(0.99)}}) {
      if (!limit_s) continue;
      rows.push_back({std::string(key) + " (" + c.name + ")", format_duration_s(*limit_s),
                      format_value(AxisUnit::kMilliseconds, value_ms),
                      verdict(value_ms <= *limit_s * 1000)});
    }
    if (slo.max_lost_records) {
      rows.push_back({"max_lost_records (" + c.name + ")", count(*slo.max_lost_records),
                      count(c.lost_records), verdict(c.lost_records <= *slo.max_lost_records)});
    }
  }
  if (slo.max_write_throttle_ratio) {
    const double ratio = models::write_throttle_ratio(a.run.stream);
    rows.push_back({"max_write_throttle_ratio", ratio_percent(*slo.max_write_throttle_ratio),
                    ratio_percent(ratio), verdict(ratio <= *slo.max_write_throttle_ratio)});
  }
  return out + html_table({"objective", "limit", "measured", "verdict"}, rows) + "</section>\n";
}

std::string results_section(const models::RunResult& run) {
  const models::StreamResult& s = run.stream;
  std::string out = "<section id=\"results\"><h2>Results</h2>\n";
  out += html_table(
      {"writes", "records stored", "put attempts", "throttled", "throttle ratio", "dropped"},
      {{"stream", count(s.incoming_records), count(s.put_attempts),
        count(s.write_throttled_records), ratio_percent(models::write_throttle_ratio(s)),
        count(s.producer_dropped_records)}});
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : run.consumers) {
    rows.push_back({c.name + " (" + models::consumer_type_name(c.type, c.firehose.has_value()) + ")",
                    count(c.records_processed),
                    format_value(AxisUnit::kMilliseconds, c.iterator_age_ms.max()),
                    format_value(AxisUnit::kMilliseconds, c.iterator_age_ms.quantile(0.99)),
                    format_value(AxisUnit::kMilliseconds, c.propagation_delay_ms.quantile(0.99)),
                    format_value(AxisUnit::kMilliseconds, c.propagation_delay_ms.max()),
                    count(c.read_throttled_calls), count(c.lost_records)});
  }
  if (!rows.empty()) {
    out += html_table({"consumer", "records", "IteratorAge max", "IteratorAge p99",
                       "propagation p99", "propagation max", "read throttled calls",
                       "lost records"},
                      rows);
  }
  return out + "</section>\n";
}

// Per-period values where -1 marks "nothing measured": drawn as gaps.
bool has_values(const std::vector<double>& values) {
  for (double x : values)
    if (x >= 0) return true;
  return false;
}
std::vector<double> gaps_as_nan(std::vector<double> values) {
  for (double& x : values) x = x >= 0 ? x : kNaN;
  return values;
}

// One chart per consumer, beside IteratorAge: the period maximum and p99 of the delay from arrival
// to processed, with the delay SLO's line (issue 17: lag shows here when IteratorAge stays low).
std::string propagation_delay_charts(const models::Scenario& scenario,
                                     const models::RunResult& run, const std::vector<double>& t,
                                     const std::string& period) {
  std::string out;
  const models::SloSpec& slo = scenario.slo;
  for (size_t i = 0; i < run.consumers.size(); ++i) {
    const models::ConsumerResult& c = run.consumers[i];
    const models::PropagationDelays& d = c.propagation_delay_ms;
    if (!has_values(d.period_max_ms())) continue;
    LineChart chart{"propagation-delay-" + std::to_string(i),
                    "Propagation delay: " + c.name,
                    "from arrival at the shard to processed, of the records delivered " + period +
                        ": maximum and p99; gaps: none delivered",
                    AxisUnit::kMilliseconds,
                    {series("max", t, gaps_as_nan(d.period_max_ms())),
                     series("p99", t, gaps_as_nan(d.period_p99_ms()))},
                    {}};
    chart.series[1].dashed = true;
    if (slo.max_propagation_delay_s) {
      chart.threshold = ThresholdLine{
          "SLO max_propagation_delay " + format_duration_s(*slo.max_propagation_delay_s),
          *slo.max_propagation_delay_s * 1000};
    } else if (slo.p99_propagation_delay_s) {
      chart.threshold = ThresholdLine{
          "SLO p99_propagation_delay " + format_duration_s(*slo.p99_propagation_delay_s),
          *slo.p99_propagation_delay_s * 1000};
    }
    out += line_chart(chart);
  }
  return out;
}

std::string charts_section(const models::Scenario& scenario, const models::RunResult& run) {
  const std::vector<double> t = period_times(run);
  const std::string period = "per " + format_duration_s(run.interval_s) + " period";
  std::string out = "<section id=\"charts\"><h2>Over time</h2>\n";

  LineChart age{"iterator-age",
                "IteratorAge by consumer",
                "GetRecords.IteratorAgeMilliseconds, maximum " + period + "; gaps: no served call",
                AxisUnit::kMilliseconds,
                {},
                {}};
  for (const auto& c : run.consumers) {
    // A consumer without a single served call has no line to draw.
    if (has_values(c.max_iterator_age_ms))
      age.series.push_back(series(c.name, t, gaps_as_nan(c.max_iterator_age_ms)));
  }
  if (scenario.slo.max_iterator_age_s) {
    age.threshold =
        ThresholdLine{"SLO max_iterator_age " + format_duration_s(*scenario.slo.max_iterator_age_s),
                      *scenario.slo.max_iterator_age_s * 1000};
  }
  age.bands = alarm_bands(run, [](const models::AlarmResult& a) {
    return a.metric.find("IteratorAge") != std::string::npos ||
           a.metric.find("MillisBehindLatest") != std::string::npos;
  });
  if (!age.series.empty()) out += line_chart(age);
  out += propagation_delay_charts(scenario, run, t, period);

  for (const bool bytes : {true, false}) {
    LineChart in{
        bytes ? "incoming-bytes" : "incoming-records",
        bytes ? "Incoming bytes against write capacity" : "Incoming records against write capacity",
        std::string(bytes ? "IncomingBytes" : "IncomingRecords") + " per second, averaged " +
            period,
        bytes ? AxisUnit::kBytesPerS : AxisUnit::kRecordsPerS,
        {},
        {}};
    in.series.push_back(series("incoming", t,
                               per_second(run, bytes ? run.stream.periods.incoming_bytes
                                                     : run.stream.periods.incoming_records)));
    // Provisioned: open shards x 1 MiB/s (x 1,000 records/s); on demand, the stream's capacity
    // (twice the previous peak, models/on_demand_scaling.hpp), whichever mode each period ran in.
    in.series.push_back(series(
        bytes ? "write capacity (bytes/s)" : "write capacity (records/s)", t,
        bytes ? run.stream.write_capacity_bytes_per_s : run.stream.write_capacity_records_per_s));
    in.series.back().colour = "#5b6675";
    in.series.back().dashed = true;
    // The alarms on the stream's incoming traffic, the autoscalers' included.
    in.bands = alarm_bands(run, [bytes](const models::AlarmResult& a) {
      return a.dimension == "stream" &&
             (a.metric == (bytes ? "IncomingBytes" : "IncomingRecords") || a.metric == "usage factor");
    });
    out += line_chart(in);
  }

  LineChart write{"write-throttling",
                  "Write throttling",
                  "WriteProvisionedThroughputExceeded: throttled put attempts " + period,
                  AxisUnit::kCount,
                  {},
                  {}};
  write.series.push_back(
      series("throttled put attempts", t, run.stream.periods.write_throttled_records));
  write.series.back().colour = "#e15759";
  write.bands = alarm_bands(run, [](const models::AlarmResult& a) {
    return a.dimension == "stream" && a.metric == "WriteProvisionedThroughputExceeded";
  });
  out += line_chart(write);

  LineChart read{"read-throttling",
                 "Read throttling by consumer",
                 "ReadProvisionedThroughputExceeded: throttled GetRecords calls " + period,
                 AxisUnit::kCount,
                 {},
                 {}};
  for (const auto& c : run.consumers)
    read.series.push_back(series(c.name, t, c.periods.read_throttled_calls));
  if (read.series.empty())
    read.series.push_back(series("stream", t, run.stream.periods.read_throttled_calls));
  out += line_chart(read);
  return out + "</section>\n";
}

// Short row label for a shard id: "shardId-000000000012" -> "12".
std::string shard_number(const std::string& shard_id) {
  const size_t digits = shard_id.find_first_of("0123456789");
  if (digits == std::string::npos) return shard_id;
  const size_t first = shard_id.find_first_not_of('0', digits);
  return first == std::string::npos ? "0" : shard_id.substr(first);
}

// UpdateShardCount requests from events and the autoscaler, with their outcome (SPEC §4).
std::string scaling_actions_table(const models::RunResult& run) {
  if (run.stream.scaling_actions.empty()) return "";
  std::vector<std::vector<std::string>> actions;
  for (const models::ScalingAction& a : run.stream.scaling_actions) {
    const bool refused = a.outcome == models::ScalingAction::Outcome::kRefused;
    const bool applied = a.outcome == models::ScalingAction::Outcome::kApplied;
    actions.push_back({format_duration_s(a.at_s), a.by,
                       std::to_string(a.from) + " \u2192 " + std::to_string(a.to),
                       refused ? "refused" : applied ? "applied" : "in progress",
                       applied ? format_duration_s(a.completed_s) : "",
                       refused ? a.reason : a.trigger});
  }
  return "<h2>Scaling actions</h2>\n" +
         html_table({"at", "by", "shards", "outcome", "completed", "why"}, actions);
}

std::string shards_section(const models::RunResult& run) {
  std::string out = "<section id=\"shards\"><h2>Shards</h2>\n";
  std::vector<const std::vector<float>*> rows;
  for (const auto& shard : run.shards) rows.push_back(&shard.write_throttled_by_period);
  const PooledGrid pooled = max_pool(rows, run.periods, kMaxHeatmapRows, kMaxHeatmapColumns);
  Heatmap map{"write-throttling-heatmap",
              "Write throttling by shard",
              "",
              {},
              pooled.grid,
              0,
              run.interval_s * static_cast<double>(pooled.columns_per_cell),
              AxisUnit::kCount};
  map.note =
      "throttled put attempts per shard and " + format_duration_s(run.interval_s) + " period";
  if (pooled.rows_per_band > 1 || pooled.columns_per_cell > 1) {
    map.note += "; each cell is the maximum over " + std::to_string(pooled.rows_per_band) +
                " shard(s) and " + std::to_string(pooled.columns_per_cell) + " period(s)";
  }
  if (run.stream.write_throttled_records == 0)
    map.note += "; no put attempt was throttled in this run";
  for (size_t band = 0; band < pooled.grid.rows; ++band) {
    const size_t first = band * pooled.rows_per_band;
    const size_t last = std::min(run.shards.size(), first + pooled.rows_per_band) - 1;
    map.row_labels.push_back(first == last
                                 ? "shard " + shard_number(run.shards[first].shard_id)
                                 : "shards " + shard_number(run.shards[first].shard_id) + "\u2013" +
                                       shard_number(run.shards[last].shard_id));
  }
  out += heatmap(map);

  std::vector<const models::ShardResult*> hottest;
  for (const auto& shard : run.shards) {
    if (shard.write_throttled_records > 0) hottest.push_back(&shard);
  }
  std::stable_sort(hottest.begin(), hottest.end(), [](const auto* a, const auto* b) {
    return a->write_throttled_records > b->write_throttled_records;
  });
  if (hottest.size() > kHottestShardsShown) hottest.resize(kHottestShardsShown);
  if (!hottest.empty()) {
    std::vector<std::vector<std::string>> table;
    for (const auto* shard : hottest) {
      table.push_back({shard->shard_id, count(shard->incoming_records),
                       format_value(AxisUnit::kBytes, shard->incoming_bytes),
                       count(shard->write_throttled_records), count(shard->read_throttled_calls)});
    }
    out +=
        "<h2>Hottest shards</h2>\n" + html_table({"shard", "records stored", "bytes stored",
                                                  "throttled put attempts", "read throttled calls"},
                                                 table);
  }

  LineChart open{"open-shards",
                 "Open shard count",
                 "OpenShardCount " + std::string("per period"),
                 AxisUnit::kCount,
                 {},
                 {}};
  open.series.push_back(series("open shards", period_times(run), run.stream.open_shard_count));
  open.markers = scaling_markers(run);
  out += line_chart(open);
  out += scaling_actions_table(run);
  // Resharding and mode switches AWS would have refused (SPEC §2 events[]).
  if (!run.stream.refused_events.empty()) {
    std::vector<std::vector<std::string>> table;
    for (const auto& e : run.stream.refused_events)
      table.push_back({format_duration_s(e.at_s), e.action, e.reason});
    out += "<h2>Refused requests</h2>\n" + html_table({"at", "request", "reason"}, table);
  }
  return out + "</section>\n";
}

// Lambda's ConcurrentExecutions, one line per Lambda consumer; no section without data.
std::string lambda_section(std::vector<ChartSeries> series) {
  if (series.empty()) return "";
  const LineChart concurrency{
      "lambda-concurrency", "Lambda concurrency", "ConcurrentExecutions, maximum per period",
      AxisUnit::kCount,     std::move(series),    {}};
  return "<section id=\"lambda\"><h2>Lambda</h2>\n" + line_chart(concurrency) + "</section>\n";
}
}  // namespace

std::string html_report(const models::Scenario& scenario, const models::RunAssessment& a,
                        const std::string& version, const EstimateBeside* beside,
                        const ExpectationResults* expectations) {
  std::string body = header_section(scenario, a.run);
  if (expectations) body += lesson_section(scenario, *expectations);
  body += slo_section(scenario, a);
  body += results_section(a.run);
  if (beside) body += estimate_section(*beside);
  body += charts_section(scenario, a.run);
  body += shards_section(a.run);
  body += alarm_section(scenario, a.run);
  std::vector<ChartSeries> concurrency;
  for (const auto& c : a.run.consumers) {
    if (c.type == models::ConsumerType::kLambda) {
      concurrency.push_back(series(c.name, period_times(a.run), c.lambda.concurrent_executions));
    }
  }
  body += lambda_section(std::move(concurrency));
  body += cost_section(scenario, a);
  body += "<p class=\"note\">kds-sim " + escape_html(version) + ", seed " +
          std::to_string(scenario.seed) +
          ". Simulated, not measured: see the README's modelling choices.</p>\n";
  return html_page(scenario.name + " \u2013 kds-sim report", body);
}

}  // namespace kds::reports
