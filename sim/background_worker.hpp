// A second thread for work that calls no SimGrid function and touches nothing another actor uses
// while it runs: an enhanced fan-out app's step, the producers' draws ahead, a Lambda mapping's
// invocations and half of its fetch (see sim/stream_actor.hpp, sim/simulation.cpp). The actor
// that posts a job waits for it before it uses that state again, so results do not depend on
// thread timing or on which thread runs a job. A waiter whose job has not started runs it itself
// rather than wait behind other actors' jobs. Jobs never call SimGrid, post or wait.
// On a one-core machine, or with KDS_SIM_THREADS=1 in the environment, a job runs at once, in
// post(): the outputs are the same byte for byte (a test compares them).
#ifndef KDS_SIM_BACKGROUND_WORKER_HPP_
#define KDS_SIM_BACKGROUND_WORKER_HPP_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace kds::sim {

class BackgroundWorker {
 public:
  using Ticket = uint64_t;  // 0: no job

  BackgroundWorker();
  // Drops the jobs not started and waits for the one running (an unwinding run's models must
  // outlive it: declare the worker after them).
  ~BackgroundWorker();
  BackgroundWorker(const BackgroundWorker&) = delete;
  BackgroundWorker& operator=(const BackgroundWorker&) = delete;

  // Queues `job`; wait() on the ticket returns once it ran.
  Ticket post(std::function<void()> job);
  // Returns once the job of `ticket` ran (running it here if the thread has not started it);
  // rethrows what that job threw. A zero ticket returns at once.
  void wait(Ticket ticket);
  // The same, but never throws (for a caller that is already unwinding).
  void wait_ignoring_errors(Ticket ticket) noexcept;
  // Returns once every job posted so far ran; rethrows the first failure not yet reported.
  void wait_all();

 private:
  struct Job {
    Ticket ticket;
    std::function<void()> run;
  };
  void loop();
  // Waits for `ticket` with `lock` held on mutex_, running it here if it is still queued.
  void finish_job(Ticket ticket, std::unique_lock<std::mutex>& lock);
  // Runs `job` with the lock released, then marks it done. REQUIRES: `lock` holds mutex_.
  void run_unlocked(Job job, std::unique_lock<std::mutex>& lock);

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Job> jobs_;                           // queued, not started
  std::set<Ticket> unfinished_;                    // queued or running
  std::map<Ticket, std::exception_ptr> failures_;  // thrown by a job, until its waiter rethrows
  Ticket posted_ = 0;
  bool stopping_ = false;
  std::thread thread_;  // not started on a one-core machine or with KDS_SIM_THREADS=1
};

}  // namespace kds::sim

#endif  // KDS_SIM_BACKGROUND_WORKER_HPP_
