#include "sim/background_worker.hpp"

#include <pthread.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace kds::sim {

namespace {
bool second_thread_wanted() {
  const char* threads = std::getenv("KDS_SIM_THREADS");
  if (threads && std::strcmp(threads, "1") == 0) return false;
  return std::thread::hardware_concurrency() > 1;
}
}  // namespace

BackgroundWorker::BackgroundWorker() {
  if (!second_thread_wanted()) return;
  // Signals such as Ctrl-C go to the engine's thread (SimGrid handles them there): the new thread
  // inherits a mask that blocks them.
  sigset_t asynchronous, previous;
  sigemptyset(&asynchronous);
  for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGCHLD})
    sigaddset(&asynchronous, signal);
  pthread_sigmask(SIG_BLOCK, &asynchronous, &previous);
  thread_ = std::thread([this] { loop(); });
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

BackgroundWorker::~BackgroundWorker() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    for (const Job& job : jobs_) unfinished_.erase(job.ticket);
    jobs_.clear();
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

void BackgroundWorker::finish_job(Ticket ticket, std::unique_lock<std::mutex>& lock) {
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
}

void BackgroundWorker::wait(Ticket ticket) {
  std::unique_lock<std::mutex> lock(mutex_);
  finish_job(ticket, lock);
  const auto failed = failures_.find(ticket);
  if (failed == failures_.end()) return;
  const std::exception_ptr failure = failed->second;
  failures_.erase(failed);
  std::rethrow_exception(failure);
}

void BackgroundWorker::wait_ignoring_errors(Ticket ticket) noexcept {
  std::unique_lock<std::mutex> lock(mutex_);
  finish_job(ticket, lock);
  failures_.erase(ticket);
}

void BackgroundWorker::wait_all() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!unfinished_.empty()) finish_job(*unfinished_.begin(), lock);
  if (failures_.empty()) return;
  const std::exception_ptr failure = failures_.begin()->second;
  failures_.clear();
  std::rethrow_exception(failure);
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
  if (failure) failures_[job.ticket] = failure;
  unfinished_.erase(job.ticket);
  changed_.notify_all();
}

void BackgroundWorker::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return !jobs_.empty() || stopping_; });
    if (stopping_) return;  // the destructor dropped what was queued
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    run_unlocked(std::move(job), lock);
  }
}

}  // namespace kds::sim
