// /plan (SPEC §4 "plan"): what `kds-sim plan` may change. `check` validates the block like any
// other; `run` loads and ignores it. Every rule names what the scenario's own features forbid, so
// that a plan never proposes a configuration its scenario could not run.
#include <algorithm>
#include <set>

#include "models/limits.hpp"
#include "tools/scenario_sections.hpp"

namespace kds::front {
namespace models = kds::models;

namespace {

const std::vector<std::string> kModeNames = {"PROVISIONED", "ON_DEMAND", "ON_DEMAND_ADVANTAGE"};
constexpr double kMaxHeadroom = 100;
// Fact sheet §3 (T14): registered consumers per stream.
constexpr int kMaxRegisteredConsumers = 20;
constexpr int kMaxRegisteredConsumersAdvantage = 50;
// Each combination of consumer choices is a search of its own (tens of estimates per mode).
constexpr size_t kMaxConsumerCombinations = 64;

// [min, max] within `limits`, min <= max.
std::optional<models::IntRange> read_range(const nlohmann::json& value, const Pointer& at,
                                           const Bounds& limits, Problems& problems) {
  if (!value.is_array() || value.size() != 2) {
    problems.add(at, "must be [min, max], got " + describe_value(value));
    return std::nullopt;
  }
  const auto lo = read_integer(value[0], at / 0, limits, problems);
  const auto hi = read_integer(value[1], at / 1, limits, problems);
  if (!lo || !hi) return std::nullopt;
  if (*lo > *hi) {
    problems.add(at, "is an empty range: min " + std::to_string(*lo) + " > max " +
                         std::to_string(*hi));
    return std::nullopt;
  }
  return models::IntRange{static_cast<int>(*lo), static_cast<int>(*hi)};
}

std::vector<models::PlanMode> read_modes(ObjectReader& r) {
  std::vector<models::PlanMode> modes;
  const nlohmann::json* value = r.get("modes");
  if (!value) return {models::PlanMode::kProvisioned, models::PlanMode::kOnDemand,
                      models::PlanMode::kOnDemandAdvantage};
  if (!expect_array(*value, r.at("modes"), r.problems())) return modes;
  if (value->empty()) r.problems().add(r.at("modes"), "must name at least one mode");
  for (size_t i = 0; i < value->size(); ++i) {
    const auto k = read_choice((*value)[i], r.at("modes") / i, kModeNames, r.problems());
    if (!k) continue;
    const auto mode = static_cast<models::PlanMode>(*k);
    if (std::find(modes.begin(), modes.end(), mode) != modes.end()) {
      r.problems().add(r.at("modes") / i, "names " + kModeNames[*k] + " twice");
      continue;
    }
    modes.push_back(mode);
  }
  return modes;
}

void read_shards(ObjectReader& plan, models::PlanSpec& spec) {
  const nlohmann::json* value = plan.get("shards");
  if (!value || !expect_object(*value, plan.at("shards"), plan.problems())) return;
  ObjectReader r(*value, plan.at("shards"), plan.problems());
  const Bounds limit = Bounds::between(1, models::kMaxShardsPerStream,
                                       "shards per stream, UpdateShardCount limit");
  assign(spec.shards.min, r.integer("min", limit));
  assign(spec.shards.max, r.integer("max", limit));
  if (spec.shards.min > spec.shards.max) {
    plan.problems().add(r.at("min"), "is an empty range: min " + std::to_string(spec.shards.min) +
                                         " > max " + std::to_string(spec.shards.max));
  }
  // (An unreadable or empty modes list is reported already.)
  if (!spec.modes.empty() && std::find(spec.modes.begin(), spec.modes.end(),
                                       models::PlanMode::kProvisioned) == spec.modes.end()) {
    plan.problems().add(plan.at("shards"), "only when modes include PROVISIONED (with --set, "
                                           "/plan/shards=null removes it)");
  }
  r.finish();
}

void read_consumer_plan(const nlohmann::json& value, const Pointer& at,
                        const models::ConsumerSpec& consumer, bool aggregated,
                        models::ConsumerPlan& out, Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  out.name = consumer.name;
  const bool lambda = consumer.type == models::ConsumerType::kLambda;
  if (const nlohmann::json* types = r.get("types")) {
    if (expect_array(*types, r.at("types"), problems)) {
      if (types->empty()) problems.add(r.at("types"), "must name at least one read type");
      for (size_t i = 0; i < types->size(); ++i) {
        const auto k = read_choice((*types)[i], r.at("types") / i, {"polling", "efo"}, problems);
        if (!k) continue;
        const std::string type = *k == 0 ? "polling" : "efo";
        if (std::find(out.types.begin(), out.types.end(), type) != out.types.end()) {
          problems.add(r.at("types") / i, "names " + type + " twice");
        } else {
          out.types.push_back(type);
        }
      }
    }
  }
  const std::string lambda_only = "only for a lambda consumer (\"" + consumer.name + "\" is " +
                                  models::consumer_type_name(consumer.type) + ")";
  if (const nlohmann::json* pf = r.get("parallelization_factor")) {
    if (!lambda) {
      problems.add(r.at("parallelization_factor"), lambda_only);
    } else {
      out.parallelization_factor = read_range(*pf, r.at("parallelization_factor"),
                                              Bounds::between(1, 10, "Lambda limit"), problems);
      // Fact sheet §8 [LAMBDA-ARCH], as for the consumer itself.
      if (out.parallelization_factor && aggregated && out.parallelization_factor->max > 1) {
        problems.add(r.at("parallelization_factor"),
                     "must be [1, 1] when a producer uses KPL aggregation (Lambda's "
                     "ParallelizationFactor does not work with KPL aggregation)");
      }
    }
  }
  if (const nlohmann::json* batch = r.get("batch_size")) {
    if (!lambda) {
      problems.add(r.at("batch_size"), lambda_only);
    } else {
      out.batch_size = read_range(*batch, r.at("batch_size"),
                                  Bounds::between(1, 10000, "Lambda limit"), problems);
    }
  }
  r.finish();
}

void read_consumers(ObjectReader& plan, const models::Scenario& scenario,
                    models::PlanSpec& spec) {
  const nlohmann::json* value = plan.get("consumers");
  if (!value || !expect_object(*value, plan.at("consumers"), plan.problems())) return;
  bool aggregated = false;
  for (const auto& p : scenario.producers) aggregated = aggregated || p.aggregates();
  std::vector<std::string> names;
  for (const auto& c : scenario.consumers) names.push_back(c.name);
  for (const auto& [name, entry] : value->items()) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      std::string rule = "unknown consumer \"" + name + "\"; the scenario's consumers: ";
      for (size_t i = 0; i < names.size(); ++i) rule += (i ? ", " : "") + names[i];
      if (names.empty()) rule += "none";
      if (auto match = closest_match(name, names)) rule += "; did you mean \"" + *match + "\"?";
      plan.problems().add(plan.at("consumers") / name, rule);
    }
  }
  // In the scenario's order, so that option ids and runs do not depend on the block's key order.
  for (const auto& c : scenario.consumers) {
    const auto it = value->find(c.name);
    if (it == value->end()) continue;
    models::ConsumerPlan consumer_plan;
    read_consumer_plan(*it, plan.at("consumers") / c.name, c, aggregated, consumer_plan,
                       plan.problems());
    spec.consumers.push_back(std::move(consumer_plan));
  }
}

