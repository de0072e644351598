// The write path's second thread (sim/background_worker.hpp): jobs run, wait() returns after them,
// and a job's exception reaches the waiter.
#include "sim/background_worker.hpp"

#include <stdexcept>
#include <vector>

#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(background_worker)

BOOST_AUTO_TEST_CASE(runs_each_job_before_wait_returns) {
  kds::sim::BackgroundWorker worker;
  long total = 0;
  for (int i = 1; i <= 1000; ++i) worker.wait(worker.post([&total, i] { total += i; }));
  BOOST_TEST(total == 500500);
  // Jobs run in the order posted; waiting for the last waits for all.
  std::vector<int> order;
  kds::sim::BackgroundWorker::Ticket last = 0;
  for (int i = 0; i < 100; ++i) last = worker.post([&order, i] { order.push_back(i); });
  worker.wait(last);
  BOOST_REQUIRE_EQUAL(order.size(), 100u);
  for (int i = 0; i < 100; ++i) BOOST_TEST(order[static_cast<size_t>(i)] == i);
}

BOOST_AUTO_TEST_CASE(rethrows_what_a_job_threw) {
  kds::sim::BackgroundWorker worker;
  const auto failing = worker.post([] { throw std::runtime_error("job failed"); });
  BOOST_CHECK_THROW(worker.wait(failing), std::runtime_error);
  BOOST_CHECK_NO_THROW(worker.wait(worker.post([] {})));
}

BOOST_AUTO_TEST_SUITE_END()
