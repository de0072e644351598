// nlohmann::ordered_json keeps the SPEC's key order. Values are rounded (ms to 0.001, USD to
// 1e-6, ratios to 1e-9) so the text is stable and readable; the counts are exact integers.
#include "reports/summary_json.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "models/slo.hpp"
#include "reports/output_files.hpp"

namespace kds::reports {

namespace {
using Json = nlohmann::ordered_json;

double ms(double value) {
  return round_to(value, 3);
}
double usd(double value) {
  return round_to(value, 6);
}
int64_t whole(double value) {
  return static_cast<int64_t>(std::llround(finite_or_zero(value)));
}

Json scaling_action_json(const models::ScalingAction& action) {
  using Outcome = models::ScalingAction::Outcome;
  const bool refused = action.outcome == Outcome::kRefused;
  const bool applied = action.outcome == Outcome::kApplied;
  Json j{{"at_s", round_to(action.at_s, 6)},
         {"from", action.from},
         {"to", action.to},
         {"by", action.by},
         {"outcome", refused ? "refused" : applied ? "applied" : "in_progress"}};
  if (refused) j["reason"] = action.reason;
  if (!action.trigger.empty()) j["trigger"] = action.trigger;
  // In progress: when it would have completed.
  if (!refused) j["completed_s"] = round_to(action.completed_s, 6);
  return j;
}

Json alarm_json(const models::AlarmResult& alarm, double duration_s) {
  Json j{{"name", alarm.name},
         {"metric", alarm.metric},
         {"dimension", alarm.dimension},
         {"statistic", alarm.statistic},
         {"period_s", round_to(alarm.period_s, 6)},
         {"comparison", alarm.comparison},
         {"threshold", round_to(alarm.threshold, 9)}};
  const auto first = alarm.first_alarm_s();
  j["first_alarm_s"] = first ? Json(round_to(*first, 6)) : Json(nullptr);
  j["seconds_in_alarm"] = round_to(alarm.seconds_in_alarm(duration_s), 6);
  j["final_state"] = models::alarm_state_name(alarm.state_at(duration_s));
  j["transitions"] = Json::array();
  for (const models::AlarmTransition& t : alarm.transitions)
    j["transitions"].push_back(
        {{"at_s", round_to(t.at_s, 6)}, {"state", models::alarm_state_name(t.state)}});
  return j;
}

Json stream_json(const models::Scenario& scenario, const models::RunResult& run) {
  const models::StreamResult& s = run.stream;
  Json j;
  j["mode"] = models::stream_mode_name(scenario.mode, scenario.on_demand_advantage);
  j["mode_final"] = models::stream_mode_name(s.mode_final, scenario.on_demand_advantage);
  j["shards_initial"] = s.shards_initial;
  j["shards_final"] = s.shards_final;
  j["shard_hours"] = round_to(s.shard_hours, 6);
  j["incoming_records"] = s.incoming_records;
  j["incoming_bytes"] = whole(s.incoming_bytes);
  j["put_attempts"] = s.put_attempts;
  j["write_throttled_records"] = s.write_throttled_records;
  j["write_throttle_ratio"] = round_to(models::write_throttle_ratio(s), 9);
  j["producer_dropped_records"] = s.producer_dropped_records;
  j["oversize_rejected_records"] = s.oversize_rejected_records;
  j["retries_waiting_at_end"] = s.retries_waiting_at_end;
  j["put_requests"] = whole(s.put_calls);
  j["stored_kds_records"] =
      s.stored_kds_records;  // fewer than incoming_records under KPL aggregation
  j["refused_events"] = Json::array();
  for (const models::RefusedEvent& e : s.refused_events) {
    j["refused_events"].push_back(
        {{"at_s", round_to(e.at_s, 6)}, {"action", e.action}, {"reason", e.reason}});
  }
  j["scaling_actions"] = Json::array();
  for (const models::ScalingAction& action : s.scaling_actions)
    j["scaling_actions"].push_back(scaling_action_json(action));
  if (s.update_in_progress_at_end) {
    const models::RefusedEvent& e = *s.update_in_progress_at_end;
    j["update_in_progress_at_end"] = {{"at_s", round_to(e.at_s, 6)},
                                      {"action", e.action},
                                      {"completes_at_s", round_to(s.update_completes_at_s, 6)}};
  }
  return j;
}

Json consumer_json(const models::ConsumerResult& c, const models::OutputSpec* spec_output) {
  Json j;
  j["name"] = c.name;
  j["type"] = models::consumer_type_name(c.type, c.firehose.has_value());
  j["records_processed"] = c.records_processed;
  j["bytes_read"] = whole(c.bytes_read);
  j["get_records_calls"] = c.get_records_calls;
  j["read_throttled_calls"] = c.read_throttled_calls;
  j["lost_records"] = c.lost_records;
  j["duplicate_records"] = c.duplicate_records;
  if (!c.lease_takeover_delays_s.empty() || c.leases_stolen > 0) {
    double longest = 0;
    for (double d : c.lease_takeover_delays_s) longest = std::max(longest, d);
    j["failover"] = {{"lease_takeovers", c.lease_takeover_delays_s.size()},
                     {"max_takeover_delay_s", ms(longest)},
                     {"leases_stolen", c.leases_stolen}};
  }
  j["iterator_age_ms"] = {{"max", ms(c.iterator_age_ms.max())},
                          {"p50", ms(c.iterator_age_ms.quantile(0.5))},
                          {"p99", ms(c.iterator_age_ms.quantile(0.99))},
                          {"final", ms(c.final_iterator_age_ms)}};
  j["propagation_delay_ms"] = {{"mean", ms(c.propagation_delay_ms.mean())},
                               {"p50", ms(c.propagation_delay_ms.quantile(0.5))},
                               {"p99", ms(c.propagation_delay_ms.quantile(0.99))},
                               {"p999", ms(c.propagation_delay_ms.quantile(0.999))},
                               {"max", ms(c.propagation_delay_ms.max())},
                               {"oldest_unprocessed", ms(c.oldest_unprocessed_age_ms)}};
  if (c.type == models::ConsumerType::kLambda) {
    const models::LambdaResult& l = c.lambda;
    j["lambda"] = {{"invocations", whole(l.invocations)},
                   {"max_concurrency", l.max_concurrency},
                   {"errors", whole(l.errors)},
                   {"retries", whole(l.retries)},
                   {"throttles", whole(l.throttles)},
                   {"records_sent_to_on_failure", l.records_sent_to_on_failure},
                   {"batches_sent_to_on_failure", l.batches_sent_to_on_failure},
                   {"billed_duration_s", round_to(l.billed_duration_s, 3)}};
  }
  if (spec_output) {
    const models::OutputResult& o = c.output;
    j["output"] = {{"target", models::output_target_name(spec_output->target)},
                   {"messages", o.messages},
                   {"calls", o.calls},
                   {"billed_requests", round_to(o.billed_requests, 3)},
                   {"throttled_wait_s", round_to(o.throttled_wait_s, 3)}};
  }
  if (c.lease_table) {
    const models::LeaseTableResult& t = *c.lease_table;
    j["lease_table"] = {{"write_attempts", whole(t.write_attempts)},
                        {"consumed_write_units", whole(t.write_attempts - t.writes_throttled)},
                        {"throttled_writes", whole(t.writes_throttled)},
                        {"read_units", whole(t.reads)},
                        {"leases_expired", t.leases_expired}};
  }
  if (c.firehose) {
    const models::FirehoseResult& f = *c.firehose;
    j["firehose"] = {{"delivered_records", f.delivered_records},
                     {"delivered_bytes", whole(f.delivered_bytes)},
                     {"deliveries", f.deliveries},
                     {"billed_ingest_bytes", whole(f.billed_ingest_bytes)},
                     {"max_data_freshness_s", round_to(f.max_data_freshness_s, 3)},
                     {"buffered_records_at_end", f.buffered_records_at_end},
                     {"transform_invocations", f.transform_invocations}};
  }
  return j;
}


// cost.pipeline (SPEC §4): each item with its quantity and unit price, then the totals.
Json pipeline_json(const models::Scenario& scenario, const models::PipelineCost& cost) {
  Json items = Json::array();
  for (const models::PipelineItem& item : cost.items) {
    items.push_back({{"component", item.component},
                     {"what", item.what},
                     {"quantity", round_to(item.quantity, 6)},
                     {"unit", item.unit},
                     {"unit_usd", round_to(item.unit_usd, 12)},
                     {"usd", usd(item.usd)}});
  }
  return {{"prices_date", scenario.prices.pipeline_prices_date},
          {"items", items},
          {"total_usd", usd(cost.total_usd)},
          {"monthly_usd", usd(cost.monthly_usd)}};
}

Json slo_json(const models::SloVerdict& verdict) {
  Json violations = Json::array();
  for (const auto& v : verdict.violations) {
    Json row{{"what", v.what}};
    if (!v.consumer.empty()) row["consumer"] = v.consumer;
    row["limit"] = round_to(v.limit, 9);
    row["value"] = round_to(v.value, 9);
    violations.push_back(row);
  }
  return {{"met", verdict.met}, {"violations", violations}};
}
}  // namespace

nlohmann::json cost_json(const models::Scenario& scenario, const models::BillableUsage& usage,
                         const models::ProvisionedCost& p, const models::OnDemandCost& o,
                         const models::OnDemandAdvantageCost& adv,
                         const models::BilledCost& billed) {
  Json j;
  j["region"] = scenario.prices.region;
  j["prices_date"] = scenario.prices.prices_date;
  j["horizon_hours"] = round_to(usage.horizon_hours, 6);
  j["provisioned"] = {{"shard_hours_usd", usd(p.shard_hours_usd)},
                      {"put_payload_units", whole(p.put_payload_units)},
                      {"put_payload_units_usd", usd(p.put_payload_units_usd)},
                      {"extended_retention_usd", usd(p.extended_retention_usd)},
                      {"efo_consumer_shard_hours_usd", usd(p.efo_consumer_shard_hours_usd)},
                      {"efo_data_usd", usd(p.efo_data_usd)},
                      {"total_usd", usd(p.total_usd)},
                      {"monthly_usd", usd(p.monthly_usd)}};
  j["on_demand"] = {{"stream_hours_usd", usd(o.stream_hours_usd)},
                    {"data_in_gb", round_to(o.data_in_gb, 9)},
                    {"data_in_usd", usd(o.data_in_usd)},
                    {"data_out_usd", usd(o.data_out_usd)},
                    {"efo_data_usd", usd(o.efo_data_usd)},
                    {"retention_usd", usd(o.retention_usd)},
                    {"total_usd", usd(o.total_usd)},
                    {"monthly_usd", usd(o.monthly_usd)}};
  j["on_demand_advantage"] = {{"prices_date", scenario.prices.advantage_prices_date},
                              {"data_in_gb", round_to(adv.data_in_gb, 9)},
                              {"data_in_usd", usd(adv.data_in_usd)},
                              {"data_out_usd", usd(adv.data_out_usd)},
                              {"efo_data_usd", usd(adv.efo_data_usd)},
                              {"retention_usd", usd(adv.retention_usd)},
                              {"commitment_shortfall_gb", round_to(adv.commitment_shortfall_gb, 9)},
                              {"commitment_shortfall_usd", usd(adv.commitment_shortfall_usd)},
                              {"total_usd", usd(adv.total_usd)},
                              {"monthly_usd", usd(adv.monthly_usd)}};
  // What the run's own mode timeline bills (switch_mode events change it hour by hour).
  j["billed"] = {{"provisioned_hours", round_to(billed.provisioned_hours, 6)},
                 {"on_demand_hours", round_to(billed.on_demand_hours, 6)},
                 {"total_usd", usd(billed.total_usd)},
                 {"monthly_usd", usd(billed.monthly_usd)}};
  return j;
}

std::string summary_json(const models::Scenario& scenario, const models::RunAssessment& a,
                         const std::string& version) {
  return summary_with_expectations(scenario, a, version).first;
}

std::pair<std::string, ExpectationResults> summary_with_expectations(
    const models::Scenario& scenario, const models::RunAssessment& a, const std::string& version) {
  const models::RunResult& run = a.run;
  Json j;
  j["scenario"] = scenario.name;
  j["seed"] = scenario.seed;
  j["duration_s"] = round_to(run.duration_s, 6);
  j["version"] = version;
  j["stream"] = stream_json(scenario, run);
  j["shards"] = Json::array();
  for (const auto& shard : run.shards) {
    Json row{{"shard_id", shard.shard_id},
             {"incoming_records", shard.incoming_records},
             {"incoming_bytes", whole(shard.incoming_bytes)},
             {"write_throttled_records", shard.write_throttled_records},
             {"read_throttled_calls", shard.read_throttled_calls},
             {"starting_hash_key", shard.starting_hash_key},
             {"ending_hash_key", shard.ending_hash_key},
             {"opened_s", round_to(shard.opened_s, 6)}};
    // Lineage only where there is some: a shard of the initial map has no parents and stays open.
    if (!shard.parent_shard_ids.empty()) row["parent_shard_ids"] = shard.parent_shard_ids;
    if (shard.closed_s >= 0) row["closed_s"] = round_to(shard.closed_s, 6);
    j["shards"].push_back(row);
  }
  j["consumers"] = Json::array();
  for (size_t i = 0; i < run.consumers.size(); ++i) {
    const auto& output = scenario.consumers[i].output;
    j["consumers"].push_back(consumer_json(run.consumers[i], output ? &*output : nullptr));
  }
  j["cost"] = cost_json(scenario, a.usage, a.provisioned, a.on_demand, a.on_demand_advantage, a.billed);
  j["cost"]["pipeline"] = pipeline_json(scenario, a.pipeline);
  j["slo"] = slo_json(a.slo);
  j["alarms"] = Json::array();
  for (const auto& alarm : run.alarms) j["alarms"].push_back(alarm_json(alarm, run.duration_s));
  // Expectations are judged on the summary as written (SPEC §4), then added to it.
  ExpectationResults expectations;
  if (!scenario.expect.empty()) {
    expectations = evaluate_expectations(scenario.expect, nlohmann::json::parse(j.dump()));
    j["expectations"] = expectations_json(expectations);
  }
  return {j.dump(2) + "\n", std::move(expectations)};
}

}  // namespace kds::reports
