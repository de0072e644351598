#include "models/record_processor.hpp"

#include <boost/test/unit_test.hpp>

using kds::models::RecordProcessor;

BOOST_AUTO_TEST_SUITE(record_processor)

// Batches are processed in order: one that arrives while the processor is busy starts when the
// batches before it are done.
BOOST_AUTO_TEST_CASE(batches_wait_for_the_ones_before_them) {
  RecordProcessor p;
  BOOST_TEST(p.accept(0.0, 2.0, 100, 1000) == 0.0);
  BOOST_TEST(p.accept(1.0, 2.0, 100, 1000) == 2.0);
  BOOST_TEST(p.accept(5.0, 1.0, 100, 1000) == 5.0);
  BOOST_TEST(p.free_at_s() == 6.0);
}

// KCL 2.x prefetch holds at most 3 batches waiting: with 3 waiting, room comes when the oldest
// starts; 30,000 records or 8 MiB waiting fill it too.
BOOST_AUTO_TEST_CASE(the_prefetch_queue_holds_three_batches) {
  RecordProcessor p;
  p.accept(0.0, 10.0, 10, 100);  // processing until 10 s
  p.accept(1.0, 10.0, 10, 100);  // waits: starts at 10 s
  p.accept(2.0, 10.0, 10, 100);  // starts at 20 s
  BOOST_TEST(p.room_at(3.0) == 3.0);  // two waiting
  p.accept(3.0, 10.0, 10, 100);       // starts at 30 s: three waiting
  BOOST_TEST(p.room_at(4.0) == 10.0);
  RecordProcessor big;
  big.accept(0.0, 10.0, 30000, 100);
  big.accept(0.0, 10.0, 30000, 100);
  BOOST_TEST(big.room_at(1.0) == 10.0);  // 30,000 records wait
}

// Without prefetch (KCL 1.x) room_at is never asked: batches that started are still forgotten,
// so a long run keeps no history (it once kept one entry per call: 452 MB for 200 shards x 6 h).
BOOST_AUTO_TEST_CASE(started_batches_are_forgotten) {
  RecordProcessor p;
  for (int i = 0; i < 100000; ++i) p.accept(i * 1.0, 0.5, 100, 1000);
  BOOST_TEST(p.waiting_batches() <= 1u);
}

BOOST_AUTO_TEST_SUITE_END()
