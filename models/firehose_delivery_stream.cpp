// Deliveries are decided when records arrive (the size condition) and, for the interval, at the
// moment it expires even when nothing arrives then: receive() and finish() first deliver every
// batch whose interval ran out before their time. A transformation Lambda processes the batch when
// it leaves the buffer (per_invoke + per_record x records, billed in 1 ms steps), then the write to
// the destination takes delivery_latency.
// DataFreshness at t is the age of the oldest record received and not yet delivered (measured from
// its arrival in the stream); it grows between deliveries, so a period's maximum is reached just
// before a delivery in it or at its end.
#include "models/firehose_delivery_stream.hpp"

#include <algorithm>
#include <cmath>

#include "models/rate_pattern.hpp"
#include "models/record_size_distribution.hpp"
#include "models/scenario.hpp"
#include "models/units.hpp"

namespace kds::models {

FirehoseDeliveryStream::FirehoseDeliveryStream(const FirehoseSpec& spec, FirehoseResult& result,
                                               double interval_s, size_t periods,
                                               double billed_bytes_per_record)
    : spec_(spec),
      result_(result),
      interval_s_(interval_s),
      periods_(periods),
      billed_bytes_per_record_(billed_bytes_per_record) {
  result_.data_freshness_s.assign(periods, -1.0);
  result_.delivered_records_by_period.assign(periods, 0.0);
  result_.delivered_bytes_by_period.assign(periods, 0.0);
}

void FirehoseDeliveryStream::flush(double at_s) {
  Batch& batch = batches_.back();
  double transform_s = 0;
  if (spec_.transform) {
    // Invocations on buffer-sized parts of the batch, in parallel: the batch waits for one part.
    const double parts = std::max(1.0, std::ceil(batch.bytes / spec_.transform_buffer_bytes));
    transform_s = spec_.transform_per_invoke_s +
                  spec_.transform_per_record_s * static_cast<double>(batch.records) / parts;
    result_.transform_invocations += static_cast<int64_t>(parts);
    const double billed_ms = std::ceil(transform_s * 1000 - 1e-9 * std::max(1.0, transform_s * 1000));
    result_.transform_gb_s += parts * billed_ms / 1000 * spec_.transform_memory_mb / 1024.0;
  }
  // Batches reach the destination in order.
  const double previous_s = batches_.size() > 1 ? batches_[batches_.size() - 2].delivered_s : 0;
  batch.delivered_s = std::max(previous_s, at_s + transform_s + spec_.delivery_latency_s);
  open_ = false;
  result_.deliveries += 1;
  result_.delivered_records += batch.records;
  result_.delivered_bytes += batch.bytes;
}

void FirehoseDeliveryStream::flush_due(double t_s) {
  if (open_ && batches_.back().opened_s + spec_.buffer_interval_s <= t_s)
    flush(batches_.back().opened_s + spec_.buffer_interval_s);
}

void FirehoseDeliveryStream::receive(double t_s, int64_t records, double bytes,
                                     double first_arrival_s) {
  if (records <= 0) return;
  flush_due(t_s);
  if (!open_) {
    batches_.push_back({t_s, first_arrival_s, 0, 0, 0});
    open_ = true;
  }
  Batch& batch = batches_.back();
  batch.records += records;
  batch.bytes += bytes;
  batch.oldest_arrival_s = std::min(batch.oldest_arrival_s, first_arrival_s);
  result_.billed_ingest_bytes += static_cast<double>(records) * billed_bytes_per_record_;
  if (batch.bytes >= spec_.buffer_size_bytes || spec_.buffer_interval_s <= 0) flush(t_s);
}

void FirehoseDeliveryStream::finish(double end_s) {
  flush_due(end_s);
  // Deliveries after the end did not happen in the run.
  for (Batch& batch : batches_) {
    if (batch.delivered_s > end_s || batch.delivered_s == 0) {
      result_.buffered_records_at_end += batch.records;
      if (batch.delivered_s > 0) {
        result_.delivered_records -= batch.records;
        result_.delivered_bytes -= batch.bytes;
        result_.deliveries -= 1;
      }
      batch.delivered_s = 0;
    }
  }
  const auto period_of = [&](double t) {
    return std::min(periods_ - 1, static_cast<size_t>(std::max(0.0, t) / interval_s_));
  };
  for (const Batch& b : batches_) {
    if (b.delivered_s <= 0) continue;
    const size_t p = period_of(b.delivered_s);
    result_.delivered_records_by_period[p] += static_cast<double>(b.records);
    result_.delivered_bytes_by_period[p] += b.bytes;
  }
  // Freshness just before t: the oldest record of the batches received by then and pending at t.
  // Batches open and deliver in order, so the pending ones are a window [first, last) that only
  // moves forward as t grows.
  size_t first = 0, last = 0;
  const auto freshness_at = [&](double t) {
    while (last < batches_.size() && batches_[last].opened_s < t) ++last;
    while (first < last && batches_[first].delivered_s > 0 && batches_[first].delivered_s < t)
      ++first;
    if (last == 0) return -1.0;  // nothing received yet
    double oldest = t;
    for (size_t i = first; i < last; ++i) oldest = std::min(oldest, batches_[i].oldest_arrival_s);
    return t - oldest;
  };
  size_t next_delivery = 0;
  for (size_t p = 0; p < periods_; ++p) {
    const double to = std::min(end_s, static_cast<double>(p + 1) * interval_s_);
    double value = -1;
    for (; next_delivery < batches_.size() && batches_[next_delivery].delivered_s > 0 &&
           batches_[next_delivery].delivered_s <= to;
         ++next_delivery)
      value = std::max(value, freshness_at(batches_[next_delivery].delivered_s));
    value = std::max(value, freshness_at(to));
    result_.data_freshness_s[p] = value;
    result_.max_data_freshness_s = std::max(result_.max_data_freshness_s, value);
  }
}

double firehose_billed_bytes_per_record(const Scenario& scenario) {
  const double rounding = scenario.prices.firehose_record_rounding_bytes;
  double weight = 0, billed = 0;
  for (const ProducerSpec& p : scenario.producers) {
    const double rate = peak_rate_per_s(p.rate);
    const RecordSizeDistribution sizes(p.record_bytes, 0,
                                       scenario.max_record_size_kib * kBytesPerKiB);
    weight += rate;
    billed += rate * sizes.mean_rounded_units(rounding) * rounding;
  }
  return weight > 0 ? billed / weight : rounding;
}

}  // namespace kds::models
