// Alarms and the autoscaler end to end through `kds-sim run` and `compare` (SPEC §4, issue 15), on
// the Black Friday examples: the step policy's requests, the lag alarm, AlarmState rows that agree
// with summary.json, report.html's bands and markers, and determinism on one thread or two.
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/tools/cli_test_support.hpp"

namespace fs = std::filesystem;
using kds::testing::fresh_dir;
using kds::testing::kds_sim;
using kds::testing::read_text;
using kds::testing::scenario;
using nlohmann::json;

namespace {
const json* alarm_named(const json& summary, const std::string& name) {
  for (const json& alarm : summary["alarms"])
    if (alarm["name"] == name) return &alarm;
  return nullptr;
}

// metrics.csv's AlarmState rows of one alarm: (time_s, value).
std::vector<std::pair<double, double>> alarm_rows(const std::string& csv, const std::string& name) {
  std::vector<std::pair<double, double>> rows;
  std::istringstream in(csv);
  std::string line;
  const std::string key = ",AlarmState,alarm:" + name + ",";
  while (std::getline(in, line)) {
    const size_t at = line.find(key);
    if (at == std::string::npos) continue;
    rows.emplace_back(std::stod(line.substr(0, at)), std::stod(line.substr(at + key.size())));
  }
  return rows;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(alarm_cli)

BOOST_AUTO_TEST_CASE(black_friday_scales_out_and_reports_its_alarms) {
  const fs::path dir = fresh_dir("black-friday");
  for (const char* run : {"a", "one-thread"}) {
    if (std::string(run) == "one-thread") setenv("KDS_SIM_THREADS", "1", 1);
    const auto result = kds_sim(
        "run " + scenario("examples/black_friday.json") + " --quiet -o " + (dir / run).string(), dir);
    unsetenv("KDS_SIM_THREADS");
    BOOST_REQUIRE_EQUAL(result.exit_code, 0);
  }
  for (const char* file : {"summary.json", "metrics.csv", "report.html"})
    BOOST_TEST(read_text(dir / "a" / file) == read_text(dir / "one-thread" / file));

  const json summary = json::parse(read_text(dir / "a" / "summary.json"));
  const json& actions = summary["stream"]["scaling_actions"];
  BOOST_REQUIRE_GE(actions.size(), 6u);
  // The scale-out alarm's first breaching minute is 1h00m-1h01m (2,625 records/s on 2 shards):
  // ALARM at 3,660 s, the request 60 s later, applied after UpdateShardCount's 180 s.
  BOOST_TEST(actions[0]["at_s"] == 3720.0);
  BOOST_TEST(actions[0]["from"] == 2);
  BOOST_TEST(actions[0]["to"] == 3);
  BOOST_TEST(actions[0]["outcome"] == "applied");
  BOOST_TEST(actions[0]["completed_s"] == 3900.0);
  for (size_t i = 1; i < 6; ++i) {
    BOOST_TEST(actions[i]["by"] == "autoscaler:step");
    BOOST_TEST(actions[i]["to"] == actions[i]["from"].get<int>() + 1);
    BOOST_TEST(actions[i]["at_s"].get<double>() - actions[i - 1]["at_s"].get<double>() >= 780.0);
  }
  // The lag alarm fires after throttling starts and clears before the end, once the shards caught
  // up; its AlarmState rows say ALARM for exactly its seconds in ALARM (1-minute periods).
  const json* lag = alarm_named(summary, "orders-lag");
  const json* throttled = alarm_named(summary, "write-throttled");
  BOOST_REQUIRE(lag && throttled);
  BOOST_TEST((*lag)["first_alarm_s"].get<double>() > (*throttled)["first_alarm_s"].get<double>());
  BOOST_TEST((*lag)["final_state"] == "OK");
  double in_alarm_s = 0;
  for (const auto& [time_s, value] : alarm_rows(read_text(dir / "a" / "metrics.csv"), "orders-lag"))
    in_alarm_s += value * 60;
  BOOST_TEST(in_alarm_s == (*lag)["seconds_in_alarm"].get<double>());
  BOOST_REQUIRE(alarm_named(summary, "step:scale-out"));

  const std::string html = read_text(dir / "a" / "report.html");
  BOOST_TEST(html.find("id=\"alarm-0\"") != std::string::npos);
  BOOST_TEST(html.find("orders-lag in ALARM") != std::string::npos);
  BOOST_TEST(html.find("class=\"marker\"") != std::string::npos);
  BOOST_TEST(html.find("<h2>Scaling actions</h2>") != std::string::npos);

  // The same traffic on demand: `compare` lists both runs' alarms.
  BOOST_REQUIRE_EQUAL(kds_sim("run " + scenario("examples/black_friday_on_demand.json") +
                                  " --quiet -o " + (dir / "od").string(),
                              dir)
                          .exit_code,
                      0);
  BOOST_REQUIRE_EQUAL(kds_sim("compare " + (dir / "a").string() + " " + (dir / "od").string() +
                                  " -o " + (dir / "compare.html").string(),
                              dir)
                          .exit_code,
                      0);
  const std::string compare = read_text(dir / "compare.html");
  BOOST_TEST(compare.find("<h2>Alarms</h2>") != std::string::npos);
  BOOST_TEST(compare.find("never in ALARM") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
