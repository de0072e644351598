// The share of the most frequent partition key (models/partition_key_distribution.hpp), which
// bounds what any shard count can store for a group (fact sheet §1: a key's records go to one
// shard, T1 per shard).
#include "models/partition_key_distribution.hpp"

#include <boost/test/unit_test.hpp>

using namespace kds::models;

namespace {
KeySpec keys(KeySpec::Kind kind, int64_t count = 0, double exponent = 1.0) {
  KeySpec spec;
  spec.kind = kind;
  spec.count = count;
  spec.zipf_exponent = exponent;
  spec.single_key = "tenant-42";
  return spec;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(partition_key_distribution)

BOOST_AUTO_TEST_CASE(the_most_frequent_key_share_follows_the_distribution) {
  BOOST_TEST(PartitionKeyDistribution(keys(KeySpec::Kind::kSingle), 36).max_key_share() == 1.0);
  BOOST_TEST(PartitionKeyDistribution(keys(KeySpec::Kind::kRandom), 36).max_key_share() == 0.0);
  BOOST_TEST(PartitionKeyDistribution(keys(KeySpec::Kind::kUniform, 4), 36).max_key_share() ==
             0.25, boost::test_tools::tolerance(1e-12));
  // zipf over 3 keys with exponent 1: 1 / (1 + 1/2 + 1/3) = 6/11.
  BOOST_TEST(PartitionKeyDistribution(keys(KeySpec::Kind::kZipf, 3, 1.0), 36).max_key_share() ==
             6.0 / 11, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_SUITE_END()
