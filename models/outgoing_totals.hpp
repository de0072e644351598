// Outgoing records and bytes a consumer adds up on its own for the stream's and the shards' series
// and adds to the run's at the end. A consumer that does so writes nothing shared while it steps,
// so it may step on a second thread (sim/background_worker.hpp). Counts and bytes are whole
// numbers, so the sums do not depend on the order of addition.
#ifndef KDS_MODELS_OUTGOING_TOTALS_HPP_
#define KDS_MODELS_OUTGOING_TOTALS_HPP_

#include <vector>

#include "models/run_result.hpp"

namespace kds::models {

class OutgoingTotals {
 public:
  OutgoingTotals(size_t periods, bool shard_metrics)
      : periods_(periods), shard_metrics_(shard_metrics) {
    stream_.resize(periods);
  }

  // Makes room for shards 0..shards-1.
  void grow(size_t shards) {
    while (shard_metrics_ && shards_.size() < shards) {
      shards_.emplace_back();
      shards_.back().resize(periods_);
    }
  }
  PeriodSeries& stream() { return stream_; }
  // The shard's series, or null without per-shard metrics. REQUIRES: grow() covered it.
  PeriodSeries* shard(size_t s) { return shard_metrics_ ? &shards_[s] : nullptr; }

  void add_to(RunResult& run) const {
    for (size_t p = 0; p < periods_; ++p) {
      run.stream.periods.outgoing_records[p] += stream_.outgoing_records[p];
      run.stream.periods.outgoing_bytes[p] += stream_.outgoing_bytes[p];
      for (size_t s = 0; s < shards_.size(); ++s) {
        run.shards[s].periods.outgoing_records[p] += shards_[s].outgoing_records[p];
        run.shards[s].periods.outgoing_bytes[p] += shards_[s].outgoing_bytes[p];
      }
    }
  }

 private:
  size_t periods_;
  bool shard_metrics_;
  PeriodSeries stream_;
  std::vector<PeriodSeries> shards_;
};

}  // namespace kds::models

#endif  // KDS_MODELS_OUTGOING_TOTALS_HPP_
