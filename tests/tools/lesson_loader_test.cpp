// Lessons and expectations in the scenario format (SPEC §4 "lessons, exam and quiz", issue 14):
// a path summary.json can never have is refused at load time, and every place a real summary.json
// has is a path the loader accepts.
#include <string>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "models/run_assessment.hpp"
#include "reports/summary_json.hpp"
#include "tests/sim_harness.hpp"
#include "tests/tools/scenario_test_support.hpp"
#include "tools/scenario_loader.hpp"

namespace kds::front {
namespace {

using nlohmann::json;
using testing::loaded;
using testing::minimal_scenario;
using testing::only_error;
using testing::with;

json lesson() {
  return json::parse(R"({"topic": "reads", "question": "Which is faster?",
    "options": {"A": "polling", "B": "enhanced fan-out"}, "answer": "B",
    "explanation": "EFO pushes.", "facts": ["T17"], "shows": "A"})");
}

json expectation(const std::string& path, const std::string& op, const json& value) {
  return json::array({{{"path", path}, {"op", op}, {"value", value}, {"because", "why"}}});
}

void expect_only_error(const json& doc, const std::string& where, const std::string& rule) {
  const ValidationError error = only_error(doc);
  BOOST_TEST(error.where == where);
  BOOST_TEST(error.rule == rule);
}

// Every JSON pointer of `j`, array elements included.
void walk(const json& j, const std::string& at, std::vector<std::string>& out) {
  if (!at.empty()) out.push_back(at);
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) walk(v, at + "/" + k, out);
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) walk(j[i], at + "/" + std::to_string(i), out);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lesson_block)

BOOST_AUTO_TEST_CASE(loads_a_lesson_and_its_expectations) {
  json doc = with(minimal_scenario(), "/lesson", lesson());
  doc = with(doc, "/expect", expectation("/consumers/0/iterator_age_ms/max", "<", 1000));
  const models::Scenario s = loaded(doc);
  BOOST_REQUIRE(s.lesson.has_value());
  BOOST_TEST(s.lesson->asks());
  BOOST_TEST(s.lesson->options.size() == 2u);
  BOOST_TEST(s.lesson->shows == "A");
  BOOST_REQUIRE(s.expect.size() == 1u);
  BOOST_TEST(s.expect[0].op == "<");
  BOOST_TEST(s.expect[0].number == 1000.0);
  // A sibling scenario of a trap only says which option it shows.
  BOOST_TEST(loaded(with(with(minimal_scenario(), "/lesson", json{{"shows", "B"}}), "/expect",
                         expectation("/slo/met", "==", true)))
                 .lesson->shows == "B");
}

BOOST_AUTO_TEST_CASE(refuses_paths_summary_json_never_has) {
  expect_only_error(with(minimal_scenario(), "/expect",
                         expectation("/consumers/0/iterator_age/max", "<", 1)),
                    "/expect/0/path", "summary.json has no /consumers/0/iterator_age/max");
  expect_only_error(with(minimal_scenario(), "/expect",
                         expectation("/consumers/1/lost_records", "==", 0)),
                    "/expect/0/path",
                    "summary.json has no /consumers/1/lost_records: the scenario has 1 "
                    "consumer(s), indexed from 0");
  expect_only_error(with(minimal_scenario(), "/expect", expectation("/stream/mode", "<", "X")),
                    "/expect/0/value", "must be a number for op <, got \"X\"");
  // The value must be of the place's kind; a place must be one value; '*' is no index.
  expect_only_error(with(minimal_scenario(), "/expect", expectation("/stream/mode", "==", 3)),
                    "/expect/0/value", "must be a string, as /stream/mode is, got 3");
  expect_only_error(with(minimal_scenario(), "/expect",
                         expectation("/stream/write_throttle_ratio", "!=", "abc")),
                    "/expect/0/value",
                    "must be a number, as /stream/write_throttle_ratio is, got \"abc\"");
  expect_only_error(with(minimal_scenario(), "/expect", expectation("/stream", "==", 1)),
                    "/expect/0/path",
                    "names an object or array of summary.json; name one value in it");
  expect_only_error(with(minimal_scenario(), "/expect",
                         expectation("/shards/*/incoming_records", ">", 1)),
                    "/expect/0/path", "summary.json has no /shards/*/incoming_records");
  expect_only_error(with(minimal_scenario(), "/expect",
                         expectation("/consumers/0/lambda/invocations", ">", 1)),
                    "/expect/0/path",
                    "summary.json has no /consumers/0/lambda/invocations: consumer 0 is not a "
                    "lambda");
  expect_only_error(with(minimal_scenario(), "/expect", expectation("/stream/mode", "=", "X")),
                    "/expect/0/op",
                    "must be \"<\", \"<=\", \">\", \">=\", \"==\" or \"!=\", got \"=\"");
}

