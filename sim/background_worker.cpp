#include "sim/background_worker.hpp"

#include <utility>

namespace kds::sim {

BackgroundWorker::BackgroundWorker() {
  if (std::thread::hardware_concurrency() > 1) thread_ = std::thread([this] { loop(); });
}

BackgroundWorker::~BackgroundWorker() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void BackgroundWorker::post(std::function<void()> job) {
  if (!thread_.joinable()) {
    try {
      job();
    } catch (...) {
      failure_ = std::current_exception();
    }
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = std::move(job);
    pending_ = true;
  }
  changed_.notify_all();
}

void BackgroundWorker::wait() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return !pending_; });
  }
  if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
}

void BackgroundWorker::loop() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [this] { return pending_ || stopping_; });
      if (stopping_) return;
      job = std::move(job_);
    }
    try {
      job();
    } catch (...) {
      failure_ = std::current_exception();  // read by wait() after pending_ is cleared
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      pending_ = false;
    }
    changed_.notify_all();
  }
}

}  // namespace kds::sim
