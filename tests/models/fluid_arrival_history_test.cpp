// The fluid model's arrival history (models/fluid_arrival_history.hpp): lookups by time and by
// position, and that dropping old boundaries bounds its memory without changing any later answer.
#include "models/fluid_arrival_history.hpp"

#include <boost/test/unit_test.hpp>

using kds::models::FluidArrivalHistory;

namespace {
// Two shards; each 10 s step stores 10 records on shard 0 and 20 on shard 1, of 100 bytes.
FluidArrivalHistory steady(int steps) {
  FluidArrivalHistory h(2);
  Eigen::ArrayXd stored(2), bytes(2);
  stored << 10, 20;
  bytes = stored * 100;
  for (int j = 1; j <= steps; ++j) h.append(10.0 * j, stored, bytes);
  return h;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(fluid_arrival_history)

BOOST_AUTO_TEST_CASE(lookups_interpolate_within_a_step) {
  const FluidArrivalHistory h = steady(10);
  BOOST_TEST(h.cumulative_at(1, 25.0) == 50.0);
  BOOST_TEST(h.cumulative_at(35.0, 2)[0] == 35.0);
  int hint = 0;
  BOOST_TEST(h.arrival_time(0, 35.0, hint) == 35.0);
  BOOST_TEST(h.bytes_per_record_at(1, 45.0, hint) == 100.0);
  BOOST_TEST(h.arrival_time(0, 1e9, hint) == 100.0);  // past the latest record: the latest time
}

// 1,000 steps, dropping all but the last 100 s as a reader goes: the arrays hold at most about
// twice what is kept (compaction in halves), and every lookup at or after the kept time answers
// as it did without the drops; hints taken before a drop stay valid.
BOOST_AUTO_TEST_CASE(dropping_old_boundaries_bounds_memory_and_keeps_every_later_answer) {
  const FluidArrivalHistory full = steady(1000);
  FluidArrivalHistory h(2);
  Eigen::ArrayXd stored(2), bytes(2);
  stored << 10, 20;
  bytes = stored * 100;
  int hint = 0, full_hint = 0;
  size_t most_held = 0;
  for (int j = 1; j <= 1000; ++j) {
    const double t = 10.0 * j;
    h.append(t, stored, bytes);
    const double position = 2.0 * (t - 50.0);  // shard 1, 50 s behind
    if (position > 0) {
      BOOST_TEST(h.arrival_time(1, position, hint) == full.arrival_time(1, position, full_hint));
    }
    h.drop_before(t - 100.0);
    most_held = std::max(most_held, h.boundaries_held());
  }
  BOOST_TEST(most_held <= 2 * 11 + 2);
  BOOST_TEST(h.cumulative_at(1, 9950.0) == full.cumulative_at(1, 9950.0));
  BOOST_TEST(h.cumulative_at(9905.0, 2)[0] == full.cumulative_at(9905.0, 2)[0]);
  BOOST_TEST(h.latest()[1] == 20.0 * 1000);
}

BOOST_AUTO_TEST_SUITE_END()
