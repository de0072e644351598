// The fluid model (models/fluid_model.hpp) against the fact sheet's arithmetic: each case is a
// closed form from a T-row (limits) or a P-row (prices), computed by hand here.
#include "models/fluid_model.hpp"

#include <cmath>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "models/limits.hpp"
#include "models/partition_key_distribution.hpp"
#include "models/stream.hpp"
#include "models/units.hpp"
#include "tests/test_scenarios.hpp"

using namespace kds::models;
using kds::testing::load_or_fail;
using kds::testing::minimal_scenario_doc;

namespace {
double cents(double usd) {
  return std::round(usd * 100.0) / 100.0;
}

// One producer group on `shards` shards: `rate` records/s of `bytes` data bytes under one
// partition key ("k": 1 byte), evenly spaced, so that only the limits under test act.
nlohmann::json one_key_doc(int shards, double rate, double bytes, const std::string& duration) {
  nlohmann::json doc = minimal_scenario_doc();
  doc["duration"] = duration;
  doc["stream"]["shards"] = shards;
  doc["producers"] = nlohmann::json::array({{{"name", "p"},
                                             {"rate", rate},
                                             {"arrivals", "uniform"},
                                             {"record_bytes", bytes},
                                             {"keys", {{"single", "k"}}}}});
  return doc;
}

const FluidConsumerEstimate& consumer(const FluidEstimate& e, const std::string& name) {
  for (const auto& c : e.consumers) {
    if (c.name == name) return c;
  }
  BOOST_FAIL("no consumer " + name);
  return e.consumers.front();
}

const FluidBottleneck* bottleneck(const FluidEstimate& e, const std::string& resource) {
  for (const auto& b : e.bottlenecks) {
    if (b.resource == resource) return &b;
  }
  return nullptr;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(fluid_model)

// T1: a shard stores 1,000 records/s. Offered 2,000/s with a single attempt, half the attempts
// are throttled and dropped.
BOOST_AUTO_TEST_CASE(one_shard_at_2000_records_per_s_is_half_throttled) {
  nlohmann::json doc = one_key_doc(1, 2000, 100, "10m");
  doc["producers"][0]["retry"] = {{"max_attempts", 1}};
  const FluidEstimate e = estimate_fluid(load_or_fail(doc));
  BOOST_TEST(e.stream.incoming_records == 1000.0 * 600, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(e.stream.write_throttle_ratio() == 0.5, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(e.stream.producer_dropped_records == 1000.0 * 600, boost::test_tools::tolerance(1e-9));
  const FluidBottleneck* b = bottleneck(e, kShardWriteRecords);
  BOOST_REQUIRE(b);
  BOOST_TEST(b->utilization == 2.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(b->where == "shardId-000000000000");
  BOOST_TEST(e.bottlenecks.front().resource == kShardWriteRecords);
}

// T1 with retries: the shard still stores 1,000/s and drops the rest after max_attempts; every
// attempt is admitted with the same probability f, so (1 - f)^10 = 1/2 and the throttle ratio is
// 1 - f = 0.5^(1/10) = 0.933 (the simulator gives 0.932 on this scenario).
BOOST_AUTO_TEST_CASE(retries_raise_the_throttle_ratio_but_not_the_stored_rate) {
  const FluidEstimate e = estimate_fluid(load_or_fail(one_key_doc(1, 2000, 100, "10m")));
  BOOST_TEST(e.stream.incoming_records == 1000.0 * 600, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(e.stream.producer_dropped_records == 1000.0 * 600, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(e.stream.write_throttle_ratio() == std::pow(0.5, 0.1),
             boost::test_tools::tolerance(1e-9));
}

// T1, bytes: 1 MiB/s of data + partition key. 800 records/s of 2,000 B (+ 1 B key) offer
// 1,600,800 B/s: the shard stores 1 MiB/s of them.
BOOST_AUTO_TEST_CASE(the_byte_limit_counts_data_and_keys) {
  nlohmann::json doc = one_key_doc(1, 800, 2000, "10m");
  doc["producers"][0]["retry"] = {{"max_attempts", 1}};
  const FluidEstimate e = estimate_fluid(load_or_fail(doc));
  BOOST_TEST(e.stream.incoming_records == kShardWriteBytesPerS / 2001.0 * 600,
             boost::test_tools::tolerance(1e-9));
  const FluidBottleneck* b = bottleneck(e, kShardWriteBytes);
  BOOST_REQUIRE(b);
  BOOST_TEST(b->utilization == 800 * 2001.0 / kShardWriteBytesPerS,
             boost::test_tools::tolerance(1e-9));
}

// T27: a partition key lands on the shard whose range holds int(MD5(key)); its load binds that
// shard, whichever it is.
BOOST_AUTO_TEST_CASE(a_hot_key_binds_the_shard_its_md5_falls_in) {
  nlohmann::json doc = one_key_doc(4, 1500, 100, "10m");
  doc["producers"][0]["keys"] = {{"single", "tenant-42"}};
  const FluidEstimate e = estimate_fluid(load_or_fail(doc));
  const int shard = find_range(split_evenly(4), hash_partition_key("tenant-42"));
  const FluidBottleneck* b = bottleneck(e, kShardWriteRecords);
  BOOST_REQUIRE(b);
  BOOST_TEST(b->where == Stream::shard_id_for(shard));
  BOOST_TEST(b->utilization == 1.5, boost::test_tools::tolerance(1e-9));
}

// Fact sheet §2: polling apps share a shard's 2 MiB/s. Three apps on a shard written at
// 1,000,000 B/s of data need 3,000,000 B/s: their backlogs grow by (3 x 1,000,000 - 2 MiB) B/s
// together, a third each (equal call rates).
BOOST_AUTO_TEST_CASE(three_polling_apps_share_the_2_mib_of_a_shard) {
  nlohmann::json doc = one_key_doc(1, 1000, 1000, "20m");
  for (const char* name : {"a", "b", "c"})
    doc["consumers"].push_back({{"name", name}, {"type", "polling"}});
  const FluidEstimate e = estimate_fluid(load_or_fail(doc));
  const double growth_bytes_per_s = 3 * 1'000'000.0 - kShardReadBytesPerS;
  double total = 0;
  for (const auto& c : e.consumers) {
    BOOST_TEST(c.backlog_growth_records_per_s * 1000.0 == growth_bytes_per_s / 3,
               boost::test_tools::tolerance(0.01));
    BOOST_TEST(!c.caught_up);
    total += c.backlog_growth_records_per_s * 1000.0;
  }
  BOOST_TEST(total == growth_bytes_per_s, boost::test_tools::tolerance(0.01));
  const FluidBottleneck* b = bottleneck(e, kSharedReadBytes);
  BOOST_REQUIRE(b);
  BOOST_TEST(b->utilization == 3'000'000.0 / kShardReadBytesPerS,
             boost::test_tools::tolerance(1e-6));
}

// Fact sheet §2: a TRIM_HORIZON app starting 30 minutes late reads the shard's 2 MiB/s (a call a
// second returns up to 10,000 records of 1,000 B, more than the limit gives), so it catches up
// in backlog / (2 MiB/s - write rate).
BOOST_AUTO_TEST_CASE(a_late_trim_horizon_app_catches_up_at_2_mib_minus_the_write_rate) {
  nlohmann::json doc = one_key_doc(1, 500, 1000, "1h");
  doc["consumers"].push_back({{"name", "late"},
                              {"type", "polling"},
                              {"start_position", "TRIM_HORIZON"},
                              {"start_at", "30m"}});
  const FluidEstimate e = estimate_fluid(load_or_fail(doc));
  const double write_bytes_per_s = 500 * 1000.0;
  const double backlog_bytes = 1800 * write_bytes_per_s;
  const FluidConsumerEstimate& late = consumer(e, "late");
  BOOST_REQUIRE(late.catch_up_s.has_value());
  BOOST_TEST(*late.catch_up_s == backlog_bytes / (kShardReadBytesPerS - write_bytes_per_s),
             boost::test_tools::tolerance(0.01));
  BOOST_TEST(late.caught_up);
  BOOST_TEST(late.lost_records == 0.0);
  // Behind, its IteratorAge was the age of the oldest unread record: up to the 30 minutes.
  BOOST_TEST(late.max_iterator_age_ms > 0.9 * 1800 * 1000);
}

// T21: a mapping's concurrency is at most open shards x parallelization_factor; a function too
// slow for the traffic keeps every lane busy: 100 shards x 2 = 200.
BOOST_AUTO_TEST_CASE(lambda_concurrency_is_shards_times_parallelization_factor) {
  nlohmann::json doc = minimal_scenario_doc();
  doc["duration"] = "10m";
  doc["stream"]["shards"] = 100;
  doc["producers"] = nlohmann::json::array(
      {{{"name", "p"}, {"rate", 50000}, {"record_bytes", 200}, {"keys", "random"}}});
  doc["consumers"] =
      nlohmann::json::array({{{"name", "fn"},
                              {"type", "lambda"},
                              {"batch_size", 100},
                              {"parallelization_factor", 2},
                              {"duration", {{"per_invoke", "100ms"}, {"per_record", "5ms"}}}}});
  const FluidEstimate e = estimate_fluid(load_or_fail(doc));
  const FluidConsumerEstimate& fn = consumer(e, "fn");
  BOOST_TEST(fn.lambda_max_concurrency == 200.0, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(!fn.caught_up);
  // Each lane serves 100 records per 0.6 s: the backlog grows by 50,000 - 200 x 100 / 0.6 /s.
  BOOST_TEST(fn.backlog_growth_records_per_s == 50000 - 200 * 100 / 0.6,
             boost::test_tools::tolerance(0.01));
}

// Fact sheet §6: a TRIM_HORIZON app starting at 25 h on a 24 h stream finds the first hour gone
// (900 records/s x 3,600 s) and, reading 1,111 records/s, outruns the trim horizon from then on.
BOOST_AUTO_TEST_CASE(retention_takes_what_a_late_reader_cannot_reach) {
  nlohmann::json doc = one_key_doc(1, 900, 1000, "26h");
  doc["consumers"].push_back({{"name", "late"},
                              {"type", "polling"},
                              {"start_position", "TRIM_HORIZON"},
                              {"start_at", "25h"},
                              {"processing", {{"per_record", "0.9ms"}}}});
  const FluidEstimate e = estimate_fluid(load_or_fail(doc));
  BOOST_TEST(consumer(e, "late").lost_records == 900.0 * 3600, boost::test_tools::tolerance(1e-6));
}

// T12: UpdateShardCount above twice the open shards is refused; the next request goes through.
BOOST_AUTO_TEST_CASE(resharding_is_refused_and_applied_as_the_control_plane_does) {
  nlohmann::json doc = one_key_doc(4, 100, 100, "30m");
  doc["events"] = nlohmann::json::array(
      {{{"at", "5m"}, {"update_shard_count", 10}}, {{"at", "6m"}, {"update_shard_count", 8}}});
  const FluidEstimate e = estimate_fluid(load_or_fail(doc));
  BOOST_REQUIRE_EQUAL(e.stream.refused_events.size(), 1u);
  BOOST_TEST(e.stream.refused_events[0].action == "update_shard_count 10");
  BOOST_TEST(e.stream.shards_final == 8);
  // 4 shards until 6 min + 3 min (the update's duration), then 8 (README resharding row).
  BOOST_TEST(e.stream.shard_hours == (4 * 540 + 8 * 1260) / 3600.0,
             boost::test_tools::tolerance(1e-9));
}

// P4, P5: provisioned shard-hours at $0.015 (4 shards x 730 h = $43.80).
BOOST_AUTO_TEST_CASE(provisioned_shard_hours_cost_p4) {
  nlohmann::json doc = minimal_scenario_doc();
  doc["duration"] = "730h";
  doc["stream"]["shards"] = 4;
  const FluidEstimate e = estimate_fluid(load_or_fail(doc));
  BOOST_TEST(cents(e.provisioned.total_usd) == 43.80);
  BOOST_TEST(cents(e.on_demand.total_usd) == 29.20);  // P7: $0.04 per stream-hour
}

// P2, P6 (provisioned) and P3, P8 (on-demand): an hour of 1,000 records/s of 900 B (+ a 36 B
// random key) on 4 shards, one polling app. Provisioned: 4 shard-hours ($0.06) + 3.6 M PUT
// payload units (936 B is 1 unit of 25 KB) at $0.014 per million. On demand: $0.04 for the hour
// + data in, each record rounded up to 1,024 B, at $0.08/GB + data out (900 B read per record) at
// $0.04/GB (GB = 2^30 B). `kds-sim run` bills the same scenario the same to the cent.
BOOST_AUTO_TEST_CASE(traffic_costs_p2_p3_p6_p8) {
  nlohmann::json doc = one_key_doc(4, 1000, 900, "1h");
  doc["producers"][0]["keys"] = "random";
  doc["consumers"].push_back({{"name", "app"}, {"type", "polling"}});
  const Scenario scenario = load_or_fail(doc);
  const FluidEstimate e = estimate_fluid(scenario);
  const PriceTable& p = scenario.prices;
  const double records = 1000.0 * 3600;
  const double provisioned = 4 * p.shard_hour + records / 1e6 * p.put_payload_unit_per_million;
  BOOST_TEST(cents(e.provisioned.total_usd) == cents(provisioned));
  BOOST_TEST(cents(e.provisioned.monthly_usd) == cents(provisioned * 730));
  const double on_demand = p.on_demand_stream_hour +
                           records * 1024 / kBytesPerBillingGB * p.on_demand_data_in_gb +
                           records * 900 / kBytesPerBillingGB * p.on_demand_data_out_gb;
  BOOST_TEST(cents(e.on_demand.total_usd) == cents(on_demand));
  BOOST_TEST(cents(e.on_demand.monthly_usd) == cents(on_demand * 730));
}

// P9-style: EFO consumer-shard-hours ($0.015) and EFO data ($0.013/GB) on a provisioned stream,
// and extended retention ($0.020 per shard-hour) while retention is above 24 h.
BOOST_AUTO_TEST_CASE(efo_and_extended_retention_costs_p9) {
  nlohmann::json doc = one_key_doc(3, 1000, 1000, "2h");
  doc["producers"][0]["keys"] = "random";
  doc["stream"]["retention_hours"] = 48;
  doc["consumers"].push_back({{"name", "e1"}, {"type", "efo"}});
  doc["consumers"].push_back({{"name", "e2"}, {"type", "efo"}, {"start_at", "30m"}});
  const Scenario scenario = load_or_fail(doc);
  const FluidEstimate e = estimate_fluid(scenario);
  const PriceTable& p = scenario.prices;
  BOOST_TEST(cents(e.provisioned.efo_consumer_shard_hours_usd) ==
             cents((3 * 2 + 3 * 1.5) * p.efo_consumer_shard_hour));
  const double efo_bytes = 1000.0 * 1000 * (7200 + 5400);
  BOOST_TEST(e.provisioned.efo_data_usd == efo_bytes / kBytesPerBillingGB * p.efo_data_gb,
             boost::test_tools::tolerance(1e-6));
  BOOST_TEST(cents(e.provisioned.extended_retention_usd) ==
             cents(3 * 2 * p.extended_retention_shard_hour));
}

// The cached key hashes route as PartitionKeyDistribution does (the simulator's routing).
BOOST_AUTO_TEST_CASE(write_path_shares_follow_the_simulators_routing) {
  nlohmann::json doc = one_key_doc(7, 5000, 100, "10m");
  doc["producers"][0]["keys"] = {{"zipf", {{"count", 3000}, {"exponent", 1.1}}}};
  doc["producers"][0]["retry"] = {{"max_attempts", 1}};
  const Scenario scenario = load_or_fail(doc);
  const FluidEstimate e = estimate_fluid(scenario);
  const auto shares =
      PartitionKeyDistribution(scenario.producers[0].keys, 36).shard_shares(split_evenly(7));
  double stored = 0;
  for (double share : shares) stored += std::min(share * 5000, kShardWriteRecordsPerS) * 600;
  BOOST_TEST(e.stream.incoming_records == stored, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(fluid_model_review_fixes)

// On-demand demand is a rate over on_demand_peak_window_s windows (fact sheet §4): a 30 s window
// with 60 s report periods must not count two windows' bytes in one (it doubled the peak, so the
// capacity and the shards: 16 here). 3 MiB/s from 4 shards: the capacity becomes 2 x 3 MiB/s,
// 6 shards, reached by splitting the widest (8; the simulator gives 8 too).
BOOST_AUTO_TEST_CASE(a_peak_window_shorter_than_the_report_period_counts_its_rate_once) {
  nlohmann::json doc = minimal_scenario_doc();
  doc["duration"] = "2h";
  doc["stream"] = {{"mode", "ON_DEMAND"}};
  doc["producers"] = nlohmann::json::array({{{"name", "p"},
                                             {"rate", 3072},
                                             {"record_bytes", 1024},
                                             {"keys", {{"uniform", 100000}}}}});
  doc["report"] = {{"interval", "60s"}};
  const FluidEstimate minute = estimate_fluid(load_or_fail(doc));
  doc["service"] = {{"on_demand_peak_window", "30s"}};
  const Scenario half_minute = load_or_fail(doc);
  BOOST_TEST(fluid_step_s(half_minute) == 30.0);
  const FluidEstimate e = estimate_fluid(half_minute);
  BOOST_TEST(minute.stream.shards_final == 8);
  BOOST_TEST(e.stream.shards_final == 8);
  BOOST_TEST(e.stream.shard_hours == minute.stream.shard_hours, boost::test_tools::tolerance(0.01));
}

// Past 200,000 steps the base step grows beyond a minute, except on demand, where it stays a
// divisor of the peak window (a 120 s step put two windows' bytes in one: 2x the shards).
BOOST_AUTO_TEST_CASE(long_runs_keep_a_step_within_the_peak_window_on_demand) {
  nlohmann::json doc = minimal_scenario_doc();
  doc["duration"] = "150d";
  const Scenario provisioned = load_or_fail(doc);
  BOOST_TEST(fluid_step_s(provisioned) == 120.0);
  doc["stream"] = {{"mode", "ON_DEMAND"}};
  BOOST_TEST(fluid_step_s(load_or_fail(doc)) == 60.0);
  doc["stream"] = {{"shards", 1}};
  doc["events"] = nlohmann::json::array({{{"at", "10d"}, {"switch_mode", "ON_DEMAND"}}});
  BOOST_TEST(fluid_step_s(load_or_fail(doc)) == 60.0);
}

// Retention takes records from a stopped consumer too (T9, 24 h): stopped at 1 h until the end of
// a 26 h run, a polling app and an EFO app each lose what arrived from 1 h to 2 h, 5/s x 3,600 s
// (the simulator counts 17,950 on this scenario), and what is left unread is the last 24 h.
BOOST_AUTO_TEST_CASE(records_expire_while_a_consumer_is_stopped_until_the_end) {
  nlohmann::json doc = one_key_doc(1, 5, 100, "26h");
  doc["consumers"] = nlohmann::json::array(
      {{{"name", "poll"}, {"type", "polling"}}, {{"name", "efo"}, {"type", "efo"}}});
  doc["events"] = nlohmann::json::array(
      {{{"at", "1h"}, {"stop_consumer", "poll"}}, {{"at", "1h"}, {"stop_consumer", "efo"}}});
  const FluidEstimate e = estimate_fluid(load_or_fail(doc));
  for (const char* name : {"poll", "efo"}) {
    BOOST_TEST_CONTEXT(name) {
      BOOST_TEST(consumer(e, name).lost_records == 5.0 * 3600, boost::test_tools::tolerance(0.01));
      BOOST_TEST(consumer(e, name).backlog_records_final == 5.0 * 24 * 3600,
                 boost::test_tools::tolerance(0.01));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
