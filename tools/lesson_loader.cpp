// /lesson and /expect (SPEC §4 "lessons, exam and quiz"). An expectation names a place in
// summary.json; a place summary.json can never have (a typo, a consumer index past the last) is
// refused here, at load time, rather than reported as an unmet expectation after the run.
#include <algorithm>
#include <cctype>
#include <map>
#include <regex>

#include "tools/scenario_loader.hpp"
#include "tools/scenario_sections.hpp"

namespace kds::front {
namespace models = kds::models;

namespace {

// The kind of value at a place of summary.json: what an expectation may compare it with.
enum class PlaceKind { kNumber, kText, kFlag, kContainer };

// Every place summary.json has (SPEC §3 and its extensions), "*" for an array index, with its
// kind. Kept in step with reports/summary_json.cpp by a test that walks a real summary.
const std::map<std::string, PlaceKind>& summary_places() {
  static const std::map<std::string, PlaceKind> places = [] {
    std::map<std::string, PlaceKind> m;
    for (const char* p :
         {"/stream", "/stream/refused_events", "/stream/refused_events/*",
          "/stream/update_in_progress_at_end", "/shards", "/shards/*", "/shards/*/parent_shard_ids",
          "/consumers", "/consumers/*", "/consumers/*/iterator_age_ms",
          "/consumers/*/propagation_delay_ms", "/consumers/*/lambda", "/consumers/*/failover", "/consumers/*/firehose", "/consumers/*/output", "/consumers/*/lease_table",
          "/cost", "/cost/provisioned", "/cost/on_demand", "/cost/on_demand_advantage",
          "/cost/billed", "/cost/pipeline", "/cost/pipeline/items", "/cost/pipeline/items/*", "/slo", "/slo/violations", "/slo/violations/*",
          "/stream/scaling_actions", "/stream/scaling_actions/*", "/alarms", "/alarms/*",
          "/alarms/*/transitions", "/alarms/*/transitions/*"})
      m[p] = PlaceKind::kContainer;
    for (const char* p :
         {"/scenario", "/version", "/stream/mode", "/stream/mode_final",
          "/stream/refused_events/*/action", "/stream/refused_events/*/reason",
          "/stream/update_in_progress_at_end/action", "/shards/*/shard_id",
          "/shards/*/starting_hash_key", "/shards/*/ending_hash_key",
          "/shards/*/parent_shard_ids/*", "/consumers/*/name", "/consumers/*/type", "/cost/region",
          "/cost/prices_date", "/cost/pipeline/prices_date", "/cost/pipeline/items/*/component",
          "/cost/pipeline/items/*/what", "/cost/pipeline/items/*/unit", "/cost/on_demand_advantage/prices_date", "/slo/violations/*/what",
          "/slo/violations/*/consumer", "/stream/scaling_actions/*/by", "/consumers/*/output/target",
          "/stream/scaling_actions/*/outcome", "/stream/scaling_actions/*/reason",
          "/stream/scaling_actions/*/trigger", "/alarms/*/name", "/alarms/*/metric",
          "/alarms/*/dimension", "/alarms/*/statistic", "/alarms/*/comparison",
          "/alarms/*/final_state", "/alarms/*/transitions/*/state"})
      m[p] = PlaceKind::kText;
    m["/slo/met"] = PlaceKind::kFlag;
    for (const char* p :
         {"/seed", "/duration_s", "/stream/shards_initial", "/stream/shards_final",
          "/stream/shard_hours", "/stream/incoming_records", "/stream/incoming_bytes",
          "/stream/stored_kds_records", "/stream/put_requests", "/stream/put_attempts",
          "/stream/write_throttled_records", "/stream/write_throttle_ratio",
          "/stream/producer_dropped_records", "/stream/oversize_rejected_records",
          "/stream/retries_waiting_at_end", "/stream/refused_events/*/at_s",
          "/stream/scaling_actions/*/at_s", "/stream/scaling_actions/*/from",
          "/stream/scaling_actions/*/to", "/stream/scaling_actions/*/completed_s",
          "/alarms/*/period_s", "/alarms/*/threshold", "/alarms/*/first_alarm_s",
          "/alarms/*/seconds_in_alarm", "/alarms/*/transitions/*/at_s",
          "/stream/update_in_progress_at_end/at_s", "/stream/update_in_progress_at_end/completes_at_s",
          "/shards/*/incoming_records", "/shards/*/incoming_bytes",
          "/shards/*/write_throttled_records", "/shards/*/read_throttled_calls",
          "/shards/*/opened_s", "/shards/*/closed_s", "/consumers/*/records_processed",
          "/consumers/*/bytes_read", "/consumers/*/get_records_calls",
          "/consumers/*/read_throttled_calls", "/consumers/*/lost_records",
          "/consumers/*/duplicate_records", "/consumers/*/iterator_age_ms/max",
          "/consumers/*/iterator_age_ms/final", "/consumers/*/iterator_age_ms/p50",
          "/consumers/*/iterator_age_ms/p99", "/consumers/*/propagation_delay_ms/mean",
          "/consumers/*/propagation_delay_ms/p50", "/consumers/*/propagation_delay_ms/p99",
          "/consumers/*/propagation_delay_ms/p999", "/consumers/*/propagation_delay_ms/max",
          "/consumers/*/propagation_delay_ms/oldest_unprocessed",
          "/consumers/*/lambda/invocations", "/consumers/*/lambda/errors",
          "/consumers/*/lambda/batches_sent_to_on_failure", "/consumers/*/lambda/billed_duration_s",
          "/consumers/*/firehose/delivered_records", "/consumers/*/firehose/delivered_bytes",
          "/consumers/*/firehose/deliveries", "/consumers/*/firehose/billed_ingest_bytes",
          "/consumers/*/firehose/max_data_freshness_s",
          "/consumers/*/firehose/buffered_records_at_end",
          "/consumers/*/firehose/transform_invocations", "/consumers/*/output/messages",
          "/consumers/*/output/calls", "/consumers/*/output/billed_requests",
          "/consumers/*/output/throttled_wait_s", "/consumers/*/lease_table/write_attempts",
          "/consumers/*/lease_table/consumed_write_units",
          "/consumers/*/lease_table/throttled_writes", "/consumers/*/lease_table/read_units",
          "/consumers/*/lease_table/leases_expired",
          "/consumers/*/lambda/retries", "/consumers/*/lambda/records_sent_to_on_failure",
          "/consumers/*/lambda/max_concurrency", "/consumers/*/lambda/throttles",
          "/consumers/*/failover/lease_takeovers", "/consumers/*/failover/leases_stolen",
          "/consumers/*/failover/max_takeover_delay_s", "/cost/horizon_hours", "/cost/pipeline/total_usd", "/cost/pipeline/monthly_usd",
          "/cost/pipeline/items/*/quantity", "/cost/pipeline/items/*/unit_usd",
          "/cost/pipeline/items/*/usd",
          "/cost/provisioned/shard_hours_usd", "/cost/provisioned/put_payload_units",
          "/cost/provisioned/put_payload_units_usd", "/cost/provisioned/extended_retention_usd",
          "/cost/provisioned/efo_consumer_shard_hours_usd", "/cost/provisioned/efo_data_usd",
          "/cost/provisioned/total_usd", "/cost/provisioned/monthly_usd",
          "/cost/on_demand/stream_hours_usd", "/cost/on_demand/data_in_gb",
          "/cost/on_demand/data_in_usd", "/cost/on_demand/data_out_usd",
          "/cost/on_demand/efo_data_usd", "/cost/on_demand/retention_usd",
          "/cost/on_demand/total_usd", "/cost/on_demand/monthly_usd",
          "/cost/on_demand_advantage/data_in_gb", "/cost/on_demand_advantage/data_in_usd",
          "/cost/on_demand_advantage/data_out_usd", "/cost/on_demand_advantage/efo_data_usd",
          "/cost/on_demand_advantage/retention_usd",
          "/cost/on_demand_advantage/commitment_shortfall_gb",
          "/cost/on_demand_advantage/commitment_shortfall_usd",
          "/cost/on_demand_advantage/total_usd", "/cost/on_demand_advantage/monthly_usd",
          "/cost/billed/provisioned_hours", "/cost/billed/on_demand_hours",
          "/cost/billed/total_usd", "/cost/billed/monthly_usd", "/slo/violations/*/limit",
          "/slo/violations/*/value"})
      m[p] = PlaceKind::kNumber;
    return m;
  }();
  return places;
}

bool is_index(const std::string& token) {
  return !token.empty() && token.size() <= 9 &&
         std::all_of(token.begin(), token.end(), [](char c) { return std::isdigit(c); }) &&
         (token == "0" || token[0] != '0');
}

std::optional<std::string> summary_path_problem(const std::string& path,
                                                const std::vector<models::ConsumerSpec>& consumers,
                                                PlaceKind* kind) {
  if (path.empty() || path[0] != '/') return "must be a JSON pointer into summary.json such as "
                                             "/consumers/0/iterator_age_ms/max, got \"" + path + "\"";
  std::vector<std::string> tokens;
  for (size_t start = 1;;) {
    const size_t slash = path.find('/', start);
    tokens.push_back(path.substr(start, slash == std::string::npos ? std::string::npos
                                                                    : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  std::string pattern;
  for (const std::string& token : tokens)
    pattern += "/" + (is_index(token) ? "*" : token == "*" ? "(a literal *)" : token);
  const auto& places = summary_places();
  const auto place = places.find(pattern);
  if (place == places.end()) return "summary.json has no " + path;
  if (kind) *kind = place->second;
  if (tokens.size() >= 2 && tokens[0] == "consumers" && is_index(tokens[1])) {
    const size_t i = std::stoul(tokens[1]);
    if (i >= consumers.size()) {
      return "summary.json has no " + path + ": the scenario has " +
             std::to_string(consumers.size()) + " consumer(s), indexed from 0";
    }
    // Lambda and failover figures are written for the consumers they describe only.
    const models::ConsumerType type = consumers[i].type;
    if (tokens.size() >= 3 && tokens[2] == "lambda" && type != models::ConsumerType::kLambda)
      return "summary.json has no " + path + ": consumer " + tokens[1] + " is not a lambda";
    if (tokens.size() >= 3 && tokens[2] == "failover" && type != models::ConsumerType::kPolling)
      return "summary.json has no " + path + ": consumer " + tokens[1] +
             " is not a polling app (failover is KCL's)";
  }
  return std::nullopt;
}


const std::vector<std::string> kOps = {"<", "<=", ">", ">=", "==", "!="};

void load_expectation(const nlohmann::json& value, const Pointer& at,
                      const models::Scenario& scenario, models::ExpectSpec& e,
                      Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  std::optional<PlaceKind> kind;
  if (const auto path = r.string("path", Need::kRequired)) {
    e.path = *path;
    PlaceKind k = PlaceKind::kNumber;
    if (auto why = summary_path_problem(*path, scenario.consumers, &k)) {
      problems.add(r.at("path"), *why);
    } else if (k == PlaceKind::kContainer) {
      problems.add(r.at("path"), "names an object or array of summary.json; name one value in it");
    } else {
      kind = k;
    }
  }
  if (const auto op = r.choice("op", kOps, Need::kRequired)) e.op = kOps[*op];
  if (const nlohmann::json* v = r.get("value", Need::kRequired)) {
    if (v->is_boolean()) {
      e.kind = models::ExpectSpec::Kind::kBool;
      e.boolean = v->get<bool>();
    } else if (v->is_string()) {
      e.kind = models::ExpectSpec::Kind::kString;
      e.text = v->get<std::string>();
    } else if (v->is_number()) {
      if (const auto number = read_number(*v, r.at("value"), Bounds::any(), problems))
        e.number = *number;
    } else {
      problems.add(r.at("value"), "must be a number, a string or a boolean, got " +
                                      describe_value(*v));
      e.op.clear();  // reported: no second message about the op
    }
    const bool ordering = !e.op.empty() && e.op != "==" && e.op != "!=";
    if (ordering && !v->is_number()) {
      problems.add(r.at("value"), "must be a number for op " + e.op + ", got " +
                                      describe_value(*v));
    } else if (kind) {
      // The value must be of the place's kind: a text compared with a number never holds.
      const bool fits = *kind == PlaceKind::kNumber ? v->is_number()
                        : *kind == PlaceKind::kText ? v->is_string()
                                                    : v->is_boolean();
      if (!fits) {
        problems.add(r.at("value"), std::string("must be a ") +
                                        (*kind == PlaceKind::kNumber ? "number"
                                         : *kind == PlaceKind::kText ? "string"
                                                                     : "boolean") +
                                        ", as " + e.path + " is, got " + describe_value(*v));
      }
    }
  }
  assign(e.because, r.string("because"));
  r.finish();
}

}  // namespace

std::optional<std::string> summary_path_problem(
    const std::string& path, const std::vector<models::ConsumerSpec>& consumers) {
  return summary_path_problem(path, consumers, nullptr);
}

void load_lesson(const nlohmann::json& value, const Pointer& at, models::LessonSpec& lesson,
                 Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  // Texts a learner reads: never empty (an empty question would also drop the trap silently).
  const auto text = [&](const char* key, std::string& field) {
    if (const auto t = r.string(key)) {
      if (t->empty()) problems.add(r.at(key), "must not be empty");
      field = *t;
    }
  };
  text("topic", lesson.topic);
  text("question", lesson.question);
  text("answer", lesson.answer);
  text("explanation", lesson.explanation);
  text("shows", lesson.shows);
  if (const nlohmann::json* options = r.get("options")) {
    if (expect_object(*options, r.at("options"), problems)) {
      for (const auto& [letter, text] : options->items()) {
        if (letter.size() != 1 || !std::isupper(static_cast<unsigned char>(letter[0])))
          problems.add(r.at("options") / letter, "an option's key must be one letter A-Z");
        if (const auto t = read_string(text, r.at("options") / letter, problems)) {
          if (t->empty()) problems.add(r.at("options") / letter, "must not be empty");
          lesson.options.emplace_back(letter, *t);
        }
      }
    }
  }
  if (const nlohmann::json* facts = r.get("facts")) {
    if (expect_array(*facts, r.at("facts"), problems)) {
      for (size_t i = 0; i < facts->size(); ++i)
        if (const auto f = read_string((*facts)[i], r.at("facts") / i, problems)) {
          // The fact sheet's rows: T1..T27 (tests), P1.. (prices), or a section "§8".
          static const std::regex kFactRow("^(T[0-9]+|P[0-9]+|§[0-9]+[a-z]?)$");
          if (!std::regex_match(*f, kFactRow))
            problems.add(r.at("facts") / i, "must name a fact-sheet row such as T17, P4 or §8, got \"" +
                                                *f + "\"");
          lesson.facts.push_back(*f);
        }
    }
  }
  r.finish();
  const auto letters = [&] {
    std::string list;
    for (const auto& [letter, text] : lesson.options) list += (list.empty() ? "" : ", ") + letter;
    return list;
  };
  // A full lesson asks a question; a sibling scenario of a trap only says which option it shows.
  if (r.has("question")) {
    for (const char* key : {"topic", "options", "answer", "explanation"}) {
      if (!r.has(key)) problems.add(r.at(key), "required in a lesson that asks a question");
    }
    if (r.has("options") && lesson.options.size() < 2)
      problems.add(r.at("options"), "must offer at least two options");
    const auto has_letter = [&](const std::string& l) {
      return std::any_of(lesson.options.begin(), lesson.options.end(),
                         [&](const auto& o) { return o.first == l; });
    };
    if (!lesson.answer.empty() && !lesson.options.empty() && !has_letter(lesson.answer))
      problems.add(r.at("answer"), "must be one of the options (" + letters() + "), got \"" +
                                       lesson.answer + "\"");
    if (!lesson.shows.empty() && !lesson.options.empty() && !has_letter(lesson.shows))
      problems.add(r.at("shows"), "must be one of the options (" + letters() + "), got \"" +
                                      lesson.shows + "\"");
  } else {
    if (!r.has("shows"))
      problems.add(at, "a lesson needs a question (with topic, options, answer, explanation), "
                       "or shows: the option of its folder's question this scenario shows");
    for (const char* key : {"options", "answer", "explanation"}) {
      if (r.has(key)) problems.add(r.at(key), "only in a lesson that asks a question");
    }
    if (!lesson.shows.empty() && (lesson.shows.size() != 1 || !std::isupper(
                                      static_cast<unsigned char>(lesson.shows[0]))))
      problems.add(r.at("shows"), "must be one letter A-Z, got \"" + lesson.shows + "\"");
  }
}

void load_expect(const nlohmann::json& value, const Pointer& at, models::Scenario& scenario,
                 Problems& problems) {
  if (!expect_array(value, at, problems)) return;
  for (size_t i = 0; i < value.size(); ++i) {
    models::ExpectSpec e;
    load_expectation(value[i], at / i, scenario, e, problems);
    scenario.expect.push_back(std::move(e));
  }
}

}  // namespace kds::front
