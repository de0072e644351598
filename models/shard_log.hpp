// The records stored in one shard, kept as flows: one entry per time slice with its record count
// and data bytes, never one entry per record.
//
// Records of slice k arrived evenly over [k*slice_s, (k+1)*slice_s): record j of c arrived at
// k*slice_s + (j + 0.5) / c * slice_s, and becomes readable `propagation_s` later. A reader's
// position is the ordinal of the next record to read (records are numbered from 0 in arrival
// order, like sequence numbers), so counting what a late reader lost to retention is a subtraction.
// Invariants: slices_ holds consecutive slice indexes from base_slice_; first_ordinal increases.
// Slices before every reader's position can be released to bound memory (release_before).
#ifndef KDS_MODELS_SHARD_LOG_HPP_
#define KDS_MODELS_SHARD_LOG_HPP_

#include <cmath>
#include <cstdint>

#include "models/fast_round.hpp"
#include "models/ring_buffer.hpp"

namespace kds::models {

struct LogPosition {
  uint64_t ordinal = 0;    // next record to read
  int64_t slice_hint = 0;  // a slice at or before the one holding `ordinal`; speeds up lookups
};

// A run of records read from one slice.
struct LogPiece {
  int64_t records;
  double bytes;
  double first_arrival_s;
  double last_arrival_s;
};

struct LogRead {
  int64_t records = 0;
  double bytes = 0;
  double last_arrival_s = 0;  // valid when records > 0
  LogPosition end;            // position after the last record read
  bool at_tip = false;        // nothing readable was left behind
};

class ShardLog {
 public:
  // A log whose first slice is `first_slice` (a shard opened by a reshard starts empty then).
  ShardLog(double slice_s, double propagation_s, int64_t first_slice = 0)
      : slice_s_(slice_s), propagation_s_(propagation_s), base_slice_(first_slice) {}

  // Stores the records accepted in slice `slice_index`. REQUIRES: slice_index == next_slice().
  void append(int64_t slice_index, int64_t records, double data_bytes);
  int64_t next_slice() const { return base_slice_ + static_cast<int64_t>(slices_.size()); }
  uint64_t total_records() const { return total_records_; }

  // Ordinal of the first record that arrived at or after t_s.
  uint64_t ordinal_at_time(double t_s) const;
  // Position after the last record readable at now_s (a LATEST iterator).
  LogPosition latest(double now_s) const;
  // Arrival time of the last record readable at now_s (the shard's tip); 0 when none is.
  double last_readable_arrival_s(double now_s) const;
  // Arrival time of the record numbered `ordinal`. REQUIRES: it is stored (not released).
  double arrival_of(uint64_t ordinal) const;

  // Reads from `from` at most max_records and about max_bytes of the records readable at now_s,
  // calling visit(const LogPiece&) for each slice touched.
  template <class Visitor>
  LogRead read(LogPosition from, int64_t max_records, double max_bytes, double now_s,
               Visitor&& visit) const;

  // Cache hints for a reader about to read from `from` (no effect on results): prefetch_header()
  // first, then, a little later, prefetch_slice().
  void prefetch_header() const {
    __builtin_prefetch(this);
    __builtin_prefetch(reinterpret_cast<const char*>(this) + sizeof(*this) - 1);
  }
  void prefetch_slice(const LogPosition& from) const {
    const size_t i =
        from.slice_hint > base_slice_ ? static_cast<size_t>(from.slice_hint - base_slice_) : 0;
    if (i < slices_.size()) __builtin_prefetch(&slices_[i]);
  }

  // Frees slices whose records all precede `ordinal`.
  void release_before(uint64_t ordinal);

 private:
  struct StoredSlice {
    uint64_t first_ordinal;
    double data_bytes;
    uint32_t records;
  };
  // Index into slices_ of the slice holding `ordinal`, or slices_.size() if it is not stored yet.
  size_t locate(uint64_t ordinal, int64_t hint) const;
  int64_t readable_in(size_t i, double now_s) const {
    const auto& s = slices_[i];
    const double slice_start =
        static_cast<double>(base_slice_ + static_cast<int64_t>(i)) * slice_s_;
    const double f = (now_s - propagation_s_ - slice_start) / slice_s_ * s.records + 0.5;
    if (f <= 0) return 0;
    return std::min<int64_t>(s.records, static_cast<int64_t>(f));
  }
  double arrival_s(size_t i, double j) const {
    return (static_cast<double>(base_slice_ + static_cast<int64_t>(i)) +
            (j + 0.5) / slices_[i].records) *
           slice_s_;
  }

  double slice_s_;
  double propagation_s_;
  RingBuffer<StoredSlice> slices_;  // oldest first
  int64_t base_slice_;
  uint64_t total_records_ = 0;
  int64_t last_stored_slice_ = -1;  // the newest slice holding records; -1: none yet
};

template <class Visitor>
LogRead ShardLog::read(LogPosition from, int64_t max_records, double max_bytes, double now_s,
                       Visitor&& visit) const {
  LogRead result;
  result.end = from;
  size_t i = locate(from.ordinal, from.slice_hint);
  uint64_t ordinal = from.ordinal;
  while (i < slices_.size()) {
    const StoredSlice& s = slices_[i];
    if (s.records == 0) {  // nothing stored in that slice: look at the next one
      ++i;
      continue;
    }
    const int64_t offset = static_cast<int64_t>(ordinal - s.first_ordinal);
    const int64_t readable = readable_in(i, now_s);
    if (offset >= readable) {
      result.at_tip = true;
      break;
    }
    const double bytes_per_record = s.data_bytes / s.records;
    int64_t take = std::min(readable - offset, max_records - result.records);
    if (bytes_per_record > 0) {
      const double room = max_bytes - result.bytes;
      take = std::min<int64_t>(take, static_cast<int64_t>(std::floor(room / bytes_per_record)));
      // One record always fits an empty response (a 10 MiB record in a 10 MiB response).
      if (take <= 0 && result.records == 0 && max_records > 0 && max_bytes > 0) take = 1;
    }
    if (take <= 0) break;
    // Byte counts of pieces add up exactly to the slice's bytes.
    const double bytes = round_half_away(bytes_per_record * static_cast<double>(offset + take)) -
                         round_half_away(bytes_per_record * static_cast<double>(offset));
    const LogPiece piece{take, bytes, arrival_s(i, static_cast<double>(offset)),
                         arrival_s(i, static_cast<double>(offset + take - 1))};
    visit(piece);
    result.records += take;
    result.bytes += bytes;
    result.last_arrival_s = piece.last_arrival_s;
    ordinal += static_cast<uint64_t>(take);
    if (offset + take < static_cast<int64_t>(s.records)) {
      result.at_tip = (offset + take == readable);
      break;
    }
    ++i;
    if (result.records >= max_records) break;
  }
  if (i >= slices_.size()) result.at_tip = true;
  result.end = {ordinal, base_slice_ + static_cast<int64_t>(std::min(i, slices_.size()))};
  return result;
}

}  // namespace kds::models

#endif  // KDS_MODELS_SHARD_LOG_HPP_
