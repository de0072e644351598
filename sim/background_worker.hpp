// A second thread for work that calls no SimGrid function and touches nothing the actors share
// while it runs: an enhanced fan-out app's step (models/enhanced_fan_out_app.hpp). The stream's
// write path posts it after changing the shard logs and waits for it before changing them again,
// so the results do not depend on thread timing. One job at a time. On a one-core machine the job
// runs at once, in post().
#ifndef KDS_SIM_BACKGROUND_WORKER_HPP_
#define KDS_SIM_BACKGROUND_WORKER_HPP_

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace kds::sim {

class BackgroundWorker {
 public:
  BackgroundWorker();
  ~BackgroundWorker();
  BackgroundWorker(const BackgroundWorker&) = delete;
  BackgroundWorker& operator=(const BackgroundWorker&) = delete;

  // Starts `job`. REQUIRES: the previous job was waited for.
  void post(std::function<void()> job);
  // Returns once the posted job is done; rethrows what it threw.
  void wait();

 private:
  void loop();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::function<void()> job_;
  bool pending_ = false;  // a job was posted and is not done
  bool stopping_ = false;
  std::exception_ptr failure_;
  std::thread thread_;  // not started on a one-core machine
};

}  // namespace kds::sim

#endif  // KDS_SIM_BACKGROUND_WORKER_HPP_
