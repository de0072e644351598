// kds-sim compare end to end (issue 5): two run folders overlaid in compare.html, rendered by real
// headless Chromium with every chart drawn; unreadable folders are refused with exit 2 and a
// message naming the file.
#include <boost/test/unit_test.hpp>

#include "tests/tools/report_test_support.hpp"

namespace {
using namespace kds::reports::testing;

// Two runs of the hot-shard example: as shipped (4 shards) and with 8 shards.
void run_two_folders(const fs::path& dir) {
  for (const auto& [name, shards] : {std::pair{"four-shards", 4}, std::pair{"eight-shards", 8}}) {
    const CommandResult r = kds_sim("run " + scenario_path("examples/hot_shard.json") +
                                        " --quiet --set /stream/shards=" + std::to_string(shards) +
                                        " -o " + (dir / name).string(),
                                    dir);
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.stderr_text);
  }
}
}  // namespace

BOOST_AUTO_TEST_SUITE(compare_report)

// Issue 5 acceptance: the comparison renders in Chromium, overlays both runs in every chart and
// shows both runs' costs and SLO verdicts, with no console message.
BOOST_AUTO_TEST_CASE(renders_two_runs_in_headless_chromium) {
  const fs::path dir = fresh_dir("compare-chromium");
  run_two_folders(dir);
  const fs::path page = dir / "compare.html";
  const CommandResult r = kds_sim("compare " + (dir / "four-shards").string() + " " +
                                      (dir / "eight-shards").string() + " -o " + page.string(),
                                  dir);
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.stderr_text);
  const std::string html = read_text(page);
  BOOST_TEST(html.find("http://") == std::string::npos);
  BOOST_TEST(html.find("https://") == std::string::npos);

  const BrowserRun shot =
      open_in_chromium(page, "--screenshot=" + (dir / "compare.png").string(), dir);
  BOOST_TEST(shot.exit_code == 0);
  check_screenshot(dir / "compare.png");
  BOOST_TEST(shot.console.empty(), "console messages:" << joined(shot.console));

  const BrowserRun dom = open_in_chromium(page, "--dump-dom", dir);
  BOOST_REQUIRE_EQUAL(dom.exit_code, 0);
  BOOST_TEST(dom.console.empty(), "console messages:" << joined(dom.console));
  BOOST_TEST(body_attribute(dom.dom, "data-chart-check") == "ok");
  BOOST_TEST(body_attribute(dom.dom, "data-js-errors") == "0");
  BOOST_TEST(chart_drawn(dom.dom, "iterator-age") == 4);  // 2 runs x 2 consumers
  BOOST_TEST(chart_drawn(dom.dom, "cost") == 4);          // 2 runs x 2 capacity modes
  for (const char* id : {"incoming-records", "write-throttling", "open-shards"}) {
    BOOST_TEST(chart_drawn(dom.dom, id) == 2, id << " drew " << chart_drawn(dom.dom, id));
  }
  for (const char* text : {"four-shards", "eight-shards", "four-shards \u00b7 archiver", "VIOLATED",
                           "provisioned per month", "on-demand per month"}) {
    BOOST_TEST(dom.dom.find(text) != std::string::npos, text);
  }
}

BOOST_AUTO_TEST_CASE(missing_folder_exits_2_naming_it) {
  const fs::path dir = fresh_dir("compare-missing");
  run_two_folders(dir);
  const CommandResult r =
      kds_sim("compare " + (dir / "four-shards").string() + " " + (dir / "nowhere").string() +
                  " -o " + (dir / "compare.html").string(),
              dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(
      r.stderr_text.find((dir / "nowhere").string() + ": no such run folder") != std::string::npos,
      r.stderr_text);
  BOOST_TEST(!fs::exists(dir / "compare.html"));
}

BOOST_AUTO_TEST_CASE(missing_metrics_csv_exits_2_naming_the_file) {
  const fs::path dir = fresh_dir("compare-no-csv");
  run_two_folders(dir);
  fs::remove(dir / "eight-shards" / "metrics.csv");
  const CommandResult r =
      kds_sim("compare " + (dir / "four-shards").string() + " " + (dir / "eight-shards").string() +
                  " -o " + (dir / "compare.html").string(),
              dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text.find((dir / "eight-shards" / "metrics.csv").string() +
                                ": cannot read") != std::string::npos,
             r.stderr_text);
}

BOOST_AUTO_TEST_CASE(bad_summary_json_exits_2_naming_the_file) {
  const fs::path dir = fresh_dir("compare-bad-json");
  run_two_folders(dir);
  std::ofstream(dir / "four-shards" / "summary.json") << "{\"scenario\": ";
  const CommandResult r =
      kds_sim("compare " + (dir / "four-shards").string() + " " + (dir / "eight-shards").string() +
                  " -o " + (dir / "compare.html").string(),
              dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text.find((dir / "four-shards" / "summary.json").string() +
                                ": not valid JSON") != std::string::npos,
             r.stderr_text);
}

BOOST_AUTO_TEST_CASE(summary_without_a_field_exits_2_naming_its_pointer) {
  const fs::path dir = fresh_dir("compare-field");
  run_two_folders(dir);
  std::ofstream(dir / "four-shards" / "summary.json") << R"({"scenario": "x", "seed": 1})";
  const CommandResult r =
      kds_sim("compare " + (dir / "four-shards").string() + " " + (dir / "eight-shards").string() +
                  " -o " + (dir / "compare.html").string(),
              dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text.find("summary.json: /duration_s: missing or of the wrong type") !=
                 std::string::npos,
             r.stderr_text);
}

BOOST_AUTO_TEST_CASE(needs_at_least_two_folders) {
  const fs::path dir = fresh_dir("compare-one");
  const CommandResult r = kds_sim("compare " + dir.string(), dir);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.stderr_text.find("needs at least two run folders") != std::string::npos,
             r.stderr_text);
}

BOOST_AUTO_TEST_SUITE_END()
