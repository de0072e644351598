// sweep.html end to end (issue 12): merge writes it beside results.csv; headless Chromium renders
// it with every chart drawn and no console message; one chart per numeric axis and headline
// figure, one line per value of the other axis, and a row per run in the table.
#include <filesystem>
#include <fstream>
#include <regex>

#include <boost/test/unit_test.hpp>

#include "tests/tools/report_test_support.hpp"

namespace {
using namespace kds::reports::testing;
}  // namespace

BOOST_AUTO_TEST_SUITE(sweep_page)

BOOST_AUTO_TEST_CASE(renders_a_chart_per_numeric_axis_and_a_row_per_run) {
  const fs::path dir = fresh_dir("sweep-page");
  std::ofstream(dir / "sweep.json") << R"({
    "name": "page", "seeds": [1, 2],
    "base": {"name": "page-base", "duration": "5m", "stream": {"shards": 1},
             "producers": [{"name": "p", "rate": 1500, "record_bytes": 400, "keys": {"uniform": 500}}],
             "consumers": [{"name": "app", "type": "polling"}], "report": {"interval": "60s"}},
    "axes": {"/stream/shards": [1, 2, 3],
             "/consumers/0": [{"name": "app", "type": "polling"}, {"name": "app", "type": "efo"}]}})";
  const CommandResult r =
      kds_sim("sweep " + (dir / "sweep.json").string() + " -o " + (dir / "out").string(), dir);
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.stderr_text);
  BOOST_TEST(r.stdout_text.find("results.csv and sweep.html") != std::string::npos);
  const std::string html = read_text(dir / "out" / "sweep.html");
  // /stream/shards is numeric, /consumers/0 is not: 6 charts (throttle ratio, lost records, the
  // app's max IteratorAge, two costs) of 2 lines each (polling, EFO), 3 points a line.
  BOOST_TEST(html.find("id=\"sweep-chart-4\"") != std::string::npos);
  BOOST_TEST(html.find("id=\"sweep-chart-5\"") == std::string::npos);
  BOOST_TEST(html.find("Against /consumers/0") == std::string::npos);
  const std::regex run_row("<tr><td>c000[0-5]</td>");
  const auto rows = std::distance(std::sregex_iterator(html.begin(), html.end(), run_row),
                                  std::sregex_iterator());
  BOOST_TEST(rows == 12);

  const BrowserRun page = open_in_chromium(dir / "out" / "sweep.html", "--dump-dom", dir);
  BOOST_REQUIRE_EQUAL(page.exit_code, 0);
  BOOST_TEST(page.console.empty(), "console messages:" << joined(page.console));
  BOOST_TEST(body_attribute(page.dom, "data-chart-check") == "ok");
  BOOST_TEST(body_attribute(page.dom, "data-js-errors") == "0");
  // Per line: a band, the mean's path and 3 points.
  BOOST_TEST(chart_drawn(page.dom, "sweep-chart-0") == 2 * (1 + 1 + 3));
}

BOOST_AUTO_TEST_SUITE_END()
