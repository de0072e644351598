// The published shard-count formulas (models/sizing_formulas.hpp) on kds-facts T8's example and
// around their rounding.
#include "models/sizing_formulas.hpp"

#include <boost/test/unit_test.hpp>

using namespace kds::models;

BOOST_AUTO_TEST_SUITE(sizing_formulas)

// T8: 100 records/s of 35 KB with one consumer: max(3.42, 1.71) -> 4 (developer guide); the FAQ's
// KB version gives max(3.5, 1.75) -> 4.
BOOST_AUTO_TEST_CASE(t8_example_needs_4_shards_by_both_formulas) {
  const SizingInputs t8{100, 35 * 1024, 1};
  const FormulaShards guide = aws_dev_guide_shards(t8);
  BOOST_TEST(guide.write_term == 3500.0 / 1024, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(guide.read_term == 3500.0 / 2048, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(guide.shards == 4);
  const FormulaShards faq = aws_faq_shards({100, 35000, 1});
  BOOST_TEST(faq.write_term == 3.5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(faq.shards == 4);
}

// Consumers multiply only the read term: with 5 shared consumers it binds (35 x 100 x 5 / 2048).
BOOST_AUTO_TEST_CASE(shared_consumers_raise_the_read_term) {
  const FormulaShards f = aws_dev_guide_shards({100, 35 * 1024, 5});
  BOOST_TEST(f.read_term == 17500.0 / 2048, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(f.shards == 9);
  BOOST_TEST(aws_dev_guide_shards({100, 35 * 1024, 0}).shards == 4);  // EFO only: writes bind
}

// The record size is rounded up to a whole KB of the formula's unit first: 35,001 B is 35 KiB
// (34.18 rounded up) but 36 KB; and a stream needs at least one shard.
BOOST_AUTO_TEST_CASE(record_size_is_rounded_up_and_a_stream_has_a_shard) {
  BOOST_TEST(aws_dev_guide_shards({1000, 35001, 1}).write_term == 35000.0 / 1024,
             boost::test_tools::tolerance(1e-12));
  BOOST_TEST(aws_faq_shards({1000, 35001, 1}).write_term == 36.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(aws_dev_guide_shards({1, 10, 1}).shards == 1);
  BOOST_TEST(aws_dev_guide_shards({0, 0, 1}).shards == 1);
  // Exactly at a limit: 1,024 KiB/s is one shard, not two.
  BOOST_TEST(aws_dev_guide_shards({1024, 1024, 1}).shards == 1);
}

BOOST_AUTO_TEST_SUITE_END()
