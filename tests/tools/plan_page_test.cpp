// plan.html (SPEC §4 "plan") from a hand-written plan.json and run folders built in memory: the
// recommended row is starred and links its evidence, a plan without a recommendation names the
// closest options, the neighbour's IteratorAge is drawn against the SLO, the crossover is said in
// words, and the page renders in headless Chromium with every chart drawn.
#include "reports/plan_page.hpp"

#include <algorithm>
#include <limits>
#include <regex>

#include <boost/test/unit_test.hpp>

#include "tests/tools/report_test_support.hpp"

namespace {
using namespace kds::reports::testing;
using Json = nlohmann::json;
using kds::reports::PlanPageInput;
using kds::reports::RunFolder;

// Three options, cheapest first: two shards fail the SLO, three shards are recommended, on-demand
// passes but costs more. The crossover has one change, and an Advantage level with no answer.
Json sample_plan() {
  return Json::parse(R"({
    "scenario": "orders", "seed": 7, "version": "0.9.0", "recommended": "p3-polling",
    "slo": {"max_iterator_age_s": 30}, "headroom": 1.25,
    "options": [
      {"id": "p2-polling", "mode": "PROVISIONED", "shards": 2,
       "consumers": {"app": {"type": "polling"}}, "label": "PROVISIONED 2 shards; app polling",
       "role": "one shard fewer than the recommendation", "monthly_usd": 22,
       "cost": {"shard_hours_usd": 1, "put_payload_units_usd": 0.5, "total_usd": 1.5,
                "monthly_usd": 22},
       "slo_met": false, "violations": ["max_iterator_age (app): 75 s > 30 s"],
       "not_judged_by_estimate": [], "headroom_met": false, "headroom_violations": [],
       "max_rate_multiple": 0.81, "max_iterator_age_ms": 75000,
       "binding": "max_iterator_age (app): 75 s > 30 s", "evidence": "runs/p2-polling",
       "source": "simulated"},
      {"id": "p3-polling", "mode": "PROVISIONED", "shards": 3,
       "consumers": {"app": {"type": "polling"},
                     "fn": {"type": "efo", "lambda": true, "parallelization_factor": 4,
                            "batch_size": 100}},
       "label": "PROVISIONED 3 shards; app polling", "role": "best PROVISIONED",
       "monthly_usd": 33,
       "cost": {"shard_hours_usd": 1, "put_payload_units_usd": 0.5, "total_usd": 1.5,
                "monthly_usd": 33},
       "slo_met": true, "violations": [], "not_judged_by_estimate": [], "headroom_met": true,
       "headroom_violations": [], "max_rate_multiple": 1.37, "max_iterator_age_ms": 4000,
       "binding": "one shard fewer (simulated): max_iterator_age (app): 75 s > 30 s",
       "evidence": "runs/p3-polling", "source": "simulated"},
      {"id": "od-polling", "mode": "ON_DEMAND", "shards": null,
       "consumers": {"app": {"type": "polling"}}, "label": "ON_DEMAND; app polling",
       "role": "best ON_DEMAND", "monthly_usd": 40,
       "cost": {"stream_hours_usd": 2, "data_in_usd": 1, "total_usd": 3, "monthly_usd": 40},
       "slo_met": true, "violations": [], "not_judged_by_estimate": ["p99_propagation_delay"],
       "headroom_met": true, "headroom_violations": [], "max_rate_multiple": 8,
       "max_iterator_age_ms": 1000, "binding": "busiest: shard write bytes", "evidence": null,
       "source": "estimated"}],
    "formulas": {"aws_dev_guide_shards": 2, "aws_faq_shards": 2,
                 "inputs": {"records_per_s": 1500, "average_record_bytes": 1024,
                            "shared_consumers": 1},
                 "note": "max(in/1 MiB/s, out/2 MiB/s) per shard"},
    "crossover": {"modes": ["PROVISIONED", "ON_DEMAND_ADVANTAGE"],
                  "levels": [
                    {"rate_multiple": 0.5, "ingest_mib_per_s": 1, "provisioned_shards": 2,
                     "monthly_usd": {"PROVISIONED": 20, "ON_DEMAND_ADVANTAGE": null}},
                    {"rate_multiple": 1, "ingest_mib_per_s": 2, "provisioned_shards": 3,
                     "monthly_usd": {"PROVISIONED": 33, "ON_DEMAND_ADVANTAGE": 40}},
                    {"rate_multiple": 2, "ingest_mib_per_s": 4, "provisioned_shards": 6,
                     "monthly_usd": {"PROVISIONED": 66, "ON_DEMAND_ADVANTAGE": 50}}],
                  "changes": [{"from": "PROVISIONED", "to": "ON_DEMAND_ADVANTAGE",
                               "at_rate_multiple": 1.6, "at_ingest_mib_per_s": 3.2}]},
    "prices": {"region": "us-east-1", "prices_date": "2025-06-01",
               "advantage_prices_date": "2025-05-15", "advantage_prices_uncertain": true,
               "advantage_commitment_mib_per_s": 25, "note": "third-party figures"},
    "notes": ["hot key: producer orders' most frequent key carries 40 % of its records"],
    "searched": {"estimated": 118, "simulated": 3, "wall_s": 4.2}})");
}