// Modes the scenario's features forbid: resharding events need a provisioned stream; switch_mode
// events would overrule the mode the plan chooses; more registered consumers than a mode allows.
// When the block names no modes, the forbidden ones are left out of the default instead.
void check_modes_against_scenario(ObjectReader& plan, const models::Scenario& scenario,
                                  models::PlanSpec& spec, bool modes_given) {
  for (size_t i = 0; i < scenario.events.size(); ++i) {
    if (scenario.events[i].kind == models::EventSpec::Kind::kSwitchMode) {
      plan.problems().add(modes_given ? plan.at("modes") : plan.where(),
                          "the plan chooses the mode, but the scenario switches it (/events/" +
                              std::to_string(i) + "); remove the switch_mode events to plan");
      return;
    }
  }
  std::optional<size_t> resharding;
  for (size_t i = 0; i < scenario.events.size() && !resharding; ++i) {
    const auto kind = scenario.events[i].kind;
    if (kind == models::EventSpec::Kind::kUpdateShardCount ||
        kind == models::EventSpec::Kind::kSplitShard || kind == models::EventSpec::Kind::kMergeShards)
      resharding = i;
  }
  // Registered consumers the plan cannot avoid: EFO consumers it may not switch to polling, and
  // consumers it may only switch to EFO.
  int fixed_efo = 0;
  for (const auto& c : scenario.consumers) {
    const auto planned = std::find_if(spec.consumers.begin(), spec.consumers.end(),
                                      [&](const auto& p) { return p.name == c.name; });
    const bool chooses = planned != spec.consumers.end() && !planned->types.empty();
    const bool may_poll = chooses && std::find(planned->types.begin(), planned->types.end(),
                                               "polling") != planned->types.end();
    if (chooses ? !may_poll : c.uses_efo_pipe()) ++fixed_efo;
  }
  std::vector<models::PlanMode> allowed_modes;
  for (size_t i = 0; i < spec.modes.size(); ++i) {
    const models::PlanMode mode = spec.modes[i];
    const int allowed_consumers = mode == models::PlanMode::kOnDemandAdvantage
                                      ? kMaxRegisteredConsumersAdvantage
                                      : kMaxRegisteredConsumers;
    const bool forbidden = (mode != models::PlanMode::kProvisioned && resharding) ||
                           fixed_efo > allowed_consumers;
    if (!forbidden) allowed_modes.push_back(mode);
    if (!modes_given) continue;
    const std::string name = models::plan_mode_name(mode);
    if (mode != models::PlanMode::kProvisioned && resharding) {
      plan.problems().add(plan.at("modes") / i,
                          name + " cannot reshard, and the scenario does (/events/" +
                              std::to_string(*resharding) +
                              "); resharding events need PROVISIONED");
    }
    if (fixed_efo > allowed_consumers) {
      plan.problems().add(plan.at("modes") / i,
                          name + " allows at most " + std::to_string(allowed_consumers) +
                              " registered (EFO) consumers (RegisterStreamConsumer limit); the "
                              "scenario keeps " +
                              std::to_string(fixed_efo));
    }
  }
  if (!modes_given) {
    spec.modes = allowed_modes;
    if (spec.modes.empty()) plan.problems().add(plan.where(), "the scenario allows no mode");
  }
}

