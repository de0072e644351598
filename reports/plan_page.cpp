// The page reads plan.json, not the planner's structs, so it can be rebuilt from a plan folder and
// keeps reports/ independent of plan/. Every key is looked up defensively: a missing or mistyped
// key reads as absent (text "", number NaN shown as "–"), never as an exception. The order follows
// what a reader asks (planning.md §7): what to buy and why, the alternatives with their SLO
// verdicts and headroom, where the money goes, how the answer compares with AWS's formulas, the
// simulated evidence that one shard fewer fails, when another capacity mode becomes cheaper, and
// where the prices come from. Costs in plan.json are per simulated (or estimated) window; the
// breakdown scales each part by monthly_usd / total_usd, exactly as monthly_usd itself was scaled.
#include "reports/plan_page.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <limits>
#include <tuple>
#include <utility>
#include <vector>

#include "models/units.hpp"
#include "reports/chart_axis.hpp"
#include "reports/html_page.hpp"
#include "reports/plan_crossover_section.hpp"
#include "reports/plan_json_view.hpp"
#include "reports/svg_chart.hpp"

namespace kds::reports {

namespace {
using Json = nlohmann::json;
using namespace plan_view;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// The cost chart's bars: more would not fit a screen, and the expensive tail says little.
constexpr size_t kMaxCostBars = 10;
// "The closest options" listed when nothing meets the SLOs.
constexpr size_t kClosestOptions = 3;

// Styles of this page only; the shared sheet is in reports/html_page.cpp.
constexpr const char* kPageStyle = R"css(
tr.recommended td { background: #fff6d5; font-weight: 600; }
table.options { font-size: 13px; }
td.text, th.text { white-space: normal; text-align: left !important; }
td.text { min-width: 9em; }
.scroll { overflow-x: auto; }
.role { display: block; font-size: 11px; color: var(--muted); font-weight: 400; }
.good { color: var(--good); }
.bad { color: var(--bad); }
)css";

std::string option_id(const Json& o) {
  return text_at(o, "id");
}

std::string option_label(const Json& o) {
  const std::string label = text_at(o, "label");
  return label.empty() ? option_id(o) : label;
}

bool meets(const Json& o) {
  return flag_at(o, "slo_met", false) && flag_at(o, "headroom_met", true);
}

// Sort key for costs: an unknown cost ranks last.
double cost_key(const Json& o) {
  const double monthly = number_at(o, "monthly_usd");
  return std::isfinite(monthly) ? monthly : std::numeric_limits<double>::infinity();
}

// "app: efo; fn: Lambda via polling, PF 4, batch 100".
std::string consumers_text(const Json& o) {
  std::vector<std::string> parts;
  const Json& consumers = member(o, "consumers");
  if (!consumers.is_object()) return "";
  for (const auto& [name, c] : consumers.items()) {
    std::string part = name + ":";
    const std::string type = text_at(c, "type");
    if (flag_at(c, "lambda", false)) {
      part += " Lambda" + (type.empty() ? "" : " via " + type);
      const double pf = number_at(c, "parallelization_factor");
      const double batch = number_at(c, "batch_size");
      if (std::isfinite(pf)) part += ", PF " + whole(pf);
      if (std::isfinite(batch)) part += ", batch " + whole(batch);
    } else {
      part += " " + (type.empty() ? std::string("\u2013") : type);
    }
    parts.push_back(part);
  }
  return joined(parts, "; ");
}

// "met", or the violations; estimated options also name the SLOs the estimate cannot judge.
std::string slo_text(const Json& o) {
  if (flag_at(o, "slo_met", false)) {
    const std::vector<std::string> unjudged = texts_at(o, "not_judged_by_estimate");
    return unjudged.empty() ? "met"
                            : "met (not judged by the estimate: " + joined(unjudged, ", ") + ")";
  }
  const std::vector<std::string> violations = texts_at(o, "violations");
  return violations.empty() ? "not met" : joined(violations, "; ");
}

std::string headroom_text(const Json& o, double headroom) {
  const bool met = flag_at(o, "headroom_met", true);
  if (!std::isfinite(headroom)) return met ? "met" : "not met";
  if (headroom <= 1) return met ? "none asked" : "not met";
  if (met) return "met at " + multiple(headroom);
  const std::vector<std::string> violations = texts_at(o, "headroom_violations");
  return "fails at " + multiple(headroom) +
         (violations.empty() ? "" : ": " + joined(violations, "; "));
}

// A cost part's key ("efo_data_usd") as the reports name it.
std::string part_name(const std::string& key) {
  static const std::vector<std::pair<std::string, std::string>> kNames{
      {"shard_hours_usd", "shard hours"},
      {"put_payload_units_usd", "PUT payload units"},
      {"extended_retention_usd", "extended retention"},
      {"efo_consumer_shard_hours_usd", "EFO consumer-shard hours"},
      {"efo_data_usd", "EFO data retrieval"},
      {"stream_hours_usd", "stream hours"},
      {"data_in_usd", "data in"},
      {"data_out_usd", "data out"},
      {"retention_usd", "retention"},
      {"commitment_shortfall_usd", "commitment shortfall"}};
  for (const auto& [k, name] : kNames) {
    if (k == key) return name;
  }
  std::string name = key.substr(0, key.size() - 4);  // without "_usd"
  std::replace(name.begin(), name.end(), '_', ' ');
  return name;
}

// The option's cost parts scaled to a month; a single "total" when the cost object has no parts.
std::vector<BarSegment> monthly_parts(const Json& o) {
  const Json& cost = member(o, "cost");
  const double monthly = number_at(o, "monthly_usd");
  const double total = number_at(cost, "total_usd");
  const double factor = std::isfinite(monthly) && total > 0 ? monthly / total : 0.0;
  std::vector<BarSegment> parts;
  if (cost.is_object()) {
    for (const auto& [key, value] : cost.items()) {
      const bool is_part = key.size() > 4 && key.compare(key.size() - 4, 4, "_usd") == 0 &&
                           key != "total_usd" && key != "monthly_usd";
      if (!is_part || !value.is_number()) continue;
      const double v = value.get<double>() * factor;
      if (std::isfinite(v)) parts.push_back({part_name(key), v});
    }
  }
  // Known parts in the order of the run report's cost tables, others after them.
  const auto order = [](const BarSegment& s) {
    static const std::vector<std::string> kOrder{"shard hours",        "stream hours",
                                                 "PUT payload units",  "data in",
                                                 "data out",           "EFO consumer-shard hours",
                                                 "EFO data retrieval", "extended retention",
                                                 "retention",          "commitment shortfall"};
    return static_cast<size_t>(std::find(kOrder.begin(), kOrder.end(), s.name) - kOrder.begin());
  };
  std::stable_sort(parts.begin(), parts.end(),
                   [&](const BarSegment& a, const BarSegment& b) { return order(a) < order(b); });
  double sum = 0;
  for (const BarSegment& s : parts) sum += s.value;
  if (!(sum > 0) && std::isfinite(monthly) && monthly > 0) parts = {{"total", monthly}};
  return parts;
}

// --- Sections -----------------------------------------------------------------------------------

struct PlanView {
  const Json& plan;
  std::vector<const Json*> options;
  const Json* recommended = nullptr;  // nullptr: none (or its id is not among the options)
  std::string recommended_id;         // as plan.json says, "" when null
  double headroom = kNaN;
};

std::string headline_section(const PlanView& v) {
  std::string out = "<section id=\"headline\"><h2>Recommendation</h2>\n";
  if (v.recommended) {
    const Json& r = *v.recommended;
    out += "<p><span class=\"verdict met\">Recommended</span> <b>" + escape_html(option_label(r)) +
           "</b> (" + escape_html(option_id(r)) + ")</p>\n";
    out += "<div class=\"glance\">";
    const std::vector<std::pair<std::string, std::string>> figures{
        {"per month", usd(number_at(r, "monthly_usd"))},
        {"verdict from", text_at(r, "source").empty() ? "\u2013" : text_at(r, "source")},
        {"max IteratorAge",
         format_value(AxisUnit::kMilliseconds, number_at(r, "max_iterator_age_ms"))},
        {"headroom", headroom_text(r, v.headroom)},
        {"serves traffic up to", multiple(number_at(r, "max_rate_multiple"))}};
    for (const auto& [name, value] : figures)
      out += "<div><b>" + escape_html(name) + "</b>" + escape_html(value) + "</div>";
    out += "</div>\n";
    const std::string binding = text_at(r, "binding");
    out += "<p>Binding constraint: " + escape_html(binding.empty() ? "\u2013" : binding) + "</p>\n";
  } else if (!v.recommended_id.empty()) {
    out += "<p><span class=\"verdict none\">Recommended</span> " + escape_html(v.recommended_id) +
           ", which is not among the options below.</p>\n";
  } else {
    out += "<p><span class=\"verdict violated\">No option meets the SLOs</span></p>\n";
    // Closest: fewest SLO violations, then fewest headroom violations, then cheapest.
    std::vector<const Json*> failing;
    for (const Json* o : v.options) {
      if (!meets(*o)) failing.push_back(o);
    }
    const auto key = [](const Json* o) {
      return std::make_tuple(texts_at(*o, "violations").size(),
                             texts_at(*o, "headroom_violations").size(), cost_key(*o));
    };
    std::stable_sort(failing.begin(), failing.end(),
                     [&](const Json* a, const Json* b) { return key(a) < key(b); });
    if (failing.size() > kClosestOptions) failing.resize(kClosestOptions);
    if (failing.empty()) {
      out += "<p>The search listed no option.</p>\n";
    } else {
      out +=
          "<p>The closest options (fewest violations, then cheapest):</p>\n<ol class=\"closest\">";
      for (const Json* o : failing) {
        std::string item =
            "<li><b>" + escape_html(option_label(*o)) + "</b> (" + escape_html(option_id(*o)) +
            "), " + escape_html(usd(number_at(*o, "monthly_usd"))) + " per month: SLOs " +
            escape_html(slo_text(*o)) + "; headroom " + escape_html(headroom_text(*o, v.headroom));
        const std::string binding = text_at(*o, "binding");
        if (!binding.empty()) item += ". Binding: " + escape_html(binding);
        out += item + ".</li>";
      }
      out += "</ol>\n";
    }
  }
  const std::vector<std::string> notes = texts_at(v.plan, "notes");
  if (!notes.empty()) {
    out += "<h3>Notes</h3>\n<ul class=\"notes\">";
    for (const std::string& note : notes) out += "<li>" + escape_html(note) + "</li>";
    out += "</ul>\n";
  }
  return out + "</section>\n";
}

std::string options_section(const PlanView& v) {
  std::string out = "<section id=\"options\"><h2>Options, cheapest first</h2>\n";
  if (v.options.empty()) return out + "<p>The search listed no option.</p>\n</section>\n";
  out +=
      "<p class=\"note\">\u2605 the recommendation: the cheapest option that meets the SLOs, also "
      "with the traffic multiplied by the headroom. Max traffic: the largest multiple of the "
      "workload's rates the option still serves within the SLOs (by the fluid model). An option "
      "links its simulation's report when it has one.</p>\n";
  // Columns of prose wrap and align left; numbers stay on one line, right-aligned.
  const std::vector<std::pair<std::string, bool>> header{
      {"#", false},      {"option", true},           {"mode", false},
      {"shards", false}, {"consumers", true},        {"per month", false},
      {"SLOs", true},    {"headroom", true},         {"max traffic", false},
      {"binding", true}, {"max IteratorAge", false}, {"source", false}};
  out += "<div class=\"scroll\"><table class=\"options\">\n<tr>";
  for (const auto& [h, prose] : header)
    out += (prose ? "<th class=\"text\">" : "<th>") + escape_html(h) + "</th>";
  out += "</tr>\n";
  for (size_t i = 0; i < v.options.size(); ++i) {
    const Json& o = *v.options[i];
    const bool starred = &o == v.recommended;
    const std::string id = option_id(o);
    const std::string evidence = text_at(o, "evidence");
    std::string id_cell = evidence.empty() ? escape_html(id)
                                           : "<a href=\"" + escape_html(evidence + "/report.html") +
                                                 "\">" + escape_html(id) + "</a>";
    const std::string role = text_at(o, "role");
    if (!role.empty()) id_cell += "<span class=\"role\">" + escape_html(role) + "</span>";
    const Json& shards = member(o, "shards");
    const bool slo_met = flag_at(o, "slo_met", false);
    const bool headroom_met = flag_at(o, "headroom_met", true);
    out += starred ? "<tr class=\"recommended\">" : "<tr>";
    out += "<td>" + std::string(starred ? "\u2605 " : "") + std::to_string(i + 1) + "</td>";
    out += "<td class=\"text\">" + id_cell + "</td>";
    out += "<td>" + escape_html(text_at(o, "mode")) + "</td>";
    out +=
        "<td>" + escape_html(shards.is_number() ? whole(shards.get<double>()) : "\u2013") + "</td>";
    out += "<td class=\"text\">" + escape_html(consumers_text(o)) + "</td>";
    out += "<td>" + escape_html(usd(number_at(o, "monthly_usd"))) + "</td>";
    out += "<td class=\"text " + std::string(slo_met ? "good" : "bad") + "\">" +
           escape_html(slo_text(o)) + "</td>";
    out += "<td class=\"text " + std::string(headroom_met ? "good" : "bad") + "\">" +
           escape_html(headroom_text(o, v.headroom)) + "</td>";
    out += "<td>" + escape_html(multiple(number_at(o, "max_rate_multiple"))) + "</td>";
    out += "<td class=\"text\">" + escape_html(text_at(o, "binding")) + "</td>";
    out += "<td>" +
           escape_html(format_value(AxisUnit::kMilliseconds, number_at(o, "max_iterator_age_ms"))) +
           "</td>";
    out += "<td>" + escape_html(text_at(o, "source")) + "</td></tr>\n";
  }
  return out + "</table></div>\n</section>\n";
}

std::string cost_breakdown_section(const PlanView& v) {
  std::vector<const Json*> shown(
      v.options.begin(),
      v.options.begin() + static_cast<std::ptrdiff_t>(std::min(v.options.size(), kMaxCostBars)));
  // The recommendation always has its bar, in place of the tenth cheapest if need be.
  if (v.recommended && std::find(shown.begin(), shown.end(), v.recommended) == shown.end())
    shown.back() = v.recommended;
  BarChart chart{
      "plan-cost",
      "Monthly cost by option",
      "each option's bill for the simulated (or estimated) traffic scaled to 730 hours; "
      "\u2605 the recommendation" +
          std::string(v.options.size() > kMaxCostBars ? "; the 10 cheapest options" : ""),
      AxisUnit::kUsd,
      {}};
  for (const Json* o : shown) {
    Bar bar{option_id(*o) + (o == v.recommended ? " \u2605" : ""), monthly_parts(*o)};
    chart.bars.push_back(std::move(bar));
  }
  double drawn = 0;
  for (const Bar& bar : chart.bars) {
    for (const BarSegment& s : bar.segments) drawn += std::max(0.0, s.value);
  }
  std::string out = "<section id=\"cost\"><h2>Where the money goes</h2>\n";
  if (!(drawn > 0))
    return out + "<p>No option has a cost above zero to break down.</p>\n</section>\n";
  return out + bar_chart(chart) + "</section>\n";
}

std::string formulas_section(const PlanView& v) {
  const Json& formulas = member(v.plan, "formulas");
  const Json& inputs = member(formulas, "inputs");
  // The plan's answer in shards: the recommendation's when provisioned, else the cheapest
  // provisioned option that meets the SLOs (with the headroom, as the recommendation must).
  const Json* answer = nullptr;
  if (v.recommended && text_at(*v.recommended, "mode") == "PROVISIONED") {
    answer = v.recommended;
  } else {
    for (const Json* o : v.options) {
      if (text_at(*o, "mode") == "PROVISIONED" && meets(*o) && member(*o, "shards").is_number() &&
          (!answer || cost_key(*o) < cost_key(*answer)))
        answer = o;
    }
  }
  const double dev_guide = number_at(formulas, "aws_dev_guide_shards");
  const double faq = number_at(formulas, "aws_faq_shards");
  const double planned = answer ? number_at(*answer, "shards") : kNaN;
  std::string plan_row = "this plan";
  if (answer) {
    plan_row += ": " + option_label(*answer) + " (" + text_at(*answer, "source") + ")";
  } else {
    plan_row += ": no PROVISIONED option meets the SLOs";
  }
  std::string out = "<section id=\"formulas\"><h2>The formulas beside the plan</h2>\n";
  out += html_table(
      {"", "shards"},
      {{"AWS developer guide (KiB/s \u00f7 1,024 in, \u00f7 2,048 out)", whole(dev_guide)},
       {"AWS FAQ (KB/s \u00f7 1,000 in, \u00f7 2,000 out)", whole(faq)},
       {plan_row, answer ? whole(planned) : "none"}});
  out += "<p>Inputs: " +
         escape_html(format_value(AxisUnit::kCount, number_at(inputs, "records_per_s"))) +
         " records/s" + " at the peak, " +
         escape_html(format_value(AxisUnit::kBytes, number_at(inputs, "average_record_bytes"))) +
         " a record on average, " + escape_html(whole(number_at(inputs, "shared_consumers"))) +
         " consumer(s) sharing each shard's read throughput.</p>\n";
  if (std::isfinite(planned) && std::isfinite(dev_guide)) {
    const double gap = planned - dev_guide;
    std::string sentence;
    if (gap > 0) {
      sentence =
          "The plan needs " + whole(gap) + " shard(s) more than the developer guide's formula";
      const std::string binding = text_at(*answer, "binding");
      sentence += binding.empty() ? "." : "; what binds it: " + binding + ".";
    } else if (gap < 0) {
      sentence =
          "The plan needs " + whole(-gap) + " shard(s) fewer than the developer guide's formula.";
    } else {
      sentence = "The plan agrees with the developer guide's formula.";
    }
    out += "<p>" + escape_html(sentence) + "</p>\n";
  }
  const std::string note = text_at(formulas, "note");
  if (!note.empty()) out += "<p class=\"note\">" + escape_html("The formulas: " + note) + "</p>\n";
  return out + "</section>\n";
}

const Json* find_option(const PlanView& v, const std::string& id) {
  for (const Json* o : v.options) {
    if (option_id(*o) == id) return o;
  }
  return nullptr;
}

std::string evidence_section(const PlanView& v, const PlanPageInput& input) {
  std::string out =
      "<section id=\"evidence\"><h2>IteratorAge: the recommendation and one shard fewer</h2>\n";
  struct Shown {
    std::string label;
    const RunFolder* run;
  };
  std::vector<Shown> runs;
  const std::string rec_name = v.recommended_id.empty() ? "the recommendation" : v.recommended_id;
  if (input.recommended_run) runs.push_back({"recommended " + rec_name, &*input.recommended_run});
  const std::string neighbour_name = input.neighbour_id.empty() ? "neighbour" : input.neighbour_id;
  if (input.neighbour_run)
    runs.push_back({"one shard fewer " + neighbour_name, &*input.neighbour_run});

  // What the reader should know about the neighbour before the chart.
  std::string context;
  if (input.neighbour_id.empty()) {
    if (v.recommended && text_at(*v.recommended, "mode") == "PROVISIONED")
      context =
          "The recommendation has the plan's minimum shard count: there is no one-shard-fewer "
          "neighbour.";
    else if (v.recommended)
      context = "The recommendation is on demand: it has no shard count to lower.";
  } else if (!input.neighbour_run) {
    context = "The one-shard-fewer neighbour " + input.neighbour_id + " was not simulated.";
  } else {
    const RunSummary& s = input.neighbour_run->summary;
    context = "In its simulation, the one-shard-fewer neighbour " + input.neighbour_id +
              (s.slo_met ? " meets the SLOs" : " fails the SLOs");
    if (!s.slo_violations.empty()) context += ": " + joined(s.slo_violations, "; ");
    if (const Json* n = find_option(v, input.neighbour_id); n && !text_at(*n, "binding").empty())
      context += " (binding: " + text_at(*n, "binding") + ")";
    context += ".";
  }
  if (!context.empty()) out += "<p>" + escape_html(context) + "</p>\n";
  if (runs.empty()) {
    return out +
           "<p>Neither the recommendation nor its neighbour was simulated, so there is no "
           "IteratorAge to show.</p>\n</section>\n";
  }

  LineChart age{"plan-iterator-age",
                "IteratorAge by run and consumer",
                "maximum per period; gaps: no datapoint in the period",
                AxisUnit::kMilliseconds,
                {},
                {}};
  const double slo_s = number_at(member(v.plan, "slo"), "max_iterator_age_s");
  if (std::isfinite(slo_s) && slo_s >= 0) {
    age.threshold =
        ThresholdLine{"SLO: max IteratorAge " + format_value(AxisUnit::kMilliseconds, slo_s * 1000),
                      slo_s * 1000};
  }
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < runs.size(); ++i) {
    size_t drawn = 0;
    for (const ConsumerSummary& c : runs[i].run->summary.consumers) {
      if (const auto* values = consumer_iterator_age(*runs[i].run, c.name)) {
        age.series.push_back({runs[i].label + " \u00b7 " + c.name, runs[i].run->time_s, *values,
                              palette_colour(i), drawn++ > 0});
      }
      rows.push_back({runs[i].label, c.name, c.type,
                      format_value(AxisUnit::kMilliseconds, c.iterator_age_max_ms),
                      format_value(AxisUnit::kMilliseconds, c.iterator_age_p99_ms),
                      format_value(AxisUnit::kCount, static_cast<double>(c.lost_records))});
    }
  }
  if (age.series.empty()) {
    out += "<p>The simulated runs' metrics.csv has no IteratorAge series.</p>\n";
  } else {
    out += line_chart(age);
  }
  if (!rows.empty()) {
    out += html_table(
        {"run", "consumer", "type", "IteratorAge max", "IteratorAge p99", "lost records"}, rows);
  }
  return out + "</section>\n";
}

std::string provenance_section(const Json& plan) {
  const Json& prices = member(plan, "prices");
  const Json& searched = member(plan, "searched");
  const auto or_dash = [](const std::string& s) { return s.empty() ? std::string("\u2013") : s; };
  std::string out = "<section id=\"provenance\"><h2>Prices and search</h2>\n";
  std::string text = "Prices: " + or_dash(text_at(prices, "region")) + ", dated " +
                     or_dash(text_at(prices, "prices_date")) +
                     ". On-demand Advantage prices dated " +
                     or_dash(text_at(prices, "advantage_prices_date"));
  text += flag_at(prices, "advantage_prices_uncertain", true) ? ", UNCERTAIN" : ", verified";
  const double commitment = number_at(prices, "advantage_commitment_mib_per_s");
  if (std::isfinite(commitment))
    text += "; its minimum throughput commitment: " + mib_per_s(commitment);
  out += "<p>" + escape_html(text + ".") + "</p>\n";
  const std::string note = text_at(prices, "note");
  if (!note.empty()) out += "<p class=\"note\">" + escape_html(note + ".") + "</p>\n";
  out += "<p>" +
         escape_html("Searched: " + whole(number_at(searched, "estimated")) +
                     " candidates estimated, " + whole(number_at(searched, "simulated")) +
                     " simulated in " + format_duration_s(number_at(searched, "wall_s")) + ".") +
         "</p>\n";
  std::string made = "Made by kds-sim plan";
  if (!text_at(plan, "version").empty()) made += " " + text_at(plan, "version");
  // The seed is a 64-bit integer: printed from the JSON, not through a double.
  if (member(plan, "seed").is_number_integer()) made += ", seed " + member(plan, "seed").dump();
  out += "<p class=\"note\">" + escape_html(made + ", from plan.json.") + "</p>\n";
  return out + "</section>\n";
}
}  // namespace

std::string plan_page(const PlanPageInput& input) {
  PlanView v{input.plan, options_of(input.plan), nullptr, text_at(input.plan, "recommended"),
             number_at(input.plan, "headroom")};
  for (const Json* o : v.options) {
    if (!v.recommended_id.empty() && option_id(*o) == v.recommended_id) {
      v.recommended = o;
      break;
    }
  }
  const std::string scenario = text_at(input.plan, "scenario");
  std::string body = "<style>" + std::string(kPageStyle) + "</style>\n";
  body += "<header><h1>Plan: " + escape_html(scenario.empty() ? "\u2013" : scenario) +
          "</h1><p class=\"description\">" +
          escape_html("kds-sim plan: " + std::to_string(v.options.size()) +
                      " options ranked by monthly cost; \u2605 marks the recommendation.") +
          "</p></header>\n";
  body += headline_section(v);
  body += options_section(v);
  body += cost_breakdown_section(v);
  body += formulas_section(v);
  body += evidence_section(v, input);
  body += crossover_section(input.plan);
  body += provenance_section(input.plan);
  return html_page((scenario.empty() ? std::string("plan") : scenario) + " \u2013 kds-sim plan",
                   body);
}

}  // namespace kds::reports
