// The on-demand capacity rule (fact sheet §4, T9, T10) on its own, without a simulation.
#include "models/on_demand_scaling.hpp"

#include <boost/test/unit_test.hpp>

#include "models/units.hpp"

using kds::models::kBytesPerMiB;
using kds::models::OnDemandScaling;
using kds::models::Scenario;

namespace {
constexpr double kDay = 86400;

// Feeds `mib_per_s` of first-attempt writes in 1 s slices over [from_s, until_s).
void demand(OnDemandScaling& scaling, double from_s, double until_s, double mib_per_s) {
  for (double t = from_s; t < until_s; t += 1)
    scaling.observe_demand(t, t + 1, mib_per_s * kBytesPerMiB);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(on_demand_scaling)

// T10 [QUOTAS-NOW]: a new stream starts at 4 MiB/s (4 shards); T9: a previous peak P gives 2P.
BOOST_AUTO_TEST_CASE(starts_at_4_mib_per_second_or_twice_the_previous_peak) {
  Scenario fresh;
  OnDemandScaling new_stream(fresh);
  BOOST_TEST(new_stream.write_bytes_per_s(0) == 4 * kBytesPerMiB);
  BOOST_TEST(new_stream.min_open_shards(0) == 4);
  Scenario known;
  known.previous_peak_mib_per_s = 40;
  OnDemandScaling old_stream(known);
  BOOST_TEST(old_stream.write_bytes_per_s(0) == 80 * kBytesPerMiB);
  BOOST_TEST(old_stream.max_open_shards(0) == 160);
}

// T9 [SIZE-2022]: a new peak becomes twice its value as capacity 15 minutes after its window
// ends, and is forgotten after 30 days.
BOOST_AUTO_TEST_CASE(a_new_peak_doubles_capacity_15_minutes_later_for_30_days) {
  Scenario scenario;
  OnDemandScaling scaling(scenario);
  demand(scaling, 0, 60, 10);   // one minute at 10 MiB/s
  demand(scaling, 60, 120, 1);  // closes the first window
  BOOST_TEST(scaling.write_bytes_per_s(60 + 899) == 4 * kBytesPerMiB);
  BOOST_TEST(scaling.write_bytes_per_s(60 + 900) == 20 * kBytesPerMiB);
  BOOST_TEST(scaling.write_bytes_per_s(60 + 30 * kDay) == 20 * kBytesPerMiB);
  BOOST_TEST(scaling.write_bytes_per_s(60 + 30 * kDay + 1) == 4 * kBytesPerMiB);
}

// The stream-wide capacity admits what its 1 s bucket holds: 8 MiB offered in one second against
// 4 MiB/s passes half; the bucket then refills at 4 MiB/s.
BOOST_AUTO_TEST_CASE(admits_what_the_capacity_allows) {
  Scenario scenario;
  OnDemandScaling scaling(scenario);
  BOOST_TEST(scaling.admitted_fraction(100, 8 * kBytesPerMiB, 1.0) == 0.5,
             boost::test_tools::tolerance(1e-12));
  BOOST_TEST(scaling.admitted_fraction(100, 2 * kBytesPerMiB, 2.0) == 1.0);
  // Records: 4,000 records/s for 4 MiB/s, like four shards.
  BOOST_TEST(scaling.admitted_fraction(8000, 1000, 4.0) == 0.5,
             boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_SUITE_END()
