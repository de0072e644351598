// Each run keeps one colour across every chart (the palette colour of its position), and a run's
// second and later consumers are dashed, so a reader can follow "run B" from chart to chart. Times
// are each run's own simulated time from 0; runs of different lengths simply end at different x.
// IteratorAge per consumer is taken from the metric its consumer type publishes
// (GetRecords.IteratorAgeMilliseconds for polling, SubscribeToShardEvent.MillisBehindLatest for
// EFO, IteratorAge for Lambda); a chart is left out when no run has data for it.
#include "reports/compare_report.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "reports/html_page.hpp"
#include "reports/svg_chart.hpp"

namespace kds::reports {

namespace {
std::string ratio_percent(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f %%", 100.0 * ratio);
  return text;
}

std::string count(int64_t n) {
  return format_value(AxisUnit::kCount, static_cast<double>(n));
}

ChartSeries run_series(const RunFolder& run, const std::string& name,
                       const std::vector<double>& values, size_t run_index, double divide_by) {
  ChartSeries s{name, run.time_s, values, palette_colour(run_index), false};
  for (double& v : s.values) v /= divide_by;
  return s;
}

// One series per run of a stream-level metric, as a rate per second if `per_second`.
LineChart stream_chart(const std::vector<RunFolder>& runs, const std::vector<std::string>& labels,
                       const std::string& metric, bool per_second, LineChart chart) {
  for (size_t i = 0; i < runs.size(); ++i) {
    if (const auto* values = runs[i].series(metric, "stream")) {
      chart.series.push_back(
          run_series(runs[i], labels[i], *values, i, per_second ? runs[i].interval_s : 1.0));
    }
  }
  return chart;
}

// Runs side by side: one column per run, one row per figure, then each run's SLO violations.
std::string runs_table(const std::vector<RunFolder>& runs, const std::vector<std::string>& labels) {
  std::vector<std::string> header{""};
  header.insert(header.end(), labels.begin(), labels.end());
  std::vector<std::vector<std::string>> rows{{"scenario"},
                                             {"mode"},
                                             {"shards"},
                                             {"duration"},
                                             {"write throttle ratio"},
                                             {"dropped records"},
                                             {"provisioned"},
                                             {"provisioned per month"},
                                             {"on-demand"},
                                             {"on-demand per month"},
                                             {"resizes applied / refused"},
                                             {"SLO"}};
  std::string violations;
  for (size_t i = 0; i < runs.size(); ++i) {
    const RunSummary& s = runs[i].summary;
    const std::vector<std::string> column{
        s.scenario,
        s.mode,
        std::to_string(s.shards_initial) +
            (s.shards_final != s.shards_initial ? " \u2192 " + std::to_string(s.shards_final) : ""),
        format_duration_s(s.duration_s),
        ratio_percent(s.write_throttle_ratio),
        count(s.producer_dropped_records),
        format_value(AxisUnit::kUsd, s.provisioned_total_usd),
        format_value(AxisUnit::kUsd, s.provisioned_monthly_usd),
        format_value(AxisUnit::kUsd, s.on_demand_total_usd),
        format_value(AxisUnit::kUsd, s.on_demand_monthly_usd),
        std::to_string(s.scaling_actions_applied) + " / " +
            std::to_string(s.scaling_actions_refused),
        s.slo_met ? "met" : "VIOLATED"};
    for (size_t row = 0; row < rows.size(); ++row) rows[row].push_back(column[row]);
    for (const std::string& v : s.slo_violations)
      violations += "<li>" + escape_html(labels[i] + ": " + v) + "</li>";
  }
  std::string out = html_table(header, rows);
  if (!violations.empty())
    out += "<p>SLO violations (value &gt; limit):</p>\n<ul>" + violations + "</ul>\n";
  return out;
}

// One row per alarm name found in any run: when it first fired and how long it stayed in ALARM.
std::string alarms_table(const std::vector<RunFolder>& runs, const std::vector<std::string>& labels) {
  std::vector<std::string> names;
  for (const RunFolder& run : runs)
    for (const AlarmSummary& a : run.summary.alarms)
      if (std::find(names.begin(), names.end(), a.name) == names.end()) names.push_back(a.name);
  if (names.empty()) return "";
  std::vector<std::string> header{"alarm"};
  header.insert(header.end(), labels.begin(), labels.end());
  std::vector<std::vector<std::string>> rows;
  for (const std::string& name : names) {
    std::vector<std::string> row{name};
    for (const RunFolder& run : runs) {
      const auto& alarms = run.summary.alarms;
      const auto it = std::find_if(alarms.begin(), alarms.end(),
                                   [&](const AlarmSummary& a) { return a.name == name; });
      if (it == alarms.end()) {
        row.push_back("-");
      } else if (!it->first_alarm_s) {
        row.push_back("never in ALARM");
      } else {
        row.push_back("first ALARM at " + format_duration_s(*it->first_alarm_s) + ", " +
                      format_duration_s(it->seconds_in_alarm) + " in ALARM");
      }
    }
    rows.push_back(row);
  }
  return "<h2>Alarms</h2>\n" + html_table(header, rows);
}

// Monthly projections as bars, two per run, so the cheaper mode and the cheaper design show at
// once.
BarChart cost_chart(const std::vector<RunFolder>& runs, const std::vector<std::string>& labels) {
  BarChart chart{"cost",
                 "Monthly projection by run and capacity mode",
                 "each run's simulated traffic scaled to 730 hours",
                 AxisUnit::kUsd,
                 {}};
  for (size_t i = 0; i < runs.size(); ++i) {
    chart.bars.push_back(
        {labels[i] + " provisioned", {{"provisioned", runs[i].summary.provisioned_monthly_usd}}});
    chart.bars.push_back(
        {labels[i] + " on-demand", {{"on-demand", runs[i].summary.on_demand_monthly_usd}}});
  }
  return chart;
}

std::string consumers_table(const std::vector<RunFolder>& runs,
                            const std::vector<std::string>& labels) {
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < runs.size(); ++i) {
    for (const ConsumerSummary& c : runs[i].summary.consumers) {
      rows.push_back(
          {labels[i], c.name, c.type, format_value(AxisUnit::kMilliseconds, c.iterator_age_max_ms),
           format_value(AxisUnit::kMilliseconds, c.iterator_age_p99_ms),
           format_value(AxisUnit::kMilliseconds, c.propagation_delay_p99_ms),
           c.propagation_delay_max_ms >= 0
               ? format_value(AxisUnit::kMilliseconds, c.propagation_delay_max_ms)
               : "-",
           count(c.records_processed), count(c.read_throttled_calls), count(c.lost_records)});
    }
  }
  if (rows.empty()) return "";
  return html_table({"run", "consumer", "type", "IteratorAge max", "IteratorAge p99",
                     "propagation p99", "propagation max", "records", "read throttled calls",
                     "lost records"},
                    rows);
}
}  // namespace

