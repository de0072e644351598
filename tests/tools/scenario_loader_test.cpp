// The scenario loader (SPEC §2, STYLE §6): every rule is checked by changing one value of a
// minimal valid scenario and asserting the single error's pointer and exact rule, which names the
// AWS limit and the value received.
#include "tools/scenario_loader.hpp"

#include <climits>
#include <string>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/tools/scenario_test_support.hpp"

namespace kds::front {
namespace {

using nlohmann::json;
using testing::loaded;
using testing::minimal_scenario;
using testing::only_error;
using testing::with;
using testing::without;

// Asserts that `doc` fails with exactly one error, at `where`, with rule `rule`.
void expect_only_error(const json& doc, const std::string& where, const std::string& rule) {
  const ValidationError error = only_error(doc);
  BOOST_TEST(error.where == where);
  BOOST_TEST(error.rule == rule);
}

BOOST_AUTO_TEST_SUITE(scenario_defaults)

BOOST_AUTO_TEST_CASE(a_minimal_scenario_gets_the_spec_defaults) {
  const models::Scenario s = loaded(minimal_scenario());
  BOOST_TEST(s.name == "minimal");
  BOOST_TEST(s.duration_s == 3600.0);
  BOOST_TEST(s.seed == 1u);
  BOOST_TEST((s.mode == models::StreamMode::kProvisioned));
  BOOST_TEST(s.shards == 2);
  BOOST_TEST(s.retention_hours == 24.0);
  BOOST_TEST(s.max_record_size_kib == 1024);
  BOOST_TEST(s.report.interval_s == 60.0);
  BOOST_TEST(s.engine.time_slice_s == 1.0);
  BOOST_TEST(s.service.random_key_bytes == 36);
}

BOOST_AUTO_TEST_CASE(a_producer_gets_the_spec_defaults) {
  const models::ProducerSpec p = loaded(minimal_scenario()).producers.at(0);
  BOOST_TEST(p.instances == 1);
  BOOST_TEST((p.arrivals == models::Arrivals::kPoisson));
  BOOST_TEST((p.keys.kind == models::KeySpec::Kind::kRandom));
  BOOST_TEST((p.api == models::PutApi::kPutRecords));
  BOOST_TEST(p.max_records == 500);
  BOOST_TEST(p.linger_s == 0.05);
  BOOST_TEST(p.max_attempts == 10);
  BOOST_TEST(p.base_delay_s == 0.1);
  BOOST_TEST(p.max_delay_s == 5.0);
  BOOST_TEST((p.jitter == models::Jitter::kFull));
  BOOST_TEST((p.rate.kind == models::RateSpec::Kind::kConstant));
  BOOST_TEST(p.rate.constant_per_s == 100.0);
  BOOST_TEST((p.record_bytes.kind == models::RecordSizeSpec::Kind::kFixed));
  BOOST_TEST(p.record_bytes.fixed_bytes == 1000.0);
}

BOOST_AUTO_TEST_CASE(a_polling_consumer_gets_the_kcl_defaults) {
  const models::ConsumerSpec c = loaded(minimal_scenario()).consumers.at(0);
  BOOST_TEST((c.type == models::ConsumerType::kPolling));
  BOOST_TEST((c.start_position == models::StartPosition::kLatest));
  BOOST_TEST(c.workers == 1);
  BOOST_TEST(c.idle_time_between_reads_s == 1.0);
  BOOST_TEST(c.max_records == 10000);
  BOOST_TEST(c.checkpoint_every_s == 0.0);
  BOOST_TEST(c.failover_time_s == 10.0);
  BOOST_TEST(c.throttle_backoff_s == 1.0);
}

BOOST_AUTO_TEST_CASE(the_default_prices_are_the_shipped_us_east_1_table) {
  const models::Scenario s = loaded(minimal_scenario());
  BOOST_TEST(s.prices.region == "us-east-1");
  BOOST_TEST(s.prices.prices_date == "2023-08-01");
  BOOST_TEST(s.prices.shard_hour == 0.015);
  BOOST_TEST(s.prices.put_payload_unit_bytes == 25000.0);
}

BOOST_AUTO_TEST_CASE(the_spec_example_loads_with_every_value_it_sets) {
  const json doc = json::parse(R"({
    "name": "clickstream", "description": "free text", "duration": "2h", "seed": 42,
    "stream": {"mode": "PROVISIONED", "shards": 4, "retention_hours": 48, "max_record_size_kib": 2048},
    "producers": [{"name": "web", "instances": 4, "rate": 2000, "arrivals": "uniform",
      "record_bytes": {"uniform": [100, 2000]}, "keys": {"zipf": {"count": 10000, "exponent": 1.2}},
      "batching": {"api": "PutRecords", "max_records": 250, "linger": "20ms"},
      "retry": {"max_attempts": 3, "base_delay": "50ms", "max_delay": "2s", "jitter": "equal"}}],
    "consumers": [{"name": "analytics", "type": "polling", "workers": 2,
      "idle_time_between_reads": "1.5s", "max_records": 5000,
      "start_position": {"at_timestamp": "10m"}, "start_at": "5m",
      "processing": {"per_record": "0.2ms", "per_batch": "5ms", "per_mib": "10ms", "jitter": 0.2},
      "checkpoint_every": "30s", "failover_time": "20s", "throttle_backoff": "2s"}],
    "events": [],
    "slo": {"max_iterator_age": "60s", "max_write_throttle_ratio": 0.001, "max_lost_records": 0},
    "pricing": {"region": "us-east-1", "shard_hour": 0.02},
    "report": {"interval": "30s", "shard_metrics": false},
    "service": {"put_latency": "30ms", "write_burst": "2s", "random_key_bytes": 16},
    "engine": {"time_slice": "100ms"}
  })");
  const models::Scenario s = loaded(doc);
  BOOST_TEST(s.seed == 42u);
  BOOST_TEST(s.retention_hours == 48.0);
  BOOST_TEST(s.max_record_size_kib == 2048);
  const models::ProducerSpec& p = s.producers.at(0);
  BOOST_TEST(p.instances == 4);
  BOOST_TEST((p.arrivals == models::Arrivals::kUniform));
  BOOST_TEST(p.record_bytes.uniform_max_bytes == 2000.0);
  BOOST_TEST(p.keys.count == 10000);
  BOOST_TEST(p.keys.zipf_exponent == 1.2);
  BOOST_TEST(p.max_records == 250);
  BOOST_TEST(p.linger_s == 0.02);
  BOOST_TEST((p.jitter == models::Jitter::kEqual));
  const models::ConsumerSpec& c = s.consumers.at(0);
  BOOST_TEST((c.start_position == models::StartPosition::kAtTimestamp));
  BOOST_TEST(c.at_timestamp_s == 600.0);
  BOOST_TEST(c.start_at_s == 300.0);
  BOOST_TEST(c.processing.per_record_s == 0.0002, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(c.idle_time_between_reads_s == 1.5);
  BOOST_TEST(*s.slo.max_iterator_age_s == 60.0);
  BOOST_TEST(*s.slo.max_lost_records == 0);
  BOOST_TEST(s.prices.shard_hour == 0.02);
  BOOST_TEST(s.report.shard_metrics == false);
  BOOST_TEST(s.service.write_burst_s == 2.0);
  BOOST_TEST(s.engine.time_slice_s == 0.1);
}

BOOST_AUTO_TEST_CASE(put_record_sends_one_record_per_call_without_lingering) {
  const models::ProducerSpec p =
      loaded(with(minimal_scenario(), "/producers/0/batching", {{"api", "PutRecord"}}))
          .producers.at(0);
  BOOST_TEST((p.api == models::PutApi::kPutRecord));
  BOOST_TEST(p.max_records == 1);
  BOOST_TEST(p.linger_s == 0.0);
}

BOOST_AUTO_TEST_CASE(a_lognormal_size_may_exceed_the_record_size_limit) {
  const json doc = with(minimal_scenario(), "/producers/0/record_bytes",
                        {{"lognormal", {{"median", 2000000}, {"sigma", 0.5}}}});
  BOOST_TEST(loaded(doc).producers.at(0).record_bytes.lognormal_median_bytes == 2000000.0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(stream_rules)

BOOST_AUTO_TEST_CASE(refuses_zero_shards_naming_the_update_shard_count_limit) {
  expect_only_error(with(minimal_scenario(), "/stream/shards", 0), "/stream/shards",
                    "must be 1..10000 (shards per stream, UpdateShardCount limit), got 0");
}

BOOST_AUTO_TEST_CASE(requires_shards_in_provisioned_mode) {
  expect_only_error(without(minimal_scenario(), "/stream/shards"), "/stream/shards",
                    "required for mode PROVISIONED");
}

BOOST_AUTO_TEST_CASE(refuses_a_shard_count_that_is_not_an_integer) {
  expect_only_error(with(minimal_scenario(), "/stream/shards", "four"), "/stream/shards",
                    "must be an integer, got \"four\"");
}

BOOST_AUTO_TEST_CASE(refuses_retention_below_24_hours) {
  expect_only_error(with(minimal_scenario(), "/stream/retention_hours", 12),
                    "/stream/retention_hours", "must be 24..8760 (KDS retention limits), got 12");
}

BOOST_AUTO_TEST_CASE(refuses_a_max_record_size_outside_max_record_size_in_kib) {
  expect_only_error(with(minimal_scenario(), "/stream/max_record_size_kib", 99),
                    "/stream/max_record_size_kib",
                    "must be 1024..10240 (MaxRecordSizeInKiB), got 99");
}

BOOST_AUTO_TEST_CASE(an_on_demand_stream_takes_a_previous_peak_and_no_shard_count) {
  json doc = with(without(minimal_scenario(), "/stream/shards"), "/stream/mode", "ON_DEMAND");
  doc = with(doc, "/stream/on_demand", {{"previous_peak_mib_per_s", 40}});
  const models::Scenario s = loaded(doc);
  BOOST_TEST((s.mode == models::StreamMode::kOnDemand));
  BOOST_TEST(*s.previous_peak_mib_per_s == 40.0);
  // Fact sheet §4: 10 GB/s in us-east-1 (the default region), 200 MB/s elsewhere.
  BOOST_TEST(s.on_demand_max_write_mib_per_s == 10240.0);
  expect_only_error(with(minimal_scenario(), "/stream/mode", "ON_DEMAND"), "/stream/shards",
                    "only for mode PROVISIONED: an ON_DEMAND stream's shards follow its capacity "
                    "(4 MiB/s at creation, or twice on_demand.previous_peak_mib_per_s)");
}

// Fact sheet §4 (Modes, Warm throughput) and §3 (T14): ON_DEMAND_ADVANTAGE runs on demand with the
// Advantage flag, takes a warm throughput of at most 10 GiB/s, and allows 50 EFO consumers.
BOOST_AUTO_TEST_CASE(an_advantage_stream_is_on_demand_with_warm_throughput_and_50_efo_consumers) {
  json doc = with(without(minimal_scenario(), "/stream/shards"), "/stream/mode",
                  "ON_DEMAND_ADVANTAGE");
  doc = with(doc, "/stream/warm_throughput_mib_per_s", 100);
  for (int i = 0; i < 50; ++i) {
    doc["consumers"].push_back({{"name", "efo" + std::to_string(i)}, {"type", "efo"}});
  }
  const models::Scenario s = loaded(doc);
  BOOST_TEST((s.mode == models::StreamMode::kOnDemand));
  BOOST_TEST(s.on_demand_advantage);
  BOOST_TEST(s.on_demand_floor_write_mib_per_s() == 100.0);
  expect_only_error(with(doc, "/stream/warm_throughput_mib_per_s", 10241),
                    "/stream/warm_throughput_mib_per_s", "must be > 0 and <= 10240, got 10241");
  doc["consumers"].push_back({{"name", "efo50"}, {"type", "efo"}});
  expect_only_error(doc, "/consumers/" + std::to_string(doc["consumers"].size() - 1) + "/type",
                    "at most 50 enhanced fan-out consumers per ON_DEMAND_ADVANTAGE stream "
                    "(RegisterStreamConsumer limit), this is the 51th");
  json standard = with(without(minimal_scenario(), "/stream/shards"), "/stream/mode", "ON_DEMAND");
  expect_only_error(with(standard, "/stream/warm_throughput_mib_per_s", 10),
                    "/stream/warm_throughput_mib_per_s",
                    "only for mode ON_DEMAND_ADVANTAGE (WarmThroughputMiBps needs the account's "
                    "minimum throughput commitment)");
}

// rate_scale multiplies every rate of the group, traces and steps included, and the scaled rate
// keeps the simulator's limit.
BOOST_AUTO_TEST_CASE(rate_scale_multiplies_the_groups_rates) {
  json doc = with(minimal_scenario(), "/producers/0/rate",
                  json::parse(R"({"steps": [["0s", 100], ["30s", 40]]})"));
  doc = with(doc, "/producers/0/rate_scale", 1.25);
  const models::Scenario s = loaded(doc);
  BOOST_TEST(s.producers[0].rate.steps[0].second == 125.0);
  BOOST_TEST(s.producers[0].rate.steps[1].second == 50.0);
  expect_only_error(with(doc, "/producers/0/rate_scale", 0), "/producers/0/rate_scale",
                    "must be > 0 and <= 1000000, got 0");
  json huge = with(minimal_scenario(), "/producers/0/rate", 1e9);
  expect_only_error(with(huge, "/producers/0/rate_scale", 10000), "/producers/0/rate_scale",
                    "the scaled rate must stay at most 1000000000000.0 records/s (simulator limit), "
                    "got a peak of 10000000000000.0");
}

BOOST_AUTO_TEST_CASE(on_demand_settings_need_on_demand_mode) {
  const json doc = with(minimal_scenario(), "/stream/on_demand", {{"previous_peak_mib_per_s", 10}});
  expect_only_error(doc, "/stream/on_demand", "only for mode ON_DEMAND or ON_DEMAND_ADVANTAGE");
  json od = with(without(minimal_scenario(), "/stream/shards"), "/stream/mode", "ON_DEMAND");
  expect_only_error(with(od, "/stream/on_demand", {{"previous_peak_mib_per_s", 0}}),
                    "/stream/on_demand/previous_peak_mib_per_s", "must be > 0 and <= 10240, got 0");
}

BOOST_AUTO_TEST_CASE(suggests_the_mode_spelled_in_capitals) {
  expect_only_error(with(minimal_scenario(), "/stream/mode", "provisioned"), "/stream/mode",
                    "must be \"PROVISIONED\", \"ON_DEMAND\" or \"ON_DEMAND_ADVANTAGE\", got \"provisioned\"; did you mean "
                    "\"PROVISIONED\"?");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(top_level_rules)

BOOST_AUTO_TEST_CASE(refuses_a_duration_that_is_not_a_duration) {
  expect_only_error(with(minimal_scenario(), "/duration", "abc"), "/duration",
                    "must be a duration (number of seconds or a string like \"90s\", \"15m\", "
                    "\"2h\"), got \"abc\"");
}

BOOST_AUTO_TEST_CASE(refuses_a_duration_longer_than_400_days) {
  expect_only_error(with(minimal_scenario(), "/duration", "401d"), "/duration",
                    "must be > 0s and <= 400d (simulator limit), got \"401d\"");
}

BOOST_AUTO_TEST_CASE(requires_a_name_usable_as_a_folder_name) {
  expect_only_error(with(minimal_scenario(), "/name", "my run"), "/name",
                    "must be 1..128 characters of A-Z a-z 0-9 . _ - (it names the output "
                    "folder), got \"my run\"");
  expect_only_error(without(minimal_scenario(), "/name"), "/name", "required");
}

BOOST_AUTO_TEST_CASE(refuses_a_negative_seed) {
  expect_only_error(with(minimal_scenario(), "/seed", -1), "/seed",
                    "must be a non-negative integer, got -1");
}

BOOST_AUTO_TEST_CASE(loads_resharding_and_mode_switch_events) {
  const json events = json::parse(R"([{"at": "30m", "update_shard_count": 4},
      {"at": "40m", "split_shard": "shardId-000000000001"},
      {"at": "50m", "merge_shards": ["shardId-000000000004", "shardId-000000000005"]},
      {"at": "55m", "switch_mode": "ON_DEMAND"}])");
  const auto s = loaded(with(minimal_scenario(), "/events", events));
  using Kind = models::EventSpec::Kind;
  BOOST_REQUIRE_EQUAL(s.events.size(), 4u);
  BOOST_TEST((s.events[0].kind == Kind::kUpdateShardCount));
  BOOST_TEST(s.events[0].target_shard_count == 4);
  BOOST_TEST((s.events[1].kind == Kind::kSplitShard));
  BOOST_TEST(s.events[1].shard_ids.at(0) == "shardId-000000000001");
  BOOST_TEST((s.events[2].kind == Kind::kMergeShards));
  BOOST_TEST(s.events[2].shard_ids.at(1) == "shardId-000000000005");
  BOOST_TEST((s.events[3].kind == Kind::kSwitchMode));
  BOOST_TEST((s.events[3].mode == models::StreamMode::kOnDemand));
}

BOOST_AUTO_TEST_CASE(refuses_malformed_resharding_events) {
  const auto one = [](const json& event) {
    return with(minimal_scenario(), "/events", json::array({event}));
  };
  expect_only_error(one({{"at", "1m"}, {"split_shard", "shard-1"}}), "/events/0/split_shard",
                    "must be a shard id such as \"shardId-000000000000\", got \"shard-1\"");
  expect_only_error(one({{"at", "1m"}, {"merge_shards", {"shardId-000000000000"}}}),
                    "/events/0/merge_shards",
                    "must be an array of two shard ids (MergeShards merges two adjacent shards)");
  expect_only_error(
      one({{"at", "1m"}, {"merge_shards", {"shardId-000000000000", "shardId-000000000000"}}}),
      "/events/0/merge_shards/1",
      "must differ from the first shard, got \"shardId-000000000000\" twice");
  expect_only_error(one({{"at", "1m"}, {"update_shard_count", 0}}), "/events/0/update_shard_count",
                    "must be 1..2147483647, got 0");
  expect_only_error(one({{"at", "1m"}, {"switch_mode", "on_demand"}}), "/events/0/switch_mode",
                    "must be \"PROVISIONED\" or \"ON_DEMAND\", got \"on_demand\"; did you mean "
                    "\"ON_DEMAND\"?");
  expect_only_error(one({{"at", "1m"}, {"update_shard_count", 2}, {"for", "1m"}}), "/events/0/for",
                    "only for stop_consumer and stop_producer");
}

BOOST_AUTO_TEST_CASE(loads_stop_consumer_and_stop_producer_events) {
  const json events =
      json::parse(R"([{"at": "30s", "stop_consumer": "app", "worker": 0, "for": "2m"},
                                      {"at": "1m", "stop_producer": "web"}])");
  const auto s = loaded(with(minimal_scenario(), "/events", events));
  BOOST_REQUIRE_EQUAL(s.events.size(), 2u);
  BOOST_TEST(s.events[0].at_s == 30.0);
  BOOST_TEST(s.events[0].target == "app");
  BOOST_TEST(s.events[0].worker == 0);
  BOOST_TEST(*s.events[0].for_s == 120.0);
  BOOST_TEST((s.events[1].kind == kds::models::EventSpec::Kind::kStopProducer));
  BOOST_TEST(!s.events[1].for_s.has_value());
}

BOOST_AUTO_TEST_CASE(loads_and_checks_set_retention_hours) {
  const json ok = {{"at", "30m"}, {"set_retention_hours", 168}};
  const auto s = loaded(with(minimal_scenario(), "/events", json::array({ok})));
  BOOST_TEST((s.events[0].kind == kds::models::EventSpec::Kind::kSetRetentionHours));
  BOOST_TEST(s.events[0].retention_hours == 168.0);
  const json low = {{"at", "30m"}, {"set_retention_hours", 12}};
  expect_only_error(with(minimal_scenario(), "/events", json::array({low})),
                    "/events/0/set_retention_hours",
                    "must be 24..8760 (KDS retention limits), got 12");
}

BOOST_AUTO_TEST_CASE(refuses_an_event_naming_an_unknown_consumer) {
  const json event = {{"at", "30s"}, {"stop_consumer", "ap"}};
  expect_only_error(with(minimal_scenario(), "/events", json::array({event})),
                    "/events/0/stop_consumer", "no consumer is named \"ap\"");
}

BOOST_AUTO_TEST_CASE(refuses_a_worker_the_app_does_not_have) {
  const json event = {{"at", "30s"}, {"stop_consumer", "app"}, {"worker", 1}};
  expect_only_error(with(minimal_scenario(), "/events", json::array({event})), "/events/0/worker",
                    "must be 0..0 (workers of \"app\"), got 1");
}

BOOST_AUTO_TEST_CASE(refuses_an_event_after_the_end_of_the_run) {
  const json event = {{"at", "2h"}, {"stop_producer", "web"}};
  const auto errors =
      kds::front::load_scenario(with(minimal_scenario(), "/events", json::array({event})), ".")
          .errors;
  BOOST_REQUIRE_EQUAL(errors.size(), 1u);
  BOOST_TEST(errors[0].where == "/events/0/at");
}

BOOST_AUTO_TEST_CASE(refuses_a_document_that_is_not_an_object) {
  expect_only_error(json::array(), "", "a scenario must be a JSON object, got []");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(producer_rules)

BOOST_AUTO_TEST_CASE(requires_a_rate) {
  expect_only_error(without(minimal_scenario(), "/producers/0/rate"), "/producers/0/rate",
                    "required");
}

BOOST_AUTO_TEST_CASE(refuses_more_than_500_records_per_put_records_call) {
  expect_only_error(with(minimal_scenario(), "/producers/0/batching", {{"max_records", 501}}),
                    "/producers/0/batching/max_records",
                    "must be 1..500 (PutRecords limit), got 501");
}

BOOST_AUTO_TEST_CASE(refuses_several_records_per_put_record_call) {
  const json batching = {{"api", "PutRecord"}, {"max_records", 5}};
  expect_only_error(with(minimal_scenario(), "/producers/0/batching", batching),
                    "/producers/0/batching/max_records",
                    "must be 1 with api PutRecord (one record per call), got 5");
}

BOOST_AUTO_TEST_CASE(refuses_linger_with_put_record) {
  const json batching = {{"api", "PutRecord"}, {"linger", "10ms"}};
  expect_only_error(with(minimal_scenario(), "/producers/0/batching", batching),
                    "/producers/0/batching/linger", "only for api PutRecords");
}

BOOST_AUTO_TEST_CASE(refuses_a_fixed_record_larger_than_the_record_size_limit) {
  expect_only_error(with(minimal_scenario(), "/producers/0/record_bytes", 1048577),
                    "/producers/0/record_bytes",
                    "must be 0..1048576 (record size limit: max_record_size_kib 1024, "
                    "MaxRecordSizeInKiB), got 1048577");
}

BOOST_AUTO_TEST_CASE(measures_the_record_size_limit_against_max_record_size_kib) {
  json doc = with(minimal_scenario(), "/stream/max_record_size_kib", 2048);
  BOOST_TEST(loaded(with(doc, "/producers/0/record_bytes", 2097152)).producers.size() == 1u);
  expect_only_error(with(doc, "/producers/0/record_bytes", json{{"uniform", {1, 2097153}}}),
                    "/producers/0/record_bytes/uniform/1",
                    "must be 0..2097152 (record size limit: max_record_size_kib 2048, "
                    "MaxRecordSizeInKiB), got 2097153");
}

BOOST_AUTO_TEST_CASE(refuses_a_uniform_size_range_given_backwards) {
  expect_only_error(
      with(minimal_scenario(), "/producers/0/record_bytes", json{{"uniform", {500, 100}}}),
      "/producers/0/record_bytes/uniform/1", "must be >= min (500), got 100");
}

BOOST_AUTO_TEST_CASE(refuses_a_partition_key_longer_than_256_characters) {
  const json keys = {{"single", std::string(257, 'k')}};
  expect_only_error(with(minimal_scenario(), "/producers/0/keys", keys), "/producers/0/keys/single",
                    "must be 1..256 characters (partition key length, PutRecord limit), got 257 "
                    "characters");
}

BOOST_AUTO_TEST_CASE(refuses_more_than_ten_million_distinct_keys) {
  expect_only_error(with(minimal_scenario(), "/producers/0/keys", {{"uniform", 10000001}}),
                    "/producers/0/keys/uniform",
                    "must be 1..10000000 (simulator limit), got 10000001");
}

BOOST_AUTO_TEST_CASE(refuses_a_zipf_exponent_of_zero) {
  const json keys = {{"zipf", {{"count", 100}, {"exponent", 0}}}};
  expect_only_error(with(minimal_scenario(), "/producers/0/keys", keys),
                    "/producers/0/keys/zipf/exponent", "must be > 0, got 0");
}

BOOST_AUTO_TEST_CASE(suggests_random_for_a_misspelt_key_distribution) {
  expect_only_error(with(minimal_scenario(), "/producers/0/keys", "randm"), "/producers/0/keys",
                    "must be \"random\", {\"uniform\": N}, {\"zipf\": {\"count\": N, \"exponent\": "
                    "s}} or {\"single\": \"key\"}, got \"randm\"; did you mean \"random\"?");
}

BOOST_AUTO_TEST_CASE(refuses_zero_instances_and_more_than_ten_thousand) {
  expect_only_error(with(minimal_scenario(), "/producers/0/instances", 0), "/producers/0/instances",
                    "must be 1..10000 (simulator limit), got 0");
  expect_only_error(with(minimal_scenario(), "/producers/0/instances", 10001),
                    "/producers/0/instances", "must be 1..10000 (simulator limit), got 10001");
}

// Found with the ASan build: max_delay 4294967296 (s) made a producer's retry ring ask for 100 GB
// (ASan: "allocator is out of memory"), 1e300 overflowed its size (UBSan).
BOOST_AUTO_TEST_CASE(refuses_a_retry_delay_beyond_an_hour) {
  expect_only_error(with(minimal_scenario(), "/producers/0/retry", {{"max_delay", 4294967296}}),
                    "/producers/0/retry/max_delay",
                    "must be > 0s and <= 1h (simulator limit), got 4294967296");
}

BOOST_AUTO_TEST_CASE(refuses_a_max_delay_shorter_than_the_base_delay) {
  const json retry = {{"base_delay", "1s"}, {"max_delay", "10ms"}};
  expect_only_error(with(minimal_scenario(), "/producers/0/retry", retry),
                    "/producers/0/retry/max_delay", "must be >= base_delay (1s), got \"10ms\"");
}

BOOST_AUTO_TEST_CASE(refuses_zero_attempts) {
  expect_only_error(with(minimal_scenario(), "/producers/0/retry", {{"max_attempts", 0}}),
                    "/producers/0/retry/max_attempts", "must be >= 1, got 0");
}

BOOST_AUTO_TEST_CASE(suggests_the_closest_arrival_process) {
  expect_only_error(with(minimal_scenario(), "/producers/0/arrivals", "poison"),
                    "/producers/0/arrivals",
                    "must be \"poisson\" or \"uniform\", got \"poison\"; did you mean "
                    "\"poisson\"?");
}

BOOST_AUTO_TEST_CASE(loads_kpl_with_its_defaults_and_limits) {
  const auto s = loaded(with(minimal_scenario(), "/producers/0/kpl", {{"aggregation", true}}));
  BOOST_TEST(s.producers[0].aggregates());
  BOOST_TEST(s.producers[0].kpl_aggregation_max_bytes == 51200.0);
  BOOST_TEST(s.producers[0].kpl_max_buffered_time_s == 0.1);
  expect_only_error(
      with(minimal_scenario(), "/producers/0/kpl", {{"aggregation_max_bytes", 2000000}}),
      "/producers/0/kpl/aggregation_max_bytes",
      "must be 64..1048576 (KPL AggregationMaxSize, within the stream's maximum record size), got "
      "2000000");
}

BOOST_AUTO_TEST_CASE(refuses_two_producers_with_the_same_name) {
  json doc = minimal_scenario();
  doc["producers"].push_back(doc["producers"][0]);
  expect_only_error(doc, "/producers/1/name", "duplicate name \"web\" (also /producers/0/name)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rate_rules)

BOOST_AUTO_TEST_CASE(refuses_a_negative_rate) {
  expect_only_error(with(minimal_scenario(), "/producers/0/rate", -1), "/producers/0/rate",
                    "must be 0..1000000000000 (simulator limit), got -1");
}

// Found with the ASan build: `kds-sim run --set /producers/1/rate=1e300` never ended, its
// arrival draws looping in std::poisson_distribution<int64_t> (a mean beyond 2^63).
BOOST_AUTO_TEST_CASE(refuses_a_rate_beyond_the_simulator_limit) {
  expect_only_error(with(minimal_scenario(), "/producers/0/rate", 1e300), "/producers/0/rate",
                    "must be 0..1000000000000 (simulator limit), got 1e+300");
}

BOOST_AUTO_TEST_CASE(loads_steps_in_seconds) {
  const json rate = json::parse(R"({"steps": [["0s", 1000], ["30m", 5000]]})");
  const models::RateSpec r =
      loaded(with(minimal_scenario(), "/producers/0/rate", rate)).producers.at(0).rate;
  BOOST_TEST((r.kind == models::RateSpec::Kind::kSteps));
  BOOST_TEST(r.steps.size() == 2u);
  BOOST_TEST(r.steps[1].first == 1800.0);
  BOOST_TEST(r.steps[1].second == 5000.0);
}

BOOST_AUTO_TEST_CASE(requires_the_first_step_at_zero) {
  const json rate = json::parse(R"({"steps": [["5s", 1000]]})");
  expect_only_error(with(minimal_scenario(), "/producers/0/rate", rate),
                    "/producers/0/rate/steps/0/0", "the first step must start at 0s, got \"5s\"");
}

BOOST_AUTO_TEST_CASE(requires_steps_in_increasing_time) {
  const json rate = json::parse(R"({"steps": [["0s", 1], ["30m", 2], ["30m", 3]]})");
  expect_only_error(with(minimal_scenario(), "/producers/0/rate", rate),
                    "/producers/0/rate/steps/2/0",
                    "must be later than the previous step (1800s), got \"30m\"");
}

BOOST_AUTO_TEST_CASE(refuses_a_ramp_over_no_time) {
  const json rate = {{"ramp", {{"from", 1}, {"to", 2}, {"over", 0}}}};
  expect_only_error(with(minimal_scenario(), "/producers/0/rate", rate),
                    "/producers/0/rate/ramp/over", "must be > 0s, got 0");
}

BOOST_AUTO_TEST_CASE(refuses_a_diurnal_amplitude_above_one) {
  const json rate = {{"diurnal", {{"mean", 100}, {"amplitude", 1.5}}}};
  expect_only_error(with(minimal_scenario(), "/producers/0/rate", rate),
                    "/producers/0/rate/diurnal/amplitude", "must be 0..1, got 1.5");
}

BOOST_AUTO_TEST_CASE(refuses_two_rate_shapes_at_once) {
  const json rate =
      json::parse(R"({"ramp": {"from": 1, "to": 2, "over": 1}, "steps": [["0s", 1]]})");
  expect_only_error(with(minimal_scenario(), "/producers/0/rate", rate), "/producers/0/rate",
                    "must have exactly one of the keys steps, ramp, diurnal, trace; got both "
                    "\"steps\" and \"ramp\"");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(consumer_rules)

BOOST_AUTO_TEST_CASE(refuses_an_idle_time_below_the_kcl_minimum) {
  expect_only_error(
      with(minimal_scenario(), "/consumers/0/idle_time_between_reads", "100ms"),
      "/consumers/0/idle_time_between_reads",
      "must be >= 200ms (KCL minimum MIN_IDLE_MILLIS_BETWEEN_READS, fact sheet §9), got \"100ms\"");
}

BOOST_AUTO_TEST_CASE(refuses_more_than_10000_records_per_get_records_call) {
  expect_only_error(with(minimal_scenario(), "/consumers/0/max_records", 10001),
                    "/consumers/0/max_records",
                    "must be 1..10000 (GetRecords Limit, fact sheet T6), got 10001");
}

// Lambda's 15-minute timeout bounds a full batch's invocation (a 1-day per_record once grew the
// concurrency bookkeeping until the run aborted).
BOOST_AUTO_TEST_CASE(refuses_a_lambda_batch_longer_than_the_timeout) {
  auto doc = minimal_scenario();
  doc["consumers"][0] = {{"name", "fn"},
                         {"type", "lambda"},
                         {"batch_size", 100},
                         {"duration", {{"per_invoke", "1s"}, {"per_record", "9s"}}}};
  expect_only_error(doc, "/consumers/0/duration/per_record",
                    "per_invoke + batch_size x per_record must be <= 900 s (Lambda timeout 15 "
                    "min), got 901s");
}

BOOST_AUTO_TEST_CASE(refuses_zero_workers) {
  expect_only_error(with(minimal_scenario(), "/consumers/0/workers", 0), "/consumers/0/workers",
                    "must be 1..10000 (a worker holds at least one lease and a stream has at most "
                    "10,000 shards, fact sheet §5), got 0");
}

BOOST_AUTO_TEST_CASE(refuses_a_start_after_the_end_of_the_run) {
  expect_only_error(with(minimal_scenario(), "/consumers/0/start_at", "1h"),
                    "/consumers/0/start_at", "must be >= 0s and < 1h, got \"1h\"");
}

BOOST_AUTO_TEST_CASE(suggests_the_closest_start_position) {
  expect_only_error(with(minimal_scenario(), "/consumers/0/start_position", "TRIM_HORIZONN"),
                    "/consumers/0/start_position",
                    "must be \"LATEST\" or \"TRIM_HORIZON\", got \"TRIM_HORIZONN\"; did you mean "
                    "\"TRIM_HORIZON\"?");
}

BOOST_AUTO_TEST_CASE(refuses_a_processing_jitter_above_one) {
  expect_only_error(with(minimal_scenario(), "/consumers/0/processing", {{"jitter", 2}}),
                    "/consumers/0/processing/jitter", "must be 0..1, got 2");
}

BOOST_AUTO_TEST_CASE(refuses_a_lambda_key_on_a_polling_consumer) {
  expect_only_error(with(minimal_scenario(), "/consumers/0/batch_size", 100),
                    "/consumers/0/batch_size", "only for type lambda");
}

BOOST_AUTO_TEST_CASE(loads_efo_consumers_and_refuses_their_polling_keys) {
  json doc = with(minimal_scenario(), "/consumers/0/type", "efo");
  BOOST_TEST((loaded(doc).consumers[0].type == kds::models::ConsumerType::kEfo));
  expect_only_error(with(doc, "/consumers/0/workers", 2), "/consumers/0/workers",
                    "only for type polling");
}

// Fact sheet §3, T14: a 21st registered consumer on a provisioned stream is refused.
BOOST_AUTO_TEST_CASE(refuses_a_21st_efo_consumer) {
  json doc = minimal_scenario();
  doc["consumers"] = json::array();
  for (int i = 0; i < 21; ++i)
    doc["consumers"].push_back({{"name", "efo" + std::to_string(i)}, {"type", "efo"}});
  expect_only_error(doc, "/consumers/20/type",
                    "at most 20 enhanced fan-out consumers per PROVISIONED stream (RegisterStreamConsumer "
                    "limit), this is the 21th");
}

BOOST_AUTO_TEST_CASE(checks_lambda_limits) {
  json doc = with(minimal_scenario(), "/consumers/0/type", "lambda");
  expect_only_error(with(doc, "/consumers/0/parallelization_factor", 12),
                    "/consumers/0/parallelization_factor", "must be 1..10 (Lambda limit), got 12");
  expect_only_error(with(doc, "/consumers/0/batch_size", 10001), "/consumers/0/batch_size",
                    "must be 1..10000 (Lambda limit), got 10001");
  expect_only_error(with(doc, "/consumers/0/max_record_age", "30s"), "/consumers/0/max_record_age",
                    "must be -1 (infinite) or 60s..7d (Lambda limit), got \"30s\"");
}

BOOST_AUTO_TEST_CASE(loads_lambda_settings) {
  json doc =
      with(minimal_scenario(), "/consumers/0", json::parse(R"({"name": "fn", "type": "lambda",
      "batch_size": 500, "parallelization_factor": 2, "max_retry_attempts": 2, "on_failure": "sqs",
      "bisect_on_error": true, "duration": {"per_invoke": "20ms", "per_record": "1ms"}})"));
  const auto c = loaded(doc).consumers[0];
  BOOST_TEST(c.batch_size == 500);
  BOOST_TEST(c.parallelization_factor == 2);
  BOOST_TEST(c.max_retry_attempts == 2);
  BOOST_TEST(c.on_failure == "sqs");
  BOOST_TEST(c.bisect_on_error);
  BOOST_TEST(c.per_invoke_s == 0.02);
  BOOST_TEST(c.max_record_age_s == -1.0);
}

// Fact sheet §8: ParallelizationFactor does not work with KPL aggregation.
BOOST_AUTO_TEST_CASE(refuses_parallelization_with_kpl_aggregation) {
  json doc = with(minimal_scenario(), "/consumers/0",
                  json::parse(R"({"name": "fn", "type": "lambda", "parallelization_factor": 2})"));
  doc = with(doc, "/producers/0/kpl", {{"aggregation", true}});
  expect_only_error(doc, "/consumers/0/parallelization_factor",
                    "must be 1 when a producer uses KPL aggregation (Lambda's "
                    "ParallelizationFactor does not work "
                    "with KPL aggregation), got 2");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(slo_pricing_and_report_rules)

BOOST_AUTO_TEST_CASE(refuses_a_throttle_ratio_above_one) {
  expect_only_error(with(minimal_scenario(), "/slo", {{"max_write_throttle_ratio", 2}}),
                    "/slo/max_write_throttle_ratio", "must be 0..1, got 2");
}

BOOST_AUTO_TEST_CASE(refuses_a_fractional_lost_record_count) {
  expect_only_error(with(minimal_scenario(), "/slo", {{"max_lost_records", 0.5}}),
                    "/slo/max_lost_records", "must be an integer, got 0.5");
}

BOOST_AUTO_TEST_CASE(lists_the_known_regions_for_an_unknown_one) {
  expect_only_error(with(minimal_scenario(), "/pricing", {{"region", "eu-west-9"}}),
                    "/pricing/region", "unknown region \"eu-west-9\"; known regions: us-east-1");
}

BOOST_AUTO_TEST_CASE(overrides_a_unit_price_by_its_field_name) {
  const json pricing = {{"region", "us-east-1"}, {"on_demand_data_in_gb", 0.1}};
  const models::PriceTable prices = loaded(with(minimal_scenario(), "/pricing", pricing)).prices;
  BOOST_TEST(prices.on_demand_data_in_gb == 0.1);
  BOOST_TEST(prices.shard_hour == 0.015);
}

BOOST_AUTO_TEST_CASE(refuses_a_negative_price) {
  expect_only_error(with(minimal_scenario(), "/pricing", {{"shard_hour", -0.01}}),
                    "/pricing/shard_hour", "must be >= 0, got -0.01");
}

BOOST_AUTO_TEST_CASE(refuses_a_report_interval_below_one_second_or_beyond_the_run) {
  expect_only_error(with(minimal_scenario(), "/report", {{"interval", "500ms"}}),
                    "/report/interval", "must be 1s..1h, got \"500ms\"");
  expect_only_error(with(minimal_scenario(), "/report", {{"interval", "2h"}}), "/report/interval",
                    "must be 1s..1h, got \"2h\"");
}

BOOST_AUTO_TEST_CASE(refuses_a_write_burst_longer_than_a_minute) {
  expect_only_error(with(minimal_scenario(), "/service", {{"write_burst", "61s"}}),
                    "/service/write_burst", "must be > 0s and <= 60s, got \"61s\"");
}

BOOST_AUTO_TEST_CASE(refuses_random_keys_longer_than_a_partition_key) {
  expect_only_error(with(minimal_scenario(), "/service", {{"random_key_bytes", 257}}),
                    "/service/random_key_bytes",
                    "must be 1..256 (partition key length, PutRecord limit), got 257");
}

// Found with the ASan build: put_latency 1e18 s sized the retry ring past memory ("internal
// error: vector::_M_default_append"), propagation 1e300 s overflowed a slice number (UBSan).
BOOST_AUTO_TEST_CASE(refuses_a_service_latency_beyond_an_hour) {
  expect_only_error(with(minimal_scenario(), "/service", {{"propagation", "2h"}}),
                    "/service/propagation", "must be 0s..1h (simulator limit), got \"2h\"");
}

// Found while writing tools/fuzz (UBSan in the fuzzer: "1e+10 is outside the range of
// representable values of type 'int'"): an on-demand stream's shard count, derived from an
// unbounded on_demand_initial_write_mib_per_s of 1e10, overflowed an int.
BOOST_AUTO_TEST_CASE(caps_the_initial_on_demand_capacity_at_the_largest_regional_maximum) {
  expect_only_error(
      with(minimal_scenario(), "/service", {{"on_demand_initial_write_mib_per_s", 1e10}}),
      "/service/on_demand_initial_write_mib_per_s", "must be > 0 and <= 10240, got 10000000000.0");
}

// Found while writing tools/fuzz (its check that an accepted scenario allows at least one
// scaling): max_scalings_per_24h 4294967296 passed ">= 1" as an int64 and wrapped to 0 in the int.
BOOST_AUTO_TEST_CASE(clamps_per_24h_limits_beyond_an_int_instead_of_wrapping) {
  const json service = {{"max_scalings_per_24h", 4294967296},
                        {"max_mode_switches_per_24h", 4294967296}};
  const models::Scenario s = loaded(with(minimal_scenario(), "/service", service));
  BOOST_TEST(s.service.max_scalings_per_24h == INT_MAX);
  BOOST_TEST(s.service.max_mode_switches_per_24h == INT_MAX);
}

// A report period holds whole write slices (consumers record per slice; a 1 s period with 10 s
// slices put some deliveries in the wrong period).
BOOST_AUTO_TEST_CASE(refuses_a_report_interval_that_is_not_whole_slices) {
  auto doc = with(minimal_scenario(), "/engine", {{"time_slice", "10s"}});
  doc["report"] = {{"interval", "15s"}};
  expect_only_error(doc, "/report/interval",
                    "must be a whole multiple of engine.time_slice (10s), got 15s");
}

BOOST_AUTO_TEST_CASE(refuses_a_time_slice_outside_10ms_to_10s) {
  expect_only_error(with(minimal_scenario(), "/engine", {{"time_slice", "20s"}}),
                    "/engine/time_slice", "must be 10ms..10s, got \"20s\"");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(unknown_keys)

BOOST_AUTO_TEST_CASE(suggests_a_known_key_within_two_edits) {
  json doc = without(minimal_scenario(), "/producers/0/rate");
  doc = with(doc, "/producers/0/rat", 100);
  const LoadResult result = load_scenario(doc, ".");
  BOOST_REQUIRE(result.errors.size() == 2u);
  BOOST_TEST(to_string(result.errors[0]) == "/producers/0/rate: required");
  BOOST_TEST(to_string(result.errors[1]) == "/producers/0/rat: unknown key; did you mean 'rate'?");
}

BOOST_AUTO_TEST_CASE(lists_the_allowed_keys_when_none_is_close) {
  expect_only_error(with(minimal_scenario(), "/engine", {{"speed", 2}}), "/engine/speed",
                    "unknown key; allowed keys: time_slice");
}

BOOST_AUTO_TEST_CASE(reports_unknown_keys_at_every_level) {
  expect_only_error(with(minimal_scenario(), "/producer", json::array()), "/producer",
                    "unknown key; did you mean 'producers'?");
  expect_only_error(with(minimal_scenario(), "/stream/shard_count", 2), "/stream/shard_count",
                    "unknown key; allowed keys: mode, warm_throughput_mib_per_s, shards, retention_hours, "
                    "max_record_size_kib, on_demand");
  expect_only_error(with(minimal_scenario(), "/producers/0/retry", {{"jiter", "none"}}),
                    "/producers/0/retry/jiter", "unknown key; did you mean 'jitter'?");
  expect_only_error(with(minimal_scenario(), "/pricing", {{"shard_hours", 1}}),
                    "/pricing/shard_hours", "unknown key; did you mean 'shard_hour'?");
}

BOOST_AUTO_TEST_CASE(accepts_a_schema_reference_for_editors) {
  BOOST_TEST(loaded(with(minimal_scenario(), "/$schema", "../scenarios/schema.json")).name ==
             "minimal");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(error_collection)

BOOST_AUTO_TEST_CASE(reports_every_problem_of_a_document_at_once) {
  json doc = minimal_scenario();
  doc["stream"]["shards"] = 0;
  doc["stream"]["retention_hours"] = 12;
  doc["producers"][0]["batching"] = {{"max_records", 501}};
  doc["consumers"][0]["workers"] = 0;
  doc["slo"] = {{"max_lost_records", -1}};
  const LoadResult result = load_scenario(doc, ".");
  BOOST_TEST(!result.scenario.has_value());
  BOOST_REQUIRE(result.errors.size() == 5u);
  BOOST_TEST(result.errors[0].where == "/stream/shards");
  BOOST_TEST(result.errors[1].where == "/stream/retention_hours");
  BOOST_TEST(result.errors[2].where == "/producers/0/batching/max_records");
  BOOST_TEST(result.errors[3].where == "/consumers/0/workers");
  BOOST_TEST(result.errors[4].where == "/slo/max_lost_records");
}

BOOST_AUTO_TEST_CASE(skips_a_rule_whose_input_is_already_reported) {
  // The record size limit is unknown when max_record_size_kib is bad, so the oversized record is
  // not reported a second time.
  json doc = with(minimal_scenario(), "/stream/max_record_size_kib", 99);
  doc = with(doc, "/producers/0/record_bytes", 5000000);
  const ValidationError error = only_error(doc);
  BOOST_TEST(error.where == "/stream/max_record_size_kib");
}

BOOST_AUTO_TEST_CASE(prints_an_error_as_pointer_colon_rule) {
  BOOST_TEST(to_string(ValidationError{"/stream/shards", "required"}) ==
             "/stream/shards: required");
  BOOST_TEST(to_string(ValidationError{"", "cannot read"}) == "cannot read");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace kds::front
