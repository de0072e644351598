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
  // Each waiter gets its own job done, whichever thread ran it (a job not started yet runs in the
  // waiter's thread).
  std::vector<int> done(100, 0);
  std::vector<kds::sim::BackgroundWorker::Ticket> tickets;
  for (size_t i = 0; i < done.size(); ++i)
    tickets.push_back(worker.post([&done, i] { done[i] = 1; }));
  for (size_t i = done.size(); i-- > 0;) {
    worker.wait(tickets[i]);
    BOOST_TEST(done[i] == 1);
  }
}

BOOST_AUTO_TEST_CASE(rethrows_what_a_job_threw) {
  kds::sim::BackgroundWorker worker;
  const auto failing = worker.post([] { throw std::runtime_error("job failed"); });
  BOOST_CHECK_THROW(worker.wait(failing), std::runtime_error);
  BOOST_CHECK_NO_THROW(worker.wait(worker.post([] {})));
}

BOOST_AUTO_TEST_SUITE_END()
