// Resharding and mode switches (fact sheet §4, §5; T12, T13, T20): what AWS refuses, what the
// applied changes do to the shard map, what they bill, and per-key order across a reshard.
#include <string>

#include <boost/test/unit_test.hpp>

#include "models/units.hpp"
#include "tests/sim_harness.hpp"

using kds::testing::polling_app;
using kds::testing::producer;
using kds::testing::simulate_doc;
using nlohmann::json;

namespace {
json stream_of(int shards, const std::string& duration, const json& events) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = duration;
  doc["stream"]["shards"] = shards;
  doc["events"] = events;
  return doc;
}

bool reason_has(const kds::models::RefusedEvent& e, const std::string& text) {
  return e.reason.find(text) != std::string::npos;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(resharding)

// T12 [BOTO-KDS]: from 10 shards, UpdateShardCount to 21 (over 2x) or to 4 (under half) is refused,
// as is any request while the stream is UPDATING; 20 is applied after update_shard_count_duration
// (3 min). Shard-hours bill what was open: 10 shards for 23 min, then 20 for 97 min.
BOOST_AUTO_TEST_CASE(update_shard_count_refusals_and_shard_hours) {
  const auto a = simulate_doc(stream_of(10, "2h", json::parse(R"([
      {"at": "10m", "update_shard_count": 21}, {"at": "11m", "update_shard_count": 4},
      {"at": "20m", "update_shard_count": 20}, {"at": "21m", "update_shard_count": 15}])")));
  const auto& s = a.run.stream;
  BOOST_REQUIRE_EQUAL(s.refused_events.size(), 3u);
  BOOST_TEST(s.refused_events[0].action == "update_shard_count 21");
  BOOST_TEST(reason_has(s.refused_events[0], "more than double the 10 open shards"));
  BOOST_TEST(reason_has(s.refused_events[1], "less than half the 10 open shards"));
  BOOST_TEST(reason_has(s.refused_events[2], "UPDATING"));
  BOOST_TEST(s.shards_initial == 10);
  BOOST_TEST(s.shards_final == 20);
  BOOST_TEST(a.run.shards.size() == 30u);  // the 10 closed parents stay listed
  const double expected_hours = 10 * 23.0 / 60 + 20 * 97.0 / 60;
  BOOST_TEST(s.shard_hours == expected_hours, boost::test_tools::tolerance(1e-9));
  // Fact sheet §7b: $0.015 per shard-hour.
  BOOST_TEST(a.provisioned.shard_hours_usd == expected_hours * 0.015,
             boost::test_tools::tolerance(1e-9));
  // OpenShardCount: the count open at the end of each 60 s period.
  BOOST_TEST(s.open_shard_count[21] == 10.0);
  BOOST_TEST(s.open_shard_count[22] == 20.0);
  // Every new shard is a child of the closed shards its range overlaps.
  for (size_t i = 10; i < 30; ++i) {
    BOOST_TEST(!a.run.shards[i].parent_shard_ids.empty());
    BOOST_TEST(a.run.shards[i].opened_s == 23 * 60.0);
  }
}

// A request made as the previous update completes is checked against the new shard count: 4 -> 8
// completes at 13 min, so 8 -> 16 at 13 min is within 2x, and 8 -> 3 at 20 min is under half.
BOOST_AUTO_TEST_CASE(a_request_sees_the_shards_the_previous_update_opened) {
  const auto a = simulate_doc(stream_of(4, "30m", json::parse(R"([
      {"at": "10m", "update_shard_count": 8}, {"at": "13m", "update_shard_count": 16},
      {"at": "20m", "update_shard_count": 7}])")));
  const auto& s = a.run.stream;
  BOOST_REQUIRE_EQUAL(s.refused_events.size(), 1u);
  BOOST_TEST(reason_has(s.refused_events[0], "less than half the 16 open shards"));
  BOOST_TEST(s.shards_final == 16);
  BOOST_TEST(a.run.shards.size() == 28u);
}

// Fact sheet §4: a switch keeps the shard count, so a provisioned stream switching to on-demand
// keeps the capacity its 8 shards gave it: 6 MiB/s is not throttled after the switch.
BOOST_AUTO_TEST_CASE(a_switch_to_on_demand_keeps_the_capacity_of_its_shards) {
  auto doc = stream_of(8, "20m", json::parse(R"([{"at": "5m", "switch_mode": "ON_DEMAND"}])"));
  auto p = producer("p", 6000, 1000);
  p["arrivals"] = "uniform";
  doc["producers"].push_back(p);
  const auto a = simulate_doc(doc);
  BOOST_TEST(a.run.stream.write_throttled_records == 0);
  BOOST_TEST((a.run.stream.mode_final == kds::models::StreamMode::kOnDemand));
}

// T12 [BOTO-KDS]: at most 10 UpdateShardCount scalings per rolling 24 h: the 11th is refused.
BOOST_AUTO_TEST_CASE(an_eleventh_scaling_in_24_hours_is_refused) {
  json events = json::array();
  for (int i = 0; i < 11; ++i)
    events.push_back(
        {{"at", std::to_string(10 * (i + 1)) + "m"}, {"update_shard_count", i % 2 ? 4 : 8}});
  const auto a = simulate_doc(stream_of(4, "2h", events));
  const auto& refused = a.run.stream.refused_events;
  BOOST_REQUIRE_EQUAL(refused.size(), 1u);
  BOOST_TEST(refused[0].at_s == 110 * 60.0);
  BOOST_TEST(reason_has(refused[0], "more than 10 scalings in a rolling 24 h"));
  BOOST_TEST(a.run.stream.shards_final == 4);  // the 10th scaling went back to 4
}

// Fact sheet §5: SplitShard halves a range; MergeShards needs adjacent shards.
BOOST_AUTO_TEST_CASE(split_and_merge_follow_hash_ranges) {
  const auto a = simulate_doc(stream_of(2, "30m", json::parse(R"([
      {"at": "5m", "split_shard": "shardId-000000000000"},
      {"at": "10m", "merge_shards": ["shardId-000000000002", "shardId-000000000001"]},
      {"at": "12m", "merge_shards": ["shardId-000000000003", "shardId-000000000001"]},
      {"at": "20m", "split_shard": "shardId-000000000000"}])")));
  const auto& shards = a.run.shards;
  BOOST_REQUIRE_EQUAL(shards.size(), 5u);
  // shardId-0 ([0, 2^127 - 2]) split at its middle, NewStartingHashKey 2^126, into 2 and 3.
  BOOST_TEST(shards[2].parent_shard_ids == std::vector<std::string>{"shardId-000000000000"});
  BOOST_TEST(shards[2].starting_hash_key == shards[0].starting_hash_key);
  BOOST_TEST(shards[3].ending_hash_key == shards[0].ending_hash_key);
  BOOST_TEST(shards[2].ending_hash_key == "85070591730234615865843651857942052863");
  BOOST_TEST(shards[3].starting_hash_key == "85070591730234615865843651857942052864");
  // 2 and 1 do not touch: refused; 3 and 1 do: merged into 4, covering 3's start to 1's end.
  const auto& refused = a.run.stream.refused_events;
  BOOST_REQUIRE_EQUAL(refused.size(), 2u);
  BOOST_TEST(reason_has(refused[0], "not adjacent"));
  BOOST_TEST(reason_has(refused[1], "shardId-000000000000 is CLOSED"));
  BOOST_TEST(shards[4].starting_hash_key == shards[3].starting_hash_key);
  BOOST_TEST(shards[4].ending_hash_key == shards[1].ending_hash_key);
  BOOST_TEST(shards[4].opened_s == 12 * 60.0 + 30);  // split_merge_duration 30 s
  BOOST_TEST(a.run.stream.shards_final == 2);
}

// T13 [QUOTAS-2022, SIZE-2022]: a third mode switch within 24 h is refused; a switch keeps the
// shard count; the bill follows the mode: 2 shards for 50 min provisioned ($0.015 per shard-hour)
// and 10 min on demand ($0.04 per stream-hour), with no traffic.
BOOST_AUTO_TEST_CASE(third_mode_switch_is_refused_and_billing_follows_the_mode) {
  const auto a = simulate_doc(stream_of(2, "1h", json::parse(R"([
      {"at": "570s", "switch_mode": "ON_DEMAND"}, {"at": "15m", "switch_mode": "ON_DEMAND"},
      {"at": "1170s", "switch_mode": "PROVISIONED"}, {"at": "30m", "switch_mode": "ON_DEMAND"}])")));
  const auto& s = a.run.stream;
  BOOST_REQUIRE_EQUAL(s.refused_events.size(), 2u);
  BOOST_TEST(reason_has(s.refused_events[0], "already ON_DEMAND"));
  BOOST_TEST(reason_has(s.refused_events[1], "at most 2 times in a rolling 24 h"));
  BOOST_TEST(s.shards_final == 2);
  BOOST_TEST((s.mode_final == kds::models::StreamMode::kProvisioned));
  BOOST_TEST(a.billed.on_demand_hours == 10.0 / 60, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(a.billed.total_usd == 2 * 0.015 * 50.0 / 60 + 0.04 * 10.0 / 60,
             boost::test_tools::tolerance(1e-9));
}

// Resharding is provisioned-only (fact sheet §5).
BOOST_AUTO_TEST_CASE(an_on_demand_stream_refuses_resharding) {
  auto doc = stream_of(1, "10m", json::parse(R"([{"at": "1m", "update_shard_count": 6}])"));
  doc["stream"] = {{"mode", "ON_DEMAND"}};
  const auto a = simulate_doc(doc);
  BOOST_REQUIRE_EQUAL(a.run.stream.refused_events.size(), 1u);
  BOOST_TEST(reason_has(a.run.stream.refused_events[0], "PROVISIONED streams only"));
  BOOST_TEST(a.run.stream.shards_final == 4);  // T10: 4 MiB/s
}

// T20 [DOCS-2022, KCL-CONF]: every consumer type reads a parent to its end before its children,
// so no key's records are delivered out of order across a split and a merge: for every child, its
// first delivery comes no earlier than the last delivery from each parent. Nothing is lost.
BOOST_AUTO_TEST_CASE(children_are_read_after_their_parents_by_every_consumer_type) {
  auto doc = stream_of(2, "20m", json::parse(R"([
      {"at": "4m", "split_shard": "shardId-000000000000"},
      {"at": "10m", "merge_shards": ["shardId-000000000002", "shardId-000000000003"]}])"));
  doc["producers"].push_back(
      producer("p", 600, 500, {{"zipf", {{"count", 200}, {"exponent", 1.0}}}}));
  auto polling = polling_app("kcl", "500ms");
  polling["workers"] = 2;
  doc["consumers"].push_back(polling);
  doc["consumers"].push_back({{"name", "efo"}, {"type", "efo"}});
  doc["consumers"].push_back({{"name", "fn"},
                              {"type", "lambda"},
                              {"parallelization_factor", 2},
                              {"duration", {{"per_invoke", "50ms"}}}});
  const auto a = simulate_doc(doc);
  const auto& run = a.run;
  BOOST_REQUIRE_EQUAL(run.shards.size(), 5u);
  for (const auto& consumer : run.consumers) {
    BOOST_TEST_CONTEXT(consumer.name) {
      const auto& spans = consumer.shard_delivery_spans;
      BOOST_REQUIRE_EQUAL(spans.size(), 5u);
      for (size_t child = 2; child < 5; ++child) {
        BOOST_TEST(spans[child].records > 0);
        for (const std::string& parent_id : run.shards[child].parent_shard_ids) {
          const size_t parent = std::stoul(parent_id.substr(8));
          BOOST_TEST(spans[child].first_s >= spans[parent].last_s);
        }
      }
      BOOST_TEST(consumer.lost_records == 0);
      BOOST_TEST(consumer.records_processed >= run.stream.incoming_records - 2000);
    }
  }
}

// T20 with slow processing: the KCL checkpoints SHARD_END after the parent's last batch was
// processed (3 s per batch here), so a child's first records reach the app after that.
BOOST_AUTO_TEST_CASE(a_polling_child_waits_for_the_parents_last_batch_to_be_processed) {
  auto doc =
      stream_of(1, "10m", json::parse(R"([{"at": "2m", "split_shard": "shardId-000000000000"}])"));
  doc["producers"].push_back(producer("p", 200, 500));
  auto app = polling_app("kcl");
  app["workers"] = 2;
  app["processing"] = {{"per_batch", "3s"}};
  doc["consumers"].push_back(app);
  const auto a = simulate_doc(doc);
  const auto& spans = a.run.consumers[0].shard_delivery_spans;
  BOOST_REQUIRE_EQUAL(spans.size(), 3u);
  for (size_t child = 1; child < 3; ++child)
    BOOST_TEST(spans[child].first_s >= spans[0].last_s + 3.0);
}

BOOST_AUTO_TEST_SUITE_END()
