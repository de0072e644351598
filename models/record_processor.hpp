// A KCL lease's record processor and the prefetch queue in front of it (fact sheet §9; KCL 2.x/3.x
// PrefetchRecordsPublisher, built by SimpleRecordsFetcherFactory with maxPendingProcessRecordsInput
// 3, maxByteSize 8 MiB and maxRecordsCount 30,000). The lease's fetcher calls GetRecords every
// idle_time_between_reads while the queue has room; the record processor takes the batches in
// order, one at a time, so a record waits for every record fetched before it on its lease: its
// propagation delay is the backlog's drain time, while IteratorAge (taken at fetch) stays small as
// long as each call reads up to the tip (issue 17). With `prefetch` off (KCL 1.x's default,
// BlockingGetRecordsCache) the next call waits for the batch to be processed.
#ifndef KDS_MODELS_RECORD_PROCESSOR_HPP_
#define KDS_MODELS_RECORD_PROCESSOR_HPP_

#include <algorithm>
#include <cstdint>
#include <vector>

namespace kds::models {

// KCL-SRC SimpleRecordsFetcherFactory (v2.x, v3.x): what the prefetch queue may hold.
constexpr int kKclMaxPendingBatches = 3;
constexpr double kKclMaxPendingBytes = 8.0 * 1024 * 1024;
constexpr int64_t kKclMaxPendingRecords = 30000;

class RecordProcessor {
 public:
  // A batch that reached the app at delivered_s and takes processing_s to process: it starts when
  // the processor is done with the batches before it. Returns when it starts.
  double accept(double delivered_s, double processing_s, int64_t records, double bytes) {
    const double start_s = std::max(delivered_s, free_at_s_);
    free_at_s_ = start_s + processing_s;
    forget_started(delivered_s);  // without prefetch nothing else would (room_at is not asked)
    pending_.push_back({start_s, records, bytes});
    return start_s;
  }
  // When the processor is done with every batch it accepted.
  double free_at_s() const { return free_at_s_; }
  // Batches accepted and not started by the last accept() or room_at() time.
  size_t waiting_batches() const { return pending_.size(); }
  // The first time from t_s on at which the prefetch queue (the batches accepted and not yet
  // started) has room for another GetRecords result.
  double room_at(double t_s) {
    for (;;) {
      forget_started(t_s);
      int64_t records = 0;
      double bytes = 0;
      for (const Pending& p : pending_) {
        records += p.records;
        bytes += p.bytes;
      }
      const bool full = static_cast<int>(pending_.size()) >= kKclMaxPendingBatches ||
                        records >= kKclMaxPendingRecords || bytes >= kKclMaxPendingBytes;
      if (!full) return t_s;
      t_s = pending_.front().start_s;  // the processor takes the oldest batch then
    }
  }

 private:
  // Batches that started by t_s have left the queue.
  void forget_started(double t_s) {
    while (!pending_.empty() && pending_.front().start_s <= t_s) pending_.erase(pending_.begin());
  }
  struct Pending {
    double start_s;
    int64_t records;
    double bytes;
  };
  std::vector<Pending> pending_;  // accepted batches, oldest first (at most a few)
  double free_at_s_ = 0;
};

}  // namespace kds::models

#endif  // KDS_MODELS_RECORD_PROCESSOR_HPP_
