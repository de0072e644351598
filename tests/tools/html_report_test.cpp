// report.html end to end (issue 5): kds-sim writes it beside summary.json, real headless Chromium
// renders it with every chart drawn and no console message, it makes no network reference, it is
// deterministic, and it stays small at 200 shards. Axis labels are checked without a browser.
#include <cstdio>
#include <regex>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "reports/chart_axis.hpp"
#include "tests/tools/report_test_support.hpp"

namespace {
using namespace kds::reports::testing;

// The hot-shard example: write throttling on one shard and two polling consumers.
fs::path run_hot_shard(const fs::path& dir, const std::string& extra = "") {
  const fs::path out = dir / "out";
  const CommandResult r = kds_sim("run " + scenario_path("examples/hot_shard.json") +
                                      " --quiet -o " + out.string() + " " + extra,
                                  dir);
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.stderr_text);
  return out;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(html_report)

// Every run writes report.html beside summary.json and metrics.csv, and says where it is.
BOOST_AUTO_TEST_CASE(is_written_beside_the_summary_and_named_on_stdout) {
  const fs::path dir = fresh_dir("written");
  const CommandResult r = kds_sim(
      "run " + scenario_path("examples/hot_shard.json") + " -o " + (dir / "out").string(), dir);
  BOOST_REQUIRE_EQUAL(r.exit_code, 0);
  BOOST_TEST(fs::exists(dir / "out" / "summary.json"));
  BOOST_TEST(fs::exists(dir / "out" / "report.html"));
  BOOST_TEST(!fs::exists(dir / "out" / "report.html.tmp"));
  BOOST_TEST(r.stdout_text.find((dir / "out").string() + "/report.html") != std::string::npos,
             r.stdout_text);
}

// Issue 5 acceptance: Chromium renders the page; the page's own check finds every chart drawn,
// no script failed and nothing was logged to the console.
BOOST_AUTO_TEST_CASE(renders_in_headless_chromium_with_every_chart_drawn) {
  const fs::path dir = fresh_dir("chromium");
  const fs::path out = run_hot_shard(dir);
  const BrowserRun shot =
      open_in_chromium(out / "report.html", "--screenshot=" + (dir / "report.png").string(), dir);
  BOOST_TEST(shot.exit_code == 0);
  check_screenshot(dir / "report.png");
  BOOST_TEST(shot.console.empty(), "console messages:" << joined(shot.console));

  const BrowserRun page = open_in_chromium(out / "report.html", "--dump-dom", dir);
  BOOST_REQUIRE_EQUAL(page.exit_code, 0);
  BOOST_TEST(page.console.empty(), "console messages:" << joined(page.console));
  BOOST_TEST(body_attribute(page.dom, "data-chart-check") == "ok");
  BOOST_TEST(body_attribute(page.dom, "data-js-errors") == "0");
  for (const char* id : {"iterator-age", "incoming-bytes", "incoming-records", "write-throttling",
                         "read-throttling", "write-throttling-heatmap", "open-shards", "cost"}) {
    BOOST_TEST(chart_drawn(page.dom, id) >= 1,
               id << " drew " << chart_drawn(page.dom, id) << " data elements");
  }
  BOOST_TEST(chart_drawn(page.dom, "iterator-age") == 2);  // one line per consumer
  BOOST_TEST(chart_drawn(page.dom, "write-throttling-heatmap") >=
             2);  // hot cells beside the background
  BOOST_TEST(page.dom.find("SLO max_iterator_age 30s") != std::string::npos);
  BOOST_TEST(page.dom.find("lambda-concurrency") == std::string::npos);  // no Lambda, no section
}

// The page opens offline: no http(s) reference anywhere, and no external resource at all.
BOOST_AUTO_TEST_CASE(makes_no_network_references) {
  const fs::path dir = fresh_dir("offline");
  const std::string html = read_text(run_hot_shard(dir) / "report.html");
  BOOST_REQUIRE(!html.empty());
  BOOST_TEST(html.find("http://") == std::string::npos);
  BOOST_TEST(html.find("https://") == std::string::npos);
  BOOST_TEST(html.find("<link") == std::string::npos);
  BOOST_TEST(html.find(" src=") == std::string::npos);
  BOOST_TEST(html.find("default-src 'none'") != std::string::npos);  // and the page forbids it
}

// Same run -> same bytes (no timestamps); numbers are finite.
BOOST_AUTO_TEST_CASE(is_byte_identical_for_the_same_run) {
  const fs::path dir = fresh_dir("deterministic");
  const std::string first = read_text(run_hot_shard(dir) / "report.html");
  const std::string second = read_text(run_hot_shard(dir) / "report.html");
  BOOST_TEST(first == second);
  // No non-finite number anywhere (as C or JavaScript would spell it).
  BOOST_TEST(!std::regex_search(first, std::regex(R"([\s,\[:"(-](nan|inf|NaN|Infinity)[\s,\]"])")));
}

// Issue 11: the fluid estimate beside the simulated headline figures, each with its verdict: the
// simulated column is summary.json's, the estimated one what `kds-sim estimate` writes.
BOOST_AUTO_TEST_CASE(shows_the_estimate_beside_the_simulated_figures) {
  const fs::path dir = fresh_dir("estimate");
  const std::string html = read_text(run_hot_shard(dir) / "report.html");
  const CommandResult est = kds_sim("estimate " + scenario_path("examples/hot_shard.json") +
                                        " --quiet -o " + (dir / "est").string(),
                                    dir);
  BOOST_REQUIRE_EQUAL(est.exit_code, 0);
  const auto summary = nlohmann::json::parse(read_text(dir / "out" / "summary.json"));
  const auto estimate = nlohmann::json::parse(read_text(dir / "est" / "estimate.json"));
  const auto percent = [](double ratio) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f %%", 100.0 * ratio);
    return std::string(text);
  };
  BOOST_TEST(html.find("<section id=\"estimate\">") != std::string::npos);
  // 13 figures: 2 of the stream, 4 per consumer, 3 costs; the ages of the two consumers, which
  // keep up, are not judged.
  BOOST_TEST(html.find("the estimate agrees</span> on all 9 figures judged") != std::string::npos);
  const std::string throttle_row =
      "<tr><td>write throttle ratio</td><td>" +
      percent(summary["stream"]["write_throttle_ratio"].get<double>()) + "</td><td>" +
      percent(estimate["stream"]["write_throttle_ratio"].get<double>()) + "</td>";
  BOOST_TEST(html.find(throttle_row) != std::string::npos, throttle_row);
  const std::string records_row =
      "<tr><td>records stored</td><td>" +
      std::to_string(summary["stream"]["incoming_records"].get<int64_t>()) + "</td><td>" +
      std::to_string(estimate["stream"]["incoming_records"].get<int64_t>()) + "</td>";
  BOOST_TEST(html.find(records_row) != std::string::npos, records_row);
  // The bottleneck the estimate ranks first: the hot shard's write bytes or records.
  const std::string top = estimate["bottlenecks"][0]["resource"];
  BOOST_TEST(top.rfind("shard write", 0) == 0u, top);
  BOOST_TEST(html.find("<tr><td>" + top + "</td>") != std::string::npos);
}

