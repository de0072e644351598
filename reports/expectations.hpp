// A scenario's expectations (SPEC §4 "lessons, exam and quiz") checked on its summary.json, and
// shown: in summary.json's `expectations`, the terminal table and report.html's "Lesson" section.
// They are judged on the summary a reader sees, so a check and the file always agree.
#ifndef KDS_REPORTS_EXPECTATIONS_HPP_
#define KDS_REPORTS_EXPECTATIONS_HPP_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/scenario.hpp"

namespace kds::reports {

struct ExpectationCheck {
  std::string path, op;
  nlohmann::json value;   // expected
  nlohmann::json actual;  // null when summary.json has nothing there (an empty array's element)
  bool met = false;
  std::string because;
};

struct ExpectationResults {
  bool met = true;
  std::vector<ExpectationCheck> checks;
};

ExpectationResults evaluate_expectations(const std::vector<models::ExpectSpec>& expect,
                                         const nlohmann::json& summary);
nlohmann::ordered_json expectations_json(const ExpectationResults& results);
// "  expect    met   /consumers/0/iterator_age_ms/max < 1000 (measured 212.5)" lines.
std::string expectations_lines(const ExpectationResults& results);
// report.html's "Lesson" section: question, options, answer, explanation, facts, and the checks.
std::string lesson_section(const models::Scenario& scenario, const ExpectationResults& results);

}  // namespace kds::reports

#endif  // KDS_REPORTS_EXPECTATIONS_HPP_