// Every combination of read types and batch sizes is searched: their number is bounded.
void check_combinations(ObjectReader& plan, const models::Scenario& scenario,
                        const models::PlanSpec& spec) {
  size_t combinations = 1;
  for (const models::ConsumerPlan& p : spec.consumers) {
    size_t batches = 1;
    if (p.batch_size) {
      const auto spec_it = std::find_if(scenario.consumers.begin(), scenario.consumers.end(),
                                        [&](const auto& c) { return c.name == p.name; });
      std::set<int> sizes;
      for (int size : {p.batch_size->min, spec_it->batch_size, 100, 1000, p.batch_size->max})
        if (size >= p.batch_size->min && size <= p.batch_size->max) sizes.insert(size);
      batches = sizes.size();
    }
    combinations *= std::max<size_t>(1, p.types.size()) * batches;
    if (combinations > kMaxConsumerCombinations) break;
  }
  if (combinations > kMaxConsumerCombinations) {
    plan.problems().add(plan.at("consumers"),
                        "allows more than " + std::to_string(kMaxConsumerCombinations) +
                            " combinations of read types and batch sizes (each is searched); "
                            "fix some consumers' choices");
  }
}

}  // namespace

void load_plan(const nlohmann::json& value, const Pointer& at, models::Scenario& scenario,
               Problems& problems) {
  if (!expect_object(value, at, problems)) return;
  ObjectReader r(value, at, problems);
  models::PlanSpec spec;
  const bool modes_given = r.has("modes");
  spec.modes = read_modes(r);
  read_shards(r, spec);
  read_consumers(r, scenario, spec);
  assign(spec.headroom,
         r.number("headroom", Bounds::between(1, kMaxHeadroom, "a traffic multiple")));
  r.finish();
  check_modes_against_scenario(r, scenario, spec, modes_given);
  check_combinations(r, scenario, spec);
  const models::SloSpec& slo = scenario.slo;
  if (!slo.max_iterator_age_s && !slo.max_propagation_delay_s && !slo.p99_propagation_delay_s &&
      !slo.max_write_throttle_ratio && !slo.max_lost_records) {
    problems.add(Pointer() / "slo",
                 "required by plan: state at least one objective (max_iterator_age, "
                 "max_write_throttle_ratio, max_lost_records, ...), the plan meets them at the "
                 "lowest cost");
  }
  scenario.plan = std::move(spec);
}

}  // namespace kds::front
