#include "sim/background_worker.hpp"

#include <algorithm>
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
  std::unique_lock<std::mutex> lock(mutex_);
  const Ticket ticket = ++posted_;
  unfinished_.insert(ticket);
  if (!thread_.joinable()) {
    run_unlocked({ticket, std::move(job)}, lock);
    return ticket;
  }
  jobs_.push_back({ticket, std::move(job)});
  lock.unlock();
  changed_.notify_all();
  return ticket;
}

void BackgroundWorker::wait(Ticket ticket) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (unfinished_.count(ticket) != 0) {
    const auto queued = std::find_if(jobs_.begin(), jobs_.end(),
                                     [ticket](const Job& job) { return job.ticket == ticket; });
    if (queued == jobs_.end()) {  // running on the thread
      changed_.wait(lock);
      continue;
    }
    Job job = std::move(*queued);
    jobs_.erase(queued);
    run_unlocked(std::move(job), lock);
  }
  if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
}

void BackgroundWorker::run_unlocked(Job job, std::unique_lock<std::mutex>& lock) {
  lock.unlock();
  std::exception_ptr failure;
  try {
    job.run();
  } catch (...) {
    failure = std::current_exception();
  }
  lock.lock();
  if (failure && !failure_) failure_ = failure;
  unfinished_.erase(job.ticket);
  changed_.notify_all();
}

void BackgroundWorker::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return !jobs_.empty() || stopping_; });
    if (jobs_.empty()) return;  // stopping, nothing left
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    run_unlocked(std::move(job), lock);
  }
}

}  // namespace kds::sim