// A lesson needs at least one expectation, texts that say something, and facts that are rows.
BOOST_AUTO_TEST_CASE(a_lesson_needs_checks_texts_and_fact_rows) {
  expect_only_error(with(minimal_scenario(), "/lesson", lesson()), "/expect",
                    "required with a lesson: at least one check on summary.json");
  json doc = with(minimal_scenario(), "/expect", expectation("/slo/met", "==", true));
  expect_only_error(with(doc, "/lesson", with(lesson(), "/question", "")), "/lesson/question",
                    "must not be empty");
  expect_only_error(with(doc, "/lesson", with(lesson(), "/facts", json{"T99x"})),
                    "/lesson/facts/0",
                    "must name a fact-sheet row such as T17, P4 or §8, got \"T99x\"");
}

BOOST_AUTO_TEST_CASE(refuses_an_answer_that_is_not_an_option) {
  const json checked = with(minimal_scenario(), "/expect", expectation("/slo/met", "==", true));
  expect_only_error(with(checked, "/lesson", with(lesson(), "/answer", "C")),
                    "/lesson/answer", "must be one of the options (A, B), got \"C\"");
  json no_question = lesson();
  no_question.erase("question");
  const LoadResult r = load_scenario(with(checked, "/lesson", no_question), ".");
  BOOST_REQUIRE(r.errors.size() == 3u);
  for (const ValidationError& e : r.errors)
    BOOST_TEST(e.rule == "only in a lesson that asks a question");
  BOOST_TEST(r.errors[0].where == "/lesson/options");
}

// The loader's list of summary.json's places against real summaries: a run with every consumer
// type, a refused event and an SLO violation.
BOOST_AUTO_TEST_CASE(every_place_of_a_real_summary_is_an_accepted_path) {
  const json doc = json::parse(R"({"name": "all", "duration": "3m", "seed": 1,
    "stream": {"shards": 2},
    "producers": [{"name": "p", "rate": 1500, "record_bytes": 800, "keys": {"uniform": 100}}],
    "consumers": [{"name": "a", "type": "polling", "workers": 2},
                  {"name": "e", "type": "efo"},
                  {"name": "f", "type": "lambda"}],
    "events": [{"at": "1m", "update_shard_count": 5}, {"at": "2m", "split_shard": "shardId-000000000000"},
               {"at": "90s", "stop_consumer": "a", "worker": 0}],
    "slo": {"max_iterator_age": "1ms"}})");
  const models::RunAssessment a = kds::testing::simulate_doc(doc);
  const models::Scenario s = loaded(doc);
  const json summary = json::parse(reports::summary_json(s, a, "test"));
  std::vector<std::string> paths;
  walk(summary, "", paths);
  BOOST_TEST(paths.size() > 100u);
  for (const std::string& p : paths) {
    BOOST_TEST_CONTEXT(p) { BOOST_TEST(!summary_path_problem(p, s.consumers).has_value()); }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace kds::front