std::vector<std::string> run_labels(const std::vector<RunFolder>& runs) {
  std::vector<std::string> labels;
  for (const RunFolder& run : runs) {
    const std::filesystem::path path = std::filesystem::path(run.path).lexically_normal();
    std::string name = path.filename().string();
    if (name.empty() || name == ".") name = path.parent_path().filename().string();
    labels.push_back(name.empty() ? run.path : name);
  }
  std::vector<bool> repeated(labels.size(), false);
  for (size_t i = 0; i < labels.size(); ++i) {
    repeated[i] = std::count(labels.begin(), labels.end(), labels[i]) > 1;
  }
  for (size_t i = 0; i < labels.size(); ++i) {
    if (repeated[i]) labels[i] = "#" + std::to_string(i + 1) + " " + runs[i].path;
  }
  return labels;
}

std::string compare_report(const std::vector<RunFolder>& runs) {
  const std::vector<std::string> labels = run_labels(runs);
  std::string names;
  for (const std::string& label : labels) names += (names.empty() ? "" : " vs ") + label;
  std::string body = "<h1>Comparison: " + escape_html(names) + "</h1>\n";
  body += "<section id=\"runs\"><h2>Costs and SLO verdicts</h2>\n" + runs_table(runs, labels) +
          consumers_table(runs, labels) + alarms_table(runs, labels) +
          bar_chart(cost_chart(runs, labels)) + "</section>\n";

  body += "<section id=\"charts\"><h2>Over time</h2>\n";
  LineChart age{"iterator-age",
                "IteratorAge by run and consumer",
                "maximum per period; gaps: no datapoint in the period",
                AxisUnit::kMilliseconds,
                {},
                {}};
  for (size_t i = 0; i < runs.size(); ++i) {
    size_t drawn = 0;
    for (const ConsumerSummary& c : runs[i].summary.consumers) {
      if (const auto* values = consumer_iterator_age(runs[i], c.name)) {
        age.series.push_back(run_series(runs[i], labels[i] + " \u00b7 " + c.name, *values, i, 1.0));
        age.series.back().dashed = drawn++ > 0;
      }
    }
  }
  LineChart records{"incoming-records",
                    "Incoming records",
                    "IncomingRecords per second, averaged per period",
                    AxisUnit::kRecordsPerS,
                    {},
                    {}};
  LineChart write{"write-throttling",
                  "Write throttling",
                  "WriteProvisionedThroughputExceeded: throttled put attempts per period",
                  AxisUnit::kCount,
                  {},
                  {}};
  LineChart shards{
      "open-shards", "Open shard count", "OpenShardCount per period", AxisUnit::kCount, {}, {}};
  LineChart lambda{"lambda-concurrency",
                   "Lambda concurrency",
                   "ConcurrentExecutions, maximum per period",
                   AxisUnit::kCount,
                   {},
                   {}};
  LineChart delay{"propagation-delay",
                  "Propagation delay by run and consumer",
                  "PropagationDelayMilliseconds: from arrival at the shard to processed, maximum "
                  "(solid) and p99 (dashed) per period; gaps: no record delivered",
                  AxisUnit::kMilliseconds,
                  {},
                  {}};
  for (size_t i = 0; i < runs.size(); ++i) {
    for (const ConsumerSummary& c : runs[i].summary.consumers) {
      const std::string dimension = "consumer:" + c.name;
      const std::string name = labels[i] + " \u00b7 " + c.name;
      if (const auto* values = runs[i].series("ConcurrentExecutions", dimension))
        lambda.series.push_back(run_series(runs[i], name, *values, i, 1.0));
      // Each consumer's period maximum, solid, and its period p99, dashed, in the run's colour.
      if (const auto* values = runs[i].series("PropagationDelayMilliseconds", dimension))
        delay.series.push_back(run_series(runs[i], name + " max", *values, i, 1.0));
      if (const auto* values = runs[i].series("PropagationDelayMilliseconds.p99", dimension)) {
        delay.series.push_back(run_series(runs[i], name + " p99", *values, i, 1.0));
        delay.series.back().dashed = true;
      }
    }
  }
  for (const LineChart& chart :
       {age, delay, stream_chart(runs, labels, "IncomingRecords", true, records),
        stream_chart(runs, labels, "WriteProvisionedThroughputExceeded", false, write),
        stream_chart(runs, labels, "OpenShardCount", false, shards), lambda}) {
    if (!chart.series.empty()) body += line_chart(chart);
  }
  body +=
      "</section>\n<p class=\"note\">Made by kds-sim compare from each folder's summary.json and "
      "metrics.csv.</p>\n";
  return html_page("kds-sim comparison: " + names, body);
}

}  // namespace kds::reports
