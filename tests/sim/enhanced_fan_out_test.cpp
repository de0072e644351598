// Enhanced fan-out consumers (fact sheet §3), end to end through the simulator.
#include <boost/test/unit_test.hpp>

#include "models/units.hpp"
#include "tests/sim_harness.hpp"

using kds::testing::producer;
using kds::testing::simulate_doc;

namespace {
nlohmann::json efo_app(const std::string& name) {
  return {{"name", name}, {"type", "efo"}};
}

// One shard fed about 1 MiB/s (500 records/s of 2,000 B) read by `apps` EFO apps.
nlohmann::json one_mib_per_s_with_efo_apps(int apps) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = "10m";
  doc["producers"].push_back(producer("p", 500, 2000));
  for (int i = 0; i < apps; ++i) doc["consumers"].push_back(efo_app("efo" + std::to_string(i)));
  return doc;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(enhanced_fan_out)

// Fact sheet §3: four EFO apps on a 1 MiB/s shard each get a dedicated 2 MiB/s: nothing is
// throttled, every app stays caught up and receives every record.
BOOST_AUTO_TEST_CASE(four_apps_each_get_every_record_without_throttling) {
  const auto a = simulate_doc(one_mib_per_s_with_efo_apps(4));
  for (const auto& c : a.run.consumers) {
    BOOST_TEST(c.read_throttled_calls == 0);
    BOOST_TEST(c.iterator_age_ms.max() < 3000.0);
    BOOST_TEST(c.records_processed >=
               a.run.stream.incoming_records - 600);  // the last second is in flight
    BOOST_TEST(c.lost_records == 0);
  }
}

// Checks T17 [DOCS-2022] for `apps` EFO apps: about 70 ms mean propagation (within 30 %).
void check_propagation_is_about_70_ms(int apps) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = "5m";
  doc["producers"].push_back(producer("p", 100, 500));
  for (int i = 0; i < apps; ++i) doc["consumers"].push_back(efo_app("efo" + std::to_string(i)));
  const auto a = simulate_doc(doc);
  for (const auto& c : a.run.consumers)
    BOOST_TEST(c.propagation_delay_ms.mean() == 70.0, boost::test_tools::tolerance(0.3));
}

BOOST_AUTO_TEST_CASE(propagation_is_about_70_ms_for_one_app) {
  check_propagation_is_about_70_ms(1);
}
BOOST_AUTO_TEST_CASE(propagation_is_about_70_ms_for_five_apps) {
  check_propagation_is_about_70_ms(5);
}

// Fact sheet §3: a slow app holds back its own pushes (backpressure): it falls behind without
// losing records, and a fast app on the same shard is not affected.
BOOST_AUTO_TEST_CASE(slow_app_falls_behind_alone_and_loses_nothing) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = "10m";
  doc["producers"].push_back(producer("p", 600, 500));
  auto slow = efo_app("slow");
  slow["processing"] = {{"per_record", "2ms"}};  // 500 records/s at most
  doc["consumers"].push_back(slow);
  doc["consumers"].push_back(efo_app("fast"));
  const auto a = simulate_doc(doc);
  const auto& s = a.run.consumers[0];
  const auto& f = a.run.consumers[1];
  BOOST_TEST(s.max_iterator_age_ms.back() > 60000.0);  // ~100 records/s of backlog after 10 min
  BOOST_TEST(s.max_iterator_age_ms.back() > 3 * s.max_iterator_age_ms[2]);
  BOOST_TEST(s.lost_records == 0);
  BOOST_TEST(static_cast<double>(s.records_processed) == 500.0 * 600,
             boost::test_tools::tolerance(0.02));
  BOOST_TEST(f.iterator_age_ms.max() < 3000.0);
}

// Fact sheet §3: an EFO app replaying from TRIM_HORIZON catches up at its dedicated 2 MiB/s.
BOOST_AUTO_TEST_CASE(late_app_catches_up_at_2_mib_per_second) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = "20m";
  doc["producers"].push_back(producer("p", 500, 1000));  // ~0.5 MB/s
  auto late = efo_app("late");
  late["start_position"] = "TRIM_HORIZON";
  late["start_at"] = "10m";
  doc["consumers"].push_back(late);
  const auto a = simulate_doc(doc);
  const auto& c = a.run.consumers[0];
  // Backlog 10 min x 500 KB/s = 300 MB, drained at 2 MiB/s - 0.5 MB/s: about 200 s.
  BOOST_TEST(c.max_iterator_age_ms[10] > 400000.0);
  BOOST_TEST(c.max_iterator_age_ms[14] < 3000.0);
  BOOST_TEST(c.max_iterator_age_ms[12] > 3000.0);
}

// Fact sheet §7b: EFO costs $0.015 per consumer-shard-hour and $0.013/GB provisioned, $0.05/GB on
// demand.
// One shard at 100 records/s for 10 minutes read by an EFO app stopped at 301 s for `stop`: its
// subscriptions were made at 0 s and renewed at 300 s (T16). Checks its SubscribeToShard calls,
// that the records that waited longest waited from 300 s to `resumed_s` (plus the 70 ms push), and
// that none was lost.
void check_restart(const std::string& stop, int64_t calls, double resumed_s) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = "10m";
  doc["producers"].push_back(producer("p", 100, 200));
  doc["consumers"].push_back(efo_app("efo"));
  doc["events"] = {{{"at", "301s"}, {"stop_consumer", "efo"}, {"for", stop}}};
  const auto a = simulate_doc(doc);
  const auto& c = a.run.consumers[0];
  BOOST_TEST(c.get_records_calls == calls);
  const double waited_ms = (resumed_s - 300.0) * 1000.0;
  BOOST_TEST(c.propagation_delay_ms.max() > waited_ms - 100.0);
  BOOST_TEST(c.propagation_delay_ms.max() < waited_ms + 500.0);
  BOOST_TEST(c.lost_records == 0);
}

