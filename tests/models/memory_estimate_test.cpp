#include "models/memory_estimate.hpp"

#include <boost/test/unit_test.hpp>

#include "tests/test_scenarios.hpp"

using kds::models::estimate_peak_memory;
using kds::testing::load_or_fail;
using kds::testing::minimal_scenario_doc;

namespace {
constexpr double kMiB = 1024.0 * 1024;
constexpr double kTiB = kMiB * 1024 * 1024;

nlohmann::json stream_of(int shards, const std::string& duration, const std::string& interval) {
  auto doc = minimal_scenario_doc();
  doc["duration"] = duration;
  doc["stream"]["shards"] = shards;
  doc["report"] = {{"interval", interval}};
  doc["producers"].push_back(
      {{"name", "p"}, {"rate", 1000}, {"record_bytes", 100}, {"keys", "random"}});
  return doc;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(memory_estimate)

// Issue 10: 365 days of 10,000 shards at a 1 s report interval grew past 10 GiB in 30 s. Every
// shard keeps a 4-byte throttling series per period for the heatmap: 31.5 M periods x 10,000
// shards = 1.15 TiB, and the report interval is the field to change.
BOOST_AUTO_TEST_CASE(a_year_of_10000_shards_at_one_second_is_over_a_tebibyte) {
  const auto e = estimate_peak_memory(load_or_fail(stream_of(10000, "365d", "1s")));
  BOOST_TEST(e.total_bytes > 1.1 * kTiB);
  BOOST_TEST(e.items.front().pointer == "/report/interval");
  BOOST_TEST(e.items.front().bytes == 365.0 * 86400 * 10000 * 4, boost::test_tools::tolerance(1e-9));
}

// A small run is the program itself plus little: under 50 MiB (measured peak: 37 MiB).
BOOST_AUTO_TEST_CASE(a_small_run_is_mostly_the_program) {
  const auto e = estimate_peak_memory(load_or_fail(stream_of(4, "10m", "60s")));
  BOOST_TEST(e.total_bytes < 50 * kMiB);
  BOOST_TEST(e.items.front().what == "the program itself");
}

// A consumer that can fall behind (here: it starts at TRIM_HORIZON) keeps up to the retention
// period of write slices per shard: 1,000 shards x 86,400 one-second slices x 48 bytes; one that
// keeps up leaves at most 15 minutes unread; without consumers nothing is held.
BOOST_AUTO_TEST_CASE(shard_logs_count_what_consumers_can_leave_unread) {
  auto doc = stream_of(1000, "2d", "60s");
  const auto without = estimate_peak_memory(load_or_fail(doc));
  doc["consumers"].push_back({{"name", "app"}, {"type", "polling"}});
  const auto keeping_up = estimate_peak_memory(load_or_fail(doc));
  BOOST_TEST(keeping_up.total_bytes - without.total_bytes < 1000.0 * 900 * 48 * 1.1);
  doc["consumers"][0]["start_position"] = "TRIM_HORIZON";
  const auto behind = estimate_peak_memory(load_or_fail(doc));
  BOOST_TEST(behind.items.front().pointer == "/stream/retention_hours");
  BOOST_TEST(behind.items.front().bytes == 1000.0 * 86400 * 48, boost::test_tools::tolerance(1e-9));
  // A slow processor (2 ms a record at 1 record/s a shard is not slow; at 1,000 it is) too.
  doc["consumers"][0]["start_position"] = "LATEST";
  doc["producers"][0]["rate"] = 1000 * 1000;
  doc["consumers"][0]["processing"] = {{"per_record", "2ms"}};
  BOOST_TEST(estimate_peak_memory(load_or_fail(doc)).items.front().pointer ==
             "/stream/retention_hours");
}

// Retries pile up only when the producers can exceed the write capacity: 10^12 records/s on
// 1,000 shards gives each slot of the retry ring up to 2 x 1,000 shards x 10 attempts entries.
BOOST_AUTO_TEST_CASE(retries_count_when_the_rate_exceeds_the_capacity) {
  auto doc = stream_of(1000, "10m", "60s");
  const auto calm = estimate_peak_memory(load_or_fail(doc));
  for (const auto& item : calm.items) BOOST_TEST(item.pointer != "/producers/0/retry");
  doc["producers"][0]["rate"] = 1e12;
  const auto flood = estimate_peak_memory(load_or_fail(doc));
  bool found = false;
  for (const auto& item : flood.items) {
    if (item.pointer != "/producers/0/retry") continue;
    found = true;
    // (5 s max delay + 20 ms + 2 s) / 1 s -> 8 slots, + 2; 32-byte entries.
    BOOST_TEST(item.bytes == 10 * 2 * 1000 * 10 * 32.0, boost::test_tools::tolerance(1e-9));
  }
  BOOST_TEST(found);
}

// On demand, open shards stay under twice the capacity in MiB/s (T11) and capacity is twice the
// peak (T10): a 10 MiB/s peak allows up to 2 x 2 x 20 = 80 shards over the run.
BOOST_AUTO_TEST_CASE(on_demand_shards_follow_the_peak) {
  auto doc = stream_of(1, "1h", "60s");
  doc["stream"] = {{"mode", "ON_DEMAND"}};
  doc["producers"][0]["rate"] = 10 * 1024 * 1024 / 100.0;
  BOOST_TEST(kds::models::max_shards_ever(load_or_fail(doc)) == 80);
}

BOOST_AUTO_TEST_CASE(formats_binary_units) {
  BOOST_TEST(kds::models::format_bytes(40 * kMiB) == "40 MiB");
  BOOST_TEST(kds::models::format_bytes(1.5 * kTiB) == "1.50 TiB");
  BOOST_TEST(kds::models::format_bytes(512) == "512 B");
}

BOOST_AUTO_TEST_SUITE_END()
