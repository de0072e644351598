// A second thread for work that calls no SimGrid function and touches nothing another actor uses
// while it runs: an enhanced fan-out app's step, the producers' draws ahead, a Lambda mapping's
// invocations (see sim/stream_actor.hpp, sim/simulation.cpp). The actor that posts a job waits for
// it before it uses that state again, so results do not depend on thread timing or on which
// thread runs a job. A waiter whose job has not started yet runs it itself rather than wait
// behind other actors' jobs. On a one-core machine a job runs at once, in post().
#ifndef KDS_SIM_BACKGROUND_WORKER_HPP_
#define KDS_SIM_BACKGROUND_WORKER_HPP_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

namespace kds::sim {

class BackgroundWorker {
 public:
  using Ticket = uint64_t;  // 0: no job

  BackgroundWorker();
  ~BackgroundWorker();
  BackgroundWorker(const BackgroundWorker&) = delete;
  BackgroundWorker& operator=(const BackgroundWorker&) = delete;

  // Queues `job`; wait() on the ticket returns once it ran.
  Ticket post(std::function<void()> job);
  // Returns once the job of `ticket` ran (running it here if the thread has not started it);
  // rethrows what a job threw. A zero ticket returns at once.
  void wait(Ticket ticket);

 private:
  struct Job {
    Ticket ticket;
    std::function<void()> run;
  };
  void loop();
  // Runs `job` with the lock released, then marks it done. REQUIRES: `lock` holds mutex_.
  void run_unlocked(Job job, std::unique_lock<std::mutex>& lock);

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Job> jobs_;         // queued, not started
  std::set<Ticket> unfinished_;  // queued or running
  Ticket posted_ = 0;
  bool stopping_ = false;
  std::exception_ptr failure_;
  std::thread thread_;  // not started on a one-core machine
};

}  // namespace kds::sim

#endif  // KDS_SIM_BACKGROUND_WORKER_HPP_