// A run of one polling consumer "app" whose IteratorAge is `ages_ms`, one value a minute.
RunFolder run_with_age(const std::string& path, const std::vector<double>& ages_ms, bool slo_met) {
  RunFolder run;
  run.path = path;
  run.summary.slo_met = slo_met;
  if (!slo_met) run.summary.slo_violations.push_back("max_iterator_age (app): 75 > 30");
  kds::reports::ConsumerSummary app;
  app.name = "app";
  app.type = "polling";
  for (double age : ages_ms) app.iterator_age_max_ms = std::max(app.iterator_age_max_ms, age);
  run.summary.consumers.push_back(app);
  for (size_t i = 0; i < ages_ms.size(); ++i) run.time_s.push_back(60.0 * static_cast<double>(i));
  run.metrics[{"GetRecords.IteratorAgeMilliseconds", "consumer:app"}] = ages_ms;
  return run;
}

PlanPageInput input_with_runs() {
  return {sample_plan(), run_with_age("runs/p3-polling", {1000, 4000, 2000}, true),
          run_with_age("runs/p2-polling", {5000, 40000, 75000}, false), "p2-polling"};
}

// The table row (one line of the page) that starts with `<tr` and holds `needle`, or "".
std::string row_holding(const std::string& html, const std::string& needle) {
  std::smatch m;
  const std::regex row("<tr[^\n]*</tr>");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), row); it != std::sregex_iterator();
       ++it) {
    if (it->str().find(needle) != std::string::npos) return it->str();
  }
  return "";
}

