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

BackgroundWorker::Ticket BackgroundWorker::post(std::function<void()> job) {
  if (!thread_.joinable()) {
    try {
      job();
    } catch (...) {
      if (!failure_) failure_ = std::current_exception();
    }
    done_ = ++posted_;
    return posted_;
  }
  Ticket ticket;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(std::move(job));
    ticket = ++posted_;
  }
  changed_.notify_all();
  return ticket;
}

void BackgroundWorker::wait(Ticket ticket) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this, ticket] { return done_ >= ticket; });
  if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
}

void BackgroundWorker::loop() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [this] { return !jobs_.empty() || stopping_; });
      if (jobs_.empty()) return;  // stopping, nothing left
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    std::exception_ptr failure;
    try {
      job();
    } catch (...) {
      failure = std::current_exception();
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (failure && !failure_) failure_ = failure;
      ++done_;
    }
    changed_.notify_all();
  }
}

}  // namespace kds::sim
