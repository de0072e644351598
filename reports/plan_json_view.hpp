// Reading plan.json defensively and formatting its numbers, for plan.html's sections
// (reports/plan_page.cpp, reports/plan_crossover_section.cpp): a missing or mistyped key reads as
// absent (text "", number NaN), and every number prints finite or as "–".
#ifndef KDS_REPORTS_PLAN_JSON_VIEW_HPP_
#define KDS_REPORTS_PLAN_JSON_VIEW_HPP_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kds::reports::plan_view {

using Json = nlohmann::json;

const Json& member(const Json& j, const char* key);
double number_at(const Json& j, const char* key);
std::string text_at(const Json& j, const char* key);
bool flag_at(const Json& j, const char* key, bool fallback);
std::vector<std::string> texts_at(const Json& j, const char* key);
std::vector<const Json*> options_of(const Json& plan);
std::string joined(const std::vector<std::string>& parts, const std::string& separator);
std::string whole(double value);
std::string multiple(double m);
double three_digits(double x);
std::string usd(double value);
std::string mib_per_s(double mib);

}  // namespace kds::reports::plan_view

#endif  // KDS_REPORTS_PLAN_JSON_VIEW_HPP_
