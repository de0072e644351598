#include "models/hash_key_range.hpp"

#include <boost/test/unit_test.hpp>

using namespace kds::models;

BOOST_AUTO_TEST_SUITE(hash_key_range)

// T27: int(MD5("abc")) big-endian; MD5("abc") = 900150983cd24fb0d6963f7d28e17f72.
BOOST_AUTO_TEST_CASE(partition_key_hashes_to_md5_as_a_big_endian_integer) {
  const HashKey key = hash_partition_key("abc");
  BOOST_TEST(to_decimal(key) == "191415658344158766168031473277922803570");
  // 0x90... is 56.3 % of the key space: the third of four even shards.
  BOOST_TEST(find_range(split_evenly(4), key) == 2);
}

// SPEC §2 `shards`: CreateStream splits 0 .. 2^128-1 evenly and contiguously.
BOOST_AUTO_TEST_CASE(even_split_covers_the_key_space_contiguously) {
  const auto ranges = split_evenly(3);
  BOOST_TEST(to_decimal(ranges.front().starting_hash_key) == "0");
  BOOST_TEST(to_decimal(ranges.back().ending_hash_key) ==
             "340282366920938463463374607431768211455");
  for (size_t i = 1; i < ranges.size(); ++i) {
    BOOST_TEST((ranges[i].starting_hash_key == ranges[i - 1].ending_hash_key + 1));
    BOOST_TEST(ranges[i].fraction() == 1.0 / 3, boost::test_tools::tolerance(1e-9));
  }
}

BOOST_AUTO_TEST_SUITE_END()
