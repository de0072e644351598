#include "models/shard_log.hpp"

#include <algorithm>
#include <cassert>

namespace kds::models {

void ShardLog::append(int64_t slice_index, int64_t records, double data_bytes) {
  assert(slice_index == next_slice());  // slices are stored in time order, none skipped
  (void)slice_index;
  slices_.push_back({total_records_, data_bytes, static_cast<uint32_t>(records)});
  total_records_ += static_cast<uint64_t>(records);
  if (records > 0) last_stored_slice_ = slice_index;
}

size_t ShardLog::locate(uint64_t ordinal, int64_t hint) const {
  size_t i = hint > base_slice_ ? static_cast<size_t>(hint - base_slice_) : 0;
  if (i >= slices_.size() || slices_[i].first_ordinal > ordinal) i = 0;
  // Readers move forward a few slices at a time: a short scan beats a binary search.
  for (int steps = 0; steps < 8 && i < slices_.size(); ++steps, ++i) {
    if (ordinal < slices_[i].first_ordinal + slices_[i].records) return i;
  }
  // upper_bound over first_ordinal: the first slice that starts after the ordinal.
  size_t lo = 0, count = slices_.size();
  while (count > 0) {
    const size_t half = count / 2;
    if (!(ordinal < slices_[lo + half].first_ordinal)) {
      lo += half + 1;
      count -= half + 1;
    } else {
      count = half;
    }
  }
  if (lo == 0) return 0;
  size_t found = lo - 1;
  // Skip empty slices and slices wholly before the ordinal.
  while (found < slices_.size() && ordinal >= slices_[found].first_ordinal + slices_[found].records)
    ++found;
  return found;
}

uint64_t ShardLog::ordinal_at_time(double t_s) const {
  const auto k = static_cast<int64_t>(std::floor(t_s / slice_s_));
  if (slices_.empty() || k >= next_slice()) return total_records_;
  if (k < base_slice_) return slices_.front().first_ordinal;
  const StoredSlice& s = slices_[static_cast<size_t>(k - base_slice_)];
  const double j = std::ceil((t_s / slice_s_ - static_cast<double>(k)) * s.records - 0.5);
  return s.first_ordinal +
         static_cast<uint64_t>(std::clamp(j, 0.0, static_cast<double>(s.records)));
}

LogPosition ShardLog::latest(double now_s) const {
  return {ordinal_at_time(now_s - propagation_s_),
          static_cast<int64_t>(std::floor((now_s - propagation_s_) / slice_s_)) - 1};
}

void ShardLog::release_before(uint64_t ordinal) {
  // Keep the last slice so that ordinals stay anchored.
  while (slices_.size() > 1 && slices_.front().first_ordinal + slices_.front().records <= ordinal &&
         slices_[1].first_ordinal <= ordinal) {
    slices_.pop_front();
    ++base_slice_;
  }
}

// From the newest slice that holds records back (not from the newest slice: a quiet shard stores
// an empty slice every slice): only the last few hold records not yet readable.
double ShardLog::last_readable_arrival_s(double now_s) const {
  if (last_stored_slice_ < base_slice_) return 0;
  for (size_t i = static_cast<size_t>(last_stored_slice_ - base_slice_) + 1; i-- > 0;) {
    if (slices_[i].records == 0) continue;
    const int64_t readable = readable_in(i, now_s);
    if (readable > 0) return arrival_s(i, static_cast<double>(readable - 1));
  }
  return 0;
}

double ShardLog::arrival_of(uint64_t ordinal) const {
  const size_t i = locate(ordinal, base_slice_);
  if (i >= slices_.size()) return static_cast<double>(next_slice()) * slice_s_;
  return arrival_s(i, static_cast<double>(ordinal - slices_[i].first_ordinal));
}

}  // namespace kds::models
