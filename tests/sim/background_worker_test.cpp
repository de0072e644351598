// The write path's second thread (sim/background_worker.hpp): jobs run, wait() returns after them,
// and a job's exception reaches the waiter.
#include "sim/background_worker.hpp"

#include <stdexcept>

#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(background_worker)

BOOST_AUTO_TEST_CASE(runs_each_job_before_wait_returns) {
  kds::sim::BackgroundWorker worker;
  long total = 0;
  for (int i = 1; i <= 1000; ++i) {
    worker.post([&total, i] { total += i; });
    worker.wait();
  }
  BOOST_TEST(total == 500500);
}

BOOST_AUTO_TEST_CASE(rethrows_what_a_job_threw) {
  kds::sim::BackgroundWorker worker;
  worker.post([] { throw std::runtime_error("job failed"); });
  BOOST_CHECK_THROW(worker.wait(), std::runtime_error);
  worker.post([] {});
  BOOST_CHECK_NO_THROW(worker.wait());
}

BOOST_AUTO_TEST_SUITE_END()
