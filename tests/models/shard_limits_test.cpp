// Per-shard write and read limits (fact sheet §1, §2).
#include <boost/test/unit_test.hpp>

#include "models/shard_read_limit.hpp"
#include "models/shard_write_limit.hpp"
#include "models/units.hpp"

using namespace kds::models;

BOOST_AUTO_TEST_SUITE(shard_write_limit)

// T1: a shard stores 1,000 records in one second, not 1,001.
BOOST_AUTO_TEST_CASE(throttles_the_1001st_record_within_one_second) {
  ShardWriteLimit limit(1.0, kBytesPerMiB);
  BOOST_TEST(limit.admit(Records{1001}, Bytes{1001 * 10.0}, 1.0) == 1000);
  BOOST_TEST(limit.admit(Records{1000}, Bytes{1000 * 10.0}, 2.0) == 1000);
}

// T1: more than 1 MiB in one second is throttled (data + keys count).
BOOST_AUTO_TEST_CASE(throttles_bytes_beyond_1_mib_per_second) {
  ShardWriteLimit limit(1.0, kBytesPerMiB);
  BOOST_TEST(limit.admit(Records{200}, Bytes{200 * 10240.0}, 1.0) ==
             102);  // 1 MiB / 10 KiB = 102.4
}

// Fact sheet §1 large records: a 10 MiB record passes a shard whose stream allows 10 MiB records.
BOOST_AUTO_TEST_CASE(large_record_passes_when_the_stream_allows_it) {
  ShardWriteLimit limit(1.0, 10 * kBytesPerMiB);
  BOOST_TEST(limit.admit(Records{1}, Bytes{10 * kBytesPerMiB}, 1.0) == 1);
  BOOST_TEST(limit.admit(Records{1}, Bytes{10 * kBytesPerMiB}, 2.0) == 0);  // the burst is spent
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(shard_read_limit)

// T5: six GetRecords calls within one second: the sixth is throttled.
BOOST_AUTO_TEST_CASE(throttles_the_sixth_call_within_one_second) {
  ShardReadLimit limit(1.0);
  for (int i = 0; i < 5; ++i) {
    BOOST_TEST(limit.admit_call(0.1 * i));
    limit.charge_response(100, 0.1 * i);
  }
  BOOST_TEST(!limit.admit_call(0.5));
  BOOST_TEST(limit.admit_call(1.0));
}

// T4: after a 10 MiB response, a call 3 s later is throttled and one 5 s later is served.
BOOST_AUTO_TEST_CASE(refuses_reads_for_five_seconds_after_a_10_mib_response) {
  ShardReadLimit limit(1.0);
  BOOST_TEST(limit.admit_call(10.0));
  limit.charge_response(10 * kBytesPerMiB, 10.0);
  BOOST_TEST(!limit.admit_call(13.0));
  BOOST_TEST(limit.admit_call(15.0));
}

// Fact sheet §2: 2 MiB/s shared; a 3 MiB read leaves a debt that blocks calls until repaid.
BOOST_AUTO_TEST_CASE(read_bytes_beyond_2_mib_per_second_block_the_next_calls) {
  ShardReadLimit limit(1.0);
  BOOST_TEST(limit.admit_call(0.0));
  limit.charge_response(3 * kBytesPerMiB, 0.0);  // bucket: 2 - 3 = -1 MiB
  BOOST_TEST(!limit.admit_call(0.4));            // still -0.2 MiB
  BOOST_TEST(limit.admit_call(0.6));             // +0.2 MiB
}

BOOST_AUTO_TEST_SUITE_END()
