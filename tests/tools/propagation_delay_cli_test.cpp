// Issue 17 end to end: the propagation delay in summary.json, metrics.csv, report.html and the
// terminal table, and its SLO under --fail-on-slo.
#include <filesystem>
#include <fstream>
#include <string>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/tools/cli_test_support.hpp"

namespace fs = std::filesystem;
using kds::testing::fresh_dir;
using kds::testing::kds_sim;
using kds::testing::read_text;

namespace {
// Two shards, a surge from 60 s until `surge_end`, one KCL worker taking 2 ms a record.
fs::path surge_scenario(const fs::path& dir, const std::string& surge_end) {
  const nlohmann::json doc = nlohmann::json::parse(R"({
    "name": "surge", "duration": "3m", "seed": 7, "stream": {"shards": 2},
    "producers": [{"name": "p", "record_bytes": 500,
                   "rate": {"steps": [["0s", 800], ["60s", 1800], [")" + surge_end + R"(", 800]]}}],
    "consumers": [{"name": "kcl", "type": "polling", "processing": {"per_record": "2ms"}}],
    "slo": {"max_propagation_delay": "6s"},
    "report": {"interval": "10s"}})");
  const fs::path path = dir / ("surge-" + surge_end + ".json");
  std::ofstream(path) << doc.dump(2);
  return path;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(propagation_delay_cli)

// A 10 s surge keeps the last surge record waiting about 9 s: over a 6 s max_propagation_delay,
// so --fail-on-slo exits 3; a 3 s surge (about 3.4 s) meets it.
BOOST_AUTO_TEST_CASE(max_propagation_delay_fails_the_run_only_when_the_surge_is_too_long) {
  const fs::path dir = fresh_dir("delay-slo");
  const std::string out = (dir / "out").string();
  const auto long_surge =
      kds_sim("run " + surge_scenario(dir, "70s").string() + " --fail-on-slo -o " + out, dir);
  BOOST_TEST(long_surge.exit_code == 3);
  const auto summary = nlohmann::json::parse(read_text(dir / "out" / "summary.json"));
  BOOST_TEST(summary["slo"]["violations"][0]["what"] == "max_propagation_delay");
  const auto& delay = summary["consumers"][0]["propagation_delay_ms"];
  BOOST_TEST(delay["max"].get<double>() > 7650.0);
  BOOST_TEST(delay["max"].get<double>() < 10350.0);
  BOOST_TEST(delay["p999"].get<double>() <= delay["max"].get<double>());
  BOOST_TEST(delay["p99"].get<double>() <= delay["p999"].get<double>());
  BOOST_TEST(summary["consumers"][0]["iterator_age_ms"]["max"].get<double>() < 1000.0);
  // The terminal table shows the delay's max and p99; report.html charts it with the SLO line.
  BOOST_TEST(has(long_surge.stdout_text, "delay max"));
  const std::string report = read_text(dir / "out" / "report.html");
  BOOST_TEST(has(report, "Propagation delay: kcl"));
  BOOST_TEST(has(report, "SLO max_propagation_delay 6s"));
  // metrics.csv: the period maximum and p99 per consumer, and the KCL's MillisBehindLatest.
  const std::string csv = read_text(dir / "out" / "metrics.csv");
  BOOST_TEST(has(csv, "\n70,PropagationDelayMilliseconds,consumer:kcl,"));
  BOOST_TEST(has(csv, "\n70,PropagationDelayMilliseconds.p99,consumer:kcl,"));
  BOOST_TEST(has(csv, "\n70,MillisBehindLatest,consumer:kcl,0\n"));

  const std::string short_out = (dir / "short").string();
  const auto short_surge = kds_sim(
      "run " + surge_scenario(dir, "63s").string() + " --fail-on-slo --quiet -o " + short_out, dir);
  BOOST_TEST(short_surge.exit_code == 0);
  // compare overlays both runs' delays: each consumer's period maximum and p99.
  const std::string page = (dir / "compare.html").string();
  BOOST_REQUIRE(kds_sim("compare " + out + " " + short_out + " --quiet -o " + page, dir).exit_code ==
                0);
  const std::string html = read_text(page);
  BOOST_TEST(has(html, "Propagation delay by run and consumer"));
  BOOST_TEST(has(html, "out \u00b7 kcl p99"));
  BOOST_TEST(has(html, "short \u00b7 kcl max"));
}

BOOST_AUTO_TEST_SUITE_END()