// Size: 200 shards for 6 h, loaded near their byte capacity with large records so that throttling
// is scattered over every shard and period (the heatmap's hard case), stays far below 5 MB.
BOOST_AUTO_TEST_CASE(stays_small_for_200_shards_over_6_hours) {
  const fs::path dir = fresh_dir("size");
  std::ofstream(dir / "scenario.json") << R"({
    "name": "size-200-shards", "duration": "6h", "seed": 3, "stream": {"shards": 200},
    "producers": [{"name": "fleet", "instances": 8, "rate": 3800, "record_bytes": 50000, "keys": {"uniform": 100000}}],
    "consumers": [{"name": "app", "type": "polling", "workers": 4}],
    "report": {"interval": "60s", "shard_metrics": false}})";
  const CommandResult r = kds_sim(
      "run " + (dir / "scenario.json").string() + " --quiet -o " + (dir / "out").string(), dir);
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.stderr_text);
  const auto summary = nlohmann::json::parse(read_text(dir / "out" / "summary.json"));
  BOOST_TEST(summary["stream"]["write_throttle_ratio"].get<double>() > 0.05);
  const auto size = fs::file_size(dir / "out" / "report.html");
  BOOST_TEST_MESSAGE("report.html for 200 shards x 6 h: " << size << " bytes");
  BOOST_TEST(size < 5u * 1000 * 1000);
  const std::string html = read_text(dir / "out" / "report.html");
  BOOST_TEST(html.find("shards 190\u2013199") == std::string::npos);  // 200 rows: one per shard
  BOOST_TEST(html.find(">shard 199<") == std::string::npos);          // labelled every 10th row
  BOOST_TEST(html.find(">shard 190<") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(chart_axis)

using kds::reports::AxisUnit;
using kds::reports::format_value;

BOOST_AUTO_TEST_CASE(labels_carry_their_unit_in_readable_form) {
  BOOST_TEST(format_value(AxisUnit::kCount, 1000) == "1k");
  BOOST_TEST(format_value(AxisUnit::kCount, 1500) == "1.5k");
  BOOST_TEST(format_value(AxisUnit::kCount, 2.5e6) == "2.5M");
  BOOST_TEST(format_value(AxisUnit::kRecordsPerS, 4000) == "4k/s");
  BOOST_TEST(format_value(AxisUnit::kBytesPerS, 2 * 1048576.0) == "2 MiB/s");
  BOOST_TEST(format_value(AxisUnit::kBytesPerS, 512 * 1024.0) == "512 KiB/s");
  BOOST_TEST(format_value(AxisUnit::kMilliseconds, 250) == "250ms");
  BOOST_TEST(format_value(AxisUnit::kMilliseconds, 30000) == "30s");
  BOOST_TEST(format_value(AxisUnit::kMilliseconds, 90000) == "1m30s");
  BOOST_TEST(format_value(AxisUnit::kUsd, 12.3) == "$12.30");
  BOOST_TEST(kds::reports::format_duration_s(900) == "15m");
  BOOST_TEST(kds::reports::format_duration_s(7200) == "2h");
  BOOST_TEST(kds::reports::format_duration_s(86400 + 6 * 3600) == "1d6h");
}

BOOST_AUTO_TEST_CASE(value_ticks_are_round_steps_up_to_a_top_above_the_maximum) {
  double top = 0;
  const auto bytes = kds::reports::value_ticks(AxisUnit::kBytesPerS, 4.3 * 1048576.0, &top);
  BOOST_TEST(top == 5 * 1048576.0);
  BOOST_TEST(bytes.back().label == "5 MiB/s");
  const auto ages = kds::reports::value_ticks(AxisUnit::kMilliseconds, 62000, &top);
  BOOST_TEST(top == 75000);  // 15 s steps
  BOOST_TEST(ages[1].label == "15s");
  kds::reports::value_ticks(AxisUnit::kCount, 0, &top);
  BOOST_TEST(top == 1);  // an all-zero series still gets an axis, in whole counts
}

BOOST_AUTO_TEST_CASE(time_ticks_fall_on_round_durations) {
  const auto ticks = kds::reports::time_ticks(0, 86340);
  BOOST_REQUIRE(ticks.size() >= 4);
  BOOST_TEST(ticks[1].label == "3h");
  BOOST_TEST(kds::reports::time_ticks(0, 1740)[1].label == "5m");
}

BOOST_AUTO_TEST_SUITE_END()