size_t occurrences(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// The text between `from` and the next `to` after it, or "".
std::string between(const std::string& text, const std::string& from, const std::string& to) {
  const size_t begin = text.find(from);
  if (begin == std::string::npos) return "";
  const size_t end = text.find(to, begin);
  return text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(plan_page)

BOOST_AUTO_TEST_CASE(stars_the_recommended_row_and_links_its_report) {
  const std::string html = kds::reports::plan_page({sample_plan(), {}, {}, ""});
  BOOST_TEST(occurrences(html, "<tr class=\"recommended\">") == 1u);
  const std::string row = row_holding(html, "<tr class=\"recommended\">");
  BOOST_TEST(row.find("<td>\u2605 2</td>") != std::string::npos, row);
  BOOST_TEST(
      row.find("<a href=\"runs/p3-polling/report.html\">p3-polling</a>") != std::string::npos, row);
  BOOST_TEST(row.find("x1.37") != std::string::npos, row);
  // The cheaper, failing neighbour is ranked first, unstarred, and shows how it fails.
  const std::string first = row_holding(html, "p2-polling/report.html");
  BOOST_TEST(first.find("<tr><td>1</td>") == 0u, first);
  BOOST_TEST(first.find("75 s &gt; 30 s") != std::string::npos, first);
  // An option without evidence is not a link.
  BOOST_TEST(html.find("od-polling/report.html") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(headline_names_the_recommendation_its_cost_and_what_binds_it) {
  const std::string html = kds::reports::plan_page({sample_plan(), {}, {}, ""});
  const std::string headline = between(html, "<section id=\"headline\">", "</section>");
  BOOST_TEST(headline.find("PROVISIONED 3 shards; app polling") != std::string::npos, headline);
  BOOST_TEST(headline.find("$33.00") != std::string::npos, headline);
  BOOST_TEST(headline.find("simulated") != std::string::npos, headline);
  BOOST_TEST(headline.find("Binding constraint: one shard fewer (simulated)") != std::string::npos,
             headline);
  BOOST_TEST(
      headline.find("<li>hot key: producer orders&#39; most frequent key") != std::string::npos,
      headline);
}

BOOST_AUTO_TEST_CASE(without_a_recommendation_lists_the_closest_options_fewest_violations_first) {
  Json plan = sample_plan();
  plan["recommended"] = nullptr;
  for (Json& o : plan["options"]) o["slo_met"] = false;
  plan["options"][0]["violations"] = {"max_iterator_age (app): 75 s > 30 s",
                                      "max_lost_records: 12 > 0"};
  plan["options"][1]["violations"] = {"max_iterator_age (app): 31 s > 30 s"};
  plan["options"][2]["violations"] = {"max_write_throttle_ratio: 0.02 > 0.01"};
  const std::string html = kds::reports::plan_page({plan, {}, {}, ""});
  BOOST_TEST(html.find("No option meets the SLOs") != std::string::npos);
  BOOST_TEST(html.find("<tr class=\"recommended\">") == std::string::npos);
  // One violation each, cheapest first (p3 before on-demand), then the two-violation option.
  const std::string closest = between(html, "<ol class=\"closest\">", "</ol>");
  const size_t p3 = closest.find("(p3-polling)"), od = closest.find("(od-polling)"),
               p2 = closest.find("(p2-polling)");
  BOOST_REQUIRE(p3 != std::string::npos && od != std::string::npos && p2 != std::string::npos);
  BOOST_TEST(p3 < od);
  BOOST_TEST(od < p2);
  BOOST_TEST(closest.find("31 s &gt; 30 s") != std::string::npos, closest);
}

BOOST_AUTO_TEST_CASE(draws_the_neighbours_iterator_age_beside_the_recommendation_and_the_slo) {
  const std::string html = kds::reports::plan_page(input_with_runs());
  const std::string chart = between(html, "id=\"plan-iterator-age\"", "</svg>");
  BOOST_REQUIRE(!chart.empty());
  BOOST_TEST(occurrences(chart, "class=\"series data\"") == 2u);
  BOOST_TEST(chart.find("<title>recommended p3-polling \u00b7 app</title>") != std::string::npos);
  BOOST_TEST(chart.find("<title>one shard fewer p2-polling \u00b7 app</title>") !=
             std::string::npos);
  BOOST_TEST(chart.find("SLO: max IteratorAge 30s") != std::string::npos, chart);
  BOOST_TEST(html.find("the one-shard-fewer neighbour p2-polling fails the SLOs: "
                       "max_iterator_age (app): 75 &gt; 30") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(without_simulated_runs_says_so_instead_of_an_empty_chart) {
  const std::string html = kds::reports::plan_page({sample_plan(), {}, {}, "p2-polling"});
  BOOST_TEST(html.find("id=\"plan-iterator-age\"") == std::string::npos);
  BOOST_TEST(html.find("Neither the recommendation nor its neighbour was simulated") !=
             std::string::npos);
  BOOST_TEST(html.find("The one-shard-fewer neighbour p2-polling was not simulated.") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(formulas_table_puts_the_plans_shards_beside_aws_formulas) {
  const std::string html = kds::reports::plan_page({sample_plan(), {}, {}, ""});
  const std::string formulas = between(html, "<section id=\"formulas\">", "</section>");
  BOOST_TEST(row_holding(formulas, "AWS developer guide").find("<td>2</td>") != std::string::npos);
  BOOST_TEST(row_holding(formulas, "this plan: PROVISIONED 3 shards").find("<td>3</td>") !=
                 std::string::npos,
             formulas);
  BOOST_TEST(formulas.find("The plan needs 1 shard(s) more than the developer guide&#39;s "
                           "formula; what binds it: one shard fewer") != std::string::npos,
             formulas);
}

BOOST_AUTO_TEST_CASE(cost_breakdown_scales_each_part_to_a_month) {
  const std::string html = kds::reports::plan_page({sample_plan(), {}, {}, ""});
  const std::string chart = between(html, "id=\"plan-cost\"", "</svg>");
  // p3: $1 of $1.50 for the run is shard hours, so $22 of its $33 a month.
  BOOST_TEST(chart.find("p3-polling \u2605") != std::string::npos, chart);
  BOOST_TEST(chart.find("<title>shard hours: $22.00</title>") != std::string::npos, chart);
  BOOST_TEST(chart.find("<title>PUT payload units: $11.00</title>") != std::string::npos, chart);
  BOOST_TEST(occurrences(chart, "<rect class=\"data\"") == 6u);  // 3 options x 2 parts
}

BOOST_AUTO_TEST_CASE(crossover_sentence_names_the_modes_and_the_rate) {
  const std::string html = kds::reports::plan_page({sample_plan(), {}, {}, ""});
  BOOST_TEST(html.find("Above about 3.2 MiB/s (x1.6 of this workload), ON_DEMAND_ADVANTAGE "
                       "becomes cheaper than PROVISIONED.") != std::string::npos);
  // Advantage has no answer at x1/2: its line starts at the second level.
  const std::string chart = between(html, "id=\"plan-crossover\"", "</svg>");
  BOOST_TEST(occurrences(chart, "<circle class=\"data\"") == 5u, chart);
}

BOOST_AUTO_TEST_CASE(one_cheapest_mode_everywhere_is_said_in_words) {
  Json plan = sample_plan();
  plan["crossover"]["changes"] = Json::array();
  for (Json& level : plan["crossover"]["levels"]) level["monthly_usd"]["ON_DEMAND_ADVANTAGE"] = 99;
  const std::string html = kds::reports::plan_page({plan, {}, {}, ""});
  BOOST_TEST(html.find("One mode is cheapest at every level from x1/2 to x2 of this workload: "
                       "PROVISIONED.") != std::string::npos);
  BOOST_TEST(html.find("becomes cheaper than") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(provenance_shows_region_dates_and_what_was_searched) {
  const std::string html = kds::reports::plan_page({sample_plan(), {}, {}, ""});
  const std::string section = between(html, "<section id=\"provenance\">", "</section>");
  BOOST_TEST(section.find("us-east-1, dated 2025-06-01") != std::string::npos, section);
  BOOST_TEST(section.find("dated 2025-05-15, UNCERTAIN") != std::string::npos, section);
  BOOST_TEST(
      section.find("Searched: 118 candidates estimated, 3 simulated in 4.2s.") != std::string::npos,
      section);
}

BOOST_AUTO_TEST_CASE(missing_keys_wrong_types_and_non_finite_numbers_do_not_throw) {
  BOOST_CHECK_NO_THROW(kds::reports::plan_page({Json::object(), {}, {}, ""}));
  BOOST_CHECK_NO_THROW(kds::reports::plan_page({Json::array(), {}, {}, ""}));
  Json odd = Json::parse(R"({"options": 5, "crossover": "x", "formulas": [], "notes": [1, 2],
                             "prices": null, "searched": {"estimated": "many"}})");
  BOOST_CHECK_NO_THROW(kds::reports::plan_page({odd, {}, {}, ""}));
  Json plan = sample_plan();
  plan["options"][1]["monthly_usd"] = std::numeric_limits<double>::quiet_NaN();
  plan["options"][1]["max_rate_multiple"] = std::numeric_limits<double>::infinity();
  plan["options"][1]["cost"]["total_usd"] = 0;
  const std::string html = kds::reports::plan_page({plan, {}, {}, ""});
  for (const char* bad : {"nan", "inf", "NaN", "Inf"}) {
    BOOST_TEST(std::regex_search(html, std::regex(std::string(">[^<]*\\b") + bad + "\\b")) == false,
               bad);
  }
}

BOOST_AUTO_TEST_CASE(escapes_the_plans_text) {
  Json plan = sample_plan();
  plan["scenario"] = "<script>alert(1)</script>";
  plan["options"][1]["binding"] = "a < b & \"c\"";
  const std::string html = kds::reports::plan_page({plan, {}, {}, ""});
  BOOST_TEST(html.find("<script>alert(1)") == std::string::npos);
  BOOST_TEST(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  BOOST_TEST(html.find("a &lt; b &amp; &quot;c&quot;") != std::string::npos);
}

// The page's own check: every chart drew data, no script error, no console message.
BOOST_AUTO_TEST_CASE(renders_in_headless_chromium_with_every_chart_drawn) {
  const fs::path dir = fresh_dir("plan-page");
  std::ofstream(dir / "plan.html") << kds::reports::plan_page(input_with_runs());
  const BrowserRun page = open_in_chromium(dir / "plan.html", "--dump-dom", dir);
  BOOST_REQUIRE_EQUAL(page.exit_code, 0);
  BOOST_TEST(page.console.empty(), "console messages:" << joined(page.console));
  BOOST_TEST(body_attribute(page.dom, "data-chart-check") == "ok");
  BOOST_TEST(body_attribute(page.dom, "data-js-errors") == "0");
  BOOST_TEST(chart_drawn(page.dom, "plan-cost") == 6);
  BOOST_TEST(chart_drawn(page.dom, "plan-iterator-age") == 2);
  // Per mode: a band, the line and a point per level (PROVISIONED 3, Advantage 2).
  BOOST_TEST(chart_drawn(page.dom, "plan-crossover") == (1 + 1 + 3) + (1 + 1 + 2));
}

BOOST_AUTO_TEST_SUITE_END()
