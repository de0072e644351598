#include "models/ring_buffer.hpp"

#include <deque>
#include <random>

#include <boost/test/unit_test.hpp>

using namespace kds::models;

BOOST_AUTO_TEST_SUITE(ring_buffer)

// The oracle is std::deque: the same pushes and pops leave the same elements, wrapping and growing
// included.
BOOST_AUTO_TEST_CASE(behaves_as_a_deque_under_random_pushes_and_pops) {
  RingBuffer<int> ring;
  std::deque<int> oracle;
  std::mt19937_64 rng(7);
  for (int step = 0; step < 20000; ++step) {
    if (oracle.empty() || rng() % 3 != 0) {
      ring.push_back(step);
      oracle.push_back(step);
    } else {
      ring.pop_front();
      oracle.pop_front();
    }
    BOOST_TEST_REQUIRE(ring.size() == oracle.size());
    if (!oracle.empty()) {
      BOOST_TEST_REQUIRE(ring.front() == oracle.front());
      BOOST_TEST_REQUIRE(ring.back() == oracle.back());
      const size_t mid = oracle.size() / 2;
      BOOST_TEST_REQUIRE(ring[mid] == oracle[mid]);
    }
  }
}

// Growing keeps the order when the elements wrap around the end of the buffer.
BOOST_AUTO_TEST_CASE(keeps_order_when_it_grows_while_wrapped) {
  RingBuffer<int> ring;
  for (int i = 0; i < 4; ++i) ring.push_back(i);
  ring.pop_front();
  ring.pop_front();
  for (int i = 4; i < 9; ++i) ring.push_back(i);  // wraps, then grows from 4 to 8
  BOOST_TEST(ring.size() == 7u);
  for (size_t i = 0; i < ring.size(); ++i) BOOST_TEST(ring[i] == static_cast<int>(i) + 2);
}

BOOST_AUTO_TEST_SUITE_END()
