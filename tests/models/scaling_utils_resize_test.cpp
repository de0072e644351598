// scaling-utils' resize arithmetic (planning.md §1.3, §1.4): cases computed by hand from
// StreamScalingUtils.getNewShardCount's code, round-ups and clamps included.
#include "models/scaling_utils_resize.hpp"

#include <boost/test/unit_test.hpp>

using namespace kds::models;

namespace {
int up(int cur, ScalingStep s, int max = 10000) {
  return scaling_utils_new_shard_count(cur, ScalingDirection::kUp, s, 1, max);
}
int down(int cur, ScalingStep s, int min = 1) {
  return scaling_utils_new_shard_count(cur, ScalingDirection::kDown, s, min, 10000);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(scaling_utils_resize)

// §1.4: the README says 75 shards up by 150 % gives 188 and down by 25 % gives 56; the code (and
// its unit tests) give 113 and 57.
BOOST_AUTO_TEST_CASE(the_readme_examples_as_the_code_computes_them) {
  BOOST_TEST(up(75, {std::nullopt, 150.0}) == 113);
  BOOST_TEST(down(75, {std::nullopt, 25.0}) == 57);
}

BOOST_AUTO_TEST_CASE(scaling_up) {
  BOOST_TEST(up(4, {1, std::nullopt}) == 5);            // count
  BOOST_TEST(up(3, {std::nullopt, 50.0}) == 5);         // ceil(3 x 1.5) = ceil(4.5)
  BOOST_TEST(up(10, {std::nullopt, 25.0}) == 13);       // ceil(12.5)
  BOOST_TEST(up(10, {std::nullopt, 100.0}) == 10);      // pct >= 100 multiplies: x1, no change
  BOOST_TEST(up(10, {std::nullopt, 200.0}) == 20);      // over 100 %: a multiple
  BOOST_TEST(up(7, {std::nullopt, 333.0}) == 24);       // ceil(23.31)
  BOOST_TEST(up(10, {std::nullopt, 200.0}, 16) == 16);  // clamped to max_shards
  BOOST_TEST(up(16, {4, std::nullopt}, 16) == 16);
}

BOOST_AUTO_TEST_CASE(scaling_down) {
  BOOST_TEST(down(5, {2, std::nullopt}) == 3);          // count
  BOOST_TEST(down(10, {std::nullopt, 25.0}) == 8);      // 10 - floor(2.5)
  BOOST_TEST(down(10, {std::nullopt, 100.0}) == 1);     // 10 - 10 = 0, at least 1
  BOOST_TEST(down(10, {std::nullopt, 200.0}) == 5);     // pct > 100 divides: floor(10 / 2)
  BOOST_TEST(down(3, {std::nullopt, 400.0}) == 1);      // floor(0.75) = 0 -> 1
  BOOST_TEST(down(2, {5, std::nullopt}) == 1);          // below 1 -> 1
  BOOST_TEST(down(8, {std::nullopt, 50.0}, 6) == 6);    // 4, clamped to min_shards
  BOOST_TEST(down(3, {std::nullopt, 10.0}) == 3);       // 3 - floor(0.3): no change
}

BOOST_AUTO_TEST_SUITE_END()