// T15 [BOTO-KDS]: restarted at 304 s, 4 s after the renewal, the app's SubscribeToShard fails
// (ResourceInUseException) and succeeds at 305 s: the calls are the two of the first session, the
// failed one and the one at 305 s.
BOOST_AUTO_TEST_CASE(a_resubscribe_within_5_s_is_refused_until_5_s_passed) {
  check_restart("3s", 4, 305.0);
}

// T15: restarted at 307 s, 7 s after the renewal, the new subscription takes over at once: the
// calls are the two of the first session and the one at 307 s.
BOOST_AUTO_TEST_CASE(a_resubscribe_after_5_s_takes_over_at_once) {
  check_restart("6s", 3, 307.0);
}

// One shard at 100 records/s read by an EFO app, resharded to two at 100 s (the children open at
// 280 s, when the 3-minute update completes, and are subscribed then), the app stopped at `stop_at`
// for `stop`. Returns its SubscribeToShard calls.
int64_t subscribe_calls_around_a_reshard(const std::string& duration, const std::string& stop_at,
                                         const std::string& stop) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = duration;
  doc["producers"].push_back(producer("p", 100, 200));
  doc["consumers"].push_back(efo_app("efo"));
  doc["events"] = {{{"at", "100s"}, {"update_shard_count", 2}},
                   {{"at", stop_at}, {"stop_consumer", "efo"}, {"for", stop}}};
  return simulate_doc(doc).run.consumers[0].get_records_calls;
}

// T15, T16: the children renew on their own schedule (280 s, 580 s): restarted at 583 s, their
// calls are refused until 585 s. Calls: the parent's 1 (0 s; closed at 280 s), each child's 2
// before the stop, 1 refused and 1 at 585 s: 1 + 2 x 4 = 9.
BOOST_AUTO_TEST_CASE(children_of_a_reshard_renew_on_their_own_schedule) {
  BOOST_TEST(subscribe_calls_around_a_reshard("10m", "581s", "2s") == 9);
}

// T15: at 304 s the children's last call was at 280 s, so they subscribe again at once (no
// refusal for the 300 s renewal the closed parent never made): 1 + 2 x 2 = 5 calls.
BOOST_AUTO_TEST_CASE(a_restart_is_refused_only_after_a_renewal_that_happened) {
  BOOST_TEST(subscribe_calls_around_a_reshard("8m", "301s", "3s") == 5);
}

// An app stopped from its start reads what waited as a backlog: records of the first 30 s wait up
// to 30 s (they were once counted as pushed 70 ms after arrival).
BOOST_AUTO_TEST_CASE(an_app_stopped_at_its_start_reads_a_backlog) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = "60s";
  doc["producers"].push_back(producer("p", 100, 200));
  doc["consumers"].push_back(efo_app("efo"));
  doc["events"] = {{{"at", "0s"}, {"stop_consumer", "efo"}, {"for", "30s"}}};
  const auto a = simulate_doc(doc);
  const auto& c = a.run.consumers[0];
  BOOST_TEST(c.propagation_delay_ms.max() > 29000.0);
  BOOST_TEST(c.propagation_delay_ms.mean() > 5000.0);
  BOOST_TEST(c.records_processed >= a.run.stream.incoming_records - 100);
}

// A stopped app processes nothing while stopped: at 2 ms per record it takes 500 records/s of the
// 600 written, for the 120 s it runs in 3 minutes (it once spent the stop's minute at once).
BOOST_AUTO_TEST_CASE(a_stopped_app_gains_no_processing_time) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = "3m";
  doc["producers"].push_back(producer("p", 600, 200));
  auto app = efo_app("efo");
  app["processing"] = {{"per_record", "2ms"}};
  doc["consumers"].push_back(app);
  doc["events"] = {{{"at", "60s"}, {"stop_consumer", "efo"}, {"for", "60s"}}};
  const auto a = simulate_doc(doc);
  BOOST_TEST(static_cast<double>(a.run.consumers[0].records_processed) == 60000.0,
             boost::test_tools::tolerance(0.02));
}

BOOST_AUTO_TEST_CASE(efo_is_billed_per_consumer_shard_hour_and_gb) {
  auto doc = one_mib_per_s_with_efo_apps(2);
  doc["stream"]["shards"] = 2;
  doc["duration"] = "1h";
  const auto a = simulate_doc(doc);
  BOOST_TEST(a.provisioned.efo_consumer_shard_hours_usd == 2 * 2 * 0.015,
             boost::test_tools::tolerance(1e-9));
  double gb = 0;
  for (const auto& c : a.run.consumers) gb += c.bytes_read / kds::models::kBytesPerBillingGB;
  BOOST_TEST(a.provisioned.efo_data_usd == gb * 0.013, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(a.on_demand.efo_data_usd == gb * 0.05, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_SUITE_END()
