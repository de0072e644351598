// The propagation delay of a consumer's records (SPEC §3): from a record's arrival at its shard to
// its delivery to the consumer, i.e. processed. Over the whole run (mean, p50, p99, p999, max) and
// per report period (the period's maximum and p99: metrics.csv's PropagationDelayMilliseconds and
// PropagationDelayMilliseconds.p99). Unlike IteratorAge, which is the age of the *last* record a
// call returns when it returns it, this follows every record until it is processed: an app that
// fetches all a shard holds and then processes slowly keeps a small IteratorAge while its records
// wait (issue 17).
//
// A consumer records in simulated-time order, so one histogram serves the period being recorded
// and its p99 is taken when the next period begins (no histogram per period is kept).
#ifndef KDS_MODELS_PROPAGATION_DELAY_HPP_
#define KDS_MODELS_PROPAGATION_DELAY_HPP_

#include <algorithm>
#include <cstddef>
#include <vector>

#include "models/histogram.hpp"

namespace kds::models {

class PropagationDelays {
 public:
  // Sizes the per-period series (-1: no record delivered in that period).
  void set_periods(size_t periods) {
    period_max_ms_.assign(periods, -1.0);
    period_p99_ms_.assign(periods, -1.0);
  }

  // `weight` records delivered in `period` whose delays spread evenly over [lo_ms, hi_ms].
  // REQUIRES: 0 <= lo_ms <= hi_ms; set_periods() was called. A period earlier than the last one
  // recorded (which a consumer in time order never gives) counts toward the later one.
  void add_uniform(size_t period, double lo_ms, double hi_ms, double weight) {
    if (period > open_period_ || !open_) open(period);
    run_.add_uniform(lo_ms, hi_ms, weight);
    period_.add_uniform(lo_ms, hi_ms, weight);
  }
  // `weight` records delivered in `period`, each `value_ms` after its arrival.
  void add(size_t period, double value_ms, double weight) {
    if (period > open_period_ || !open_) open(period);
    run_.add(value_ms, weight);
    period_.add(value_ms, weight);
  }
  // Takes the last period's p99 (call once the consumer is done).
  void close();

  // Over the whole run.
  double total_weight() const { return run_.total_weight(); }
  double mean() const { return run_.mean(); }
  double max() const { return run_.max(); }
  double quantile(double q) const { return run_.quantile(q); }
  // Per period; -1 where no record was delivered.
  const std::vector<double>& period_max_ms() const { return period_max_ms_; }
  const std::vector<double>& period_p99_ms() const { return period_p99_ms_; }

 private:
  void open(size_t period);  // closes the open period, if any, and starts `period`

  Histogram run_;
  Histogram period_;  // the open period's delays
  size_t open_period_ = 0;
  bool open_ = false;
  std::vector<double> period_max_ms_, period_p99_ms_;
};

}  // namespace kds::models

#endif  // KDS_MODELS_PROPAGATION_DELAY_HPP_
