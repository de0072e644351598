// Where a consumer starts reading a shard and what it loses to retention (fact sheet §2 iterator
// types, §6 retention), shared by every consumer type, and the bookkeeping of what it read.
#ifndef KDS_MODELS_SHARD_ITERATOR_HPP_
#define KDS_MODELS_SHARD_ITERATOR_HPP_

#include <algorithm>
#include <cstdint>

#include "models/run_result.hpp"
#include "models/scenario.hpp"
#include "models/shard_log.hpp"
#include "models/stream.hpp"

namespace kds::models {

// The position a LATEST, TRIM_HORIZON or AT_TIMESTAMP iterator obtained at now_s points to.
LogPosition initial_position(const ConsumerSpec& spec, const ShardLog& log, double now_s);

// The first record an app that has not started yet (at now_s) may read: nothing before its start
// for LATEST, everything for TRIM_HORIZON, from the timestamp on for AT_TIMESTAMP.
uint64_t first_needed_before_start(const ConsumerSpec& spec, const ShardLog& log, double now_s);

// Where an app started at spec.start_at_s begins reading `shard` at now_s: from its initial
// position if the shard was there when the app started; from the shard's first record if it opened
// later (a child of a reshard: the KCL and Lambda start children at TRIM_HORIZON).
LogPosition shard_start_position(const ConsumerSpec& spec, const Shard& shard, double now_s);
// The first record of `shard` such an app may need before it starts reading it.
uint64_t shard_first_needed(const ConsumerSpec& spec, const Shard& shard, double now_s);
// At the end of a run (end_s, trim horizon horizon_s): the records of a shard the app never
// started reading (a child behind a stopped app, say) that expired unread: they are lost.
int64_t expired_before_reading(const ConsumerSpec& spec, const Shard& shard, double end_s,
                               double horizon_s);

// Moves a position left behind the trim horizon (records that arrived before horizon_s are gone)
// to it and returns how many records it skipped: they expired unread and are lost.
int64_t skip_expired(LogPosition& position, const ShardLog& log, double horizon_s, double slice_s);

// How long the first record at or after `position` has waited at end_s, in ms (0 when there is
// none): a record the consumer has not processed when the run ends has a propagation delay at
// least this long.
inline double unprocessed_age_ms(const ShardLog& log, const LogPosition& position, double end_s) {
  if (position.ordinal >= log.total_records()) return 0;
  return std::max(0.0, end_s - log.arrival_of(position.ordinal)) * 1000.0;
}

// Adds a delivery of `records` / `bytes` from `shard` at delivered_s (in `period`) to the
// consumer's results and to the outgoing series stream_out and shard_out (null: no per-shard
// metrics): the run's own, or a consumer's private ones that it adds to the run's at the end.
// Inline: every consumer calls it once per call or invocation.
inline void account_delivery(ConsumerResult& consumer, int shard, size_t period, int64_t records,
                             double bytes, double delivered_s, PeriodSeries& stream_out,
                             PeriodSeries* shard_out) {
  if (records <= 0) return;
  auto& spans = consumer.shard_delivery_spans;
  if (static_cast<size_t>(shard) >= spans.size()) spans.resize(static_cast<size_t>(shard) + 1);
  DeliverySpan& span = spans[static_cast<size_t>(shard)];
  if (span.records == 0) span.first_s = delivered_s;
  span.first_s = std::min(span.first_s, delivered_s);
  span.last_s = std::max(span.last_s, delivered_s);
  span.records += records;
  const auto count = static_cast<double>(records);
  consumer.records_processed += records;
  consumer.bytes_read += bytes;
  consumer.periods.outgoing_records[period] += count;
  consumer.periods.outgoing_bytes[period] += bytes;
  stream_out.outgoing_records[period] += count;
  stream_out.outgoing_bytes[period] += bytes;
  if (shard_out) {
    shard_out->outgoing_records[period] += count;
    shard_out->outgoing_bytes[period] += bytes;
  }
}

}  // namespace kds::models

#endif  // KDS_MODELS_SHARD_ITERATOR_HPP_
