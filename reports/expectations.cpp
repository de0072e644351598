#include "reports/expectations.hpp"

#include "reports/html_page.hpp"
#include "reports/output_files.hpp"

namespace kds::reports {

namespace {
nlohmann::json expected_value(const models::ExpectSpec& e) {
  switch (e.kind) {
    case models::ExpectSpec::Kind::kBool:
      return e.boolean;
    case models::ExpectSpec::Kind::kString:
      return e.text;
    case models::ExpectSpec::Kind::kNumber:
      break;
  }
  return e.number;
}

bool holds(const nlohmann::json& actual, const std::string& op, const nlohmann::json& value) {
  if (actual.is_number() && value.is_number()) {
    const double a = actual.get<double>(), v = value.get<double>();
    if (op == "<") return a < v;
    if (op == "<=") return a <= v;
    if (op == ">") return a > v;
    if (op == ">=") return a >= v;
    if (op == "==") return a == v;
    return a != v;
  }
  if (op == "==") return actual == value;
  if (op == "!=") return !actual.is_null() && actual != value;
  return false;  // an order between non-numbers, or nothing measured
}

std::string text(const nlohmann::json& v) {
  if (v.is_null()) return "nothing";
  if (v.is_number()) return format_number(v.get<double>());
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}
}  // namespace

ExpectationResults evaluate_expectations(const std::vector<models::ExpectSpec>& expect,
                                         const nlohmann::json& summary) {
  ExpectationResults out;
  for (const models::ExpectSpec& e : expect) {
    ExpectationCheck c;
    c.path = e.path;
    c.op = e.op;
    c.value = expected_value(e);
    c.because = e.because;
    const nlohmann::json::json_pointer pointer(e.path);  // checked by the loader
    if (summary.contains(pointer)) c.actual = summary.at(pointer);
    c.met = holds(c.actual, c.op, c.value);
    out.met = out.met && c.met;
    out.checks.push_back(std::move(c));
  }
  return out;
}

nlohmann::ordered_json expectations_json(const ExpectationResults& results) {
  nlohmann::ordered_json checks = nlohmann::ordered_json::array();
  for (const ExpectationCheck& c : results.checks) {
    checks.push_back({{"path", c.path},
                      {"op", c.op},
                      {"value", nlohmann::ordered_json::parse(c.value.dump())},
                      {"actual", nlohmann::ordered_json::parse(c.actual.dump())},
                      {"met", c.met}});
  }
  return nlohmann::ordered_json{{"met", results.met}, {"checks", checks}};
}

std::string expectations_lines(const ExpectationResults& results) {
  std::string out;
  for (const ExpectationCheck& c : results.checks) {
    out += std::string("  expect    ") + (c.met ? "met     " : "NOT MET ") + c.path + " " + c.op +
           " " + text(c.value) + " (measured " + text(c.actual) + ")\n";
  }
  return out;
}

std::string lesson_section(const models::Scenario& scenario, const ExpectationResults& results) {
  if (!scenario.lesson && results.checks.empty()) return "";
  std::string out = "<section id=\"lesson\"><h2>Lesson</h2>\n";
  if (scenario.lesson) {
    const models::LessonSpec& l = *scenario.lesson;
    if (l.asks()) {
      out += "<p><strong>" + escape_html(l.topic) + ":</strong> " + escape_html(l.question) +
             "</p>\n<ul class=\"options\">";
      for (const auto& [letter, option] : l.options) {
        const bool right = letter == l.answer;
        out += std::string("<li") + (right ? " class=\"answer\"" : "") + "><strong>" +
               escape_html(letter) + "</strong> " + escape_html(option) +
               (right ? " \u2714 the answer" : "") + "</li>";
      }
      out += "</ul>\n<p>" + escape_html(l.explanation) + "</p>\n";
    }
    if (!l.shows.empty()) {
      out += "<p>This scenario shows option <strong>" + escape_html(l.shows) + "</strong>.</p>\n";
    }
    if (!l.facts.empty()) {
      std::string facts;
      for (const std::string& f : l.facts) facts += (facts.empty() ? "" : ", ") + f;
      out += "<p class=\"note\">Facts: " + escape_html(facts) +
             " (the fact sheet's rows).</p>\n";
    }
  }
  std::vector<std::vector<std::string>> rows;
  for (const ExpectationCheck& c : results.checks) {
    rows.push_back({c.path + " " + c.op + " " + text(c.value), text(c.actual),
                    c.met ? "met" : "NOT MET", c.because});
  }
  if (!rows.empty()) out += html_table({"expectation", "measured", "verdict", "because"}, rows);
  return out + "</section>\n";
}

}  // namespace kds::reports
