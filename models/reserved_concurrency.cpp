// The reservations live in a ring of per-slice loads that starts at the slice the mapping is
// stepping: a slice's load is final once the mapping has stepped past it (no invocation starts
// earlier than the step that runs it), so forget_before() recycles its slot for a later slice.
// The ring grows when an invocation reaches further ahead than any before it (a 15-minute
// invocation over 10 ms slices needs 90,000 slots; the usual case needs two).
#include "models/reserved_concurrency.hpp"

#include <algorithm>
#include <cassert>

#include "models/slice_index.hpp"

namespace kds::models {

namespace {
// Sums of slice shares carry rounding: a slice exactly at the limit must not throttle.
constexpr double kLoadTolerance = 1e-9;
}  // namespace

ReservedConcurrency::ReservedConcurrency(double limit, double slice_s)
    : limit_(limit), slice_s_(slice_s), slots_(4, 0.0) {}

void ReservedConcurrency::reach(int64_t last) {
  const auto needed = static_cast<size_t>(last - first_ + 1);
  if (needed <= slots_.size()) return;
  std::vector<double> grown(std::max(needed, 2 * slots_.size()), 0.0);
  for (int64_t k = first_; k < first_ + static_cast<int64_t>(slots_.size()); ++k)
    grown[static_cast<size_t>(k) % grown.size()] = slot(k);
  slots_.swap(grown);
}

bool ReservedConcurrency::try_reserve(double start_s, double end_s) {
  if (end_s <= start_s) return true;  // an instant holds no lane time
  const int64_t first = slice_index(start_s, slice_s_);
  const int64_t last = slice_index(end_s, slice_s_);
  assert(first >= first_);
  reach(last);
  // The invocation's busy share of slice k (0 for the slice that starts at its end).
  const auto share = [&](int64_t k) {
    const double from = std::max(start_s, static_cast<double>(k) * slice_s_);
    const double to = std::min(end_s, static_cast<double>(k + 1) * slice_s_);
    return std::max(0.0, to - from) / slice_s_;
  };
  for (int64_t k = first; k <= last; ++k) {
    if (slot(k) + share(k) > limit_ + kLoadTolerance) return false;
  }
  for (int64_t k = first; k <= last; ++k) slot(k) += share(k);
  return true;
}

double ReservedConcurrency::load_at(double t_s) const {
  const int64_t k = slice_index(t_s, slice_s_);
  if (k < first_ || k >= first_ + static_cast<int64_t>(slots_.size())) return 0;
  return slot(k);
}

void ReservedConcurrency::forget_before(double t_s) {
  const int64_t k = slice_index(t_s, slice_s_);
  if (k - first_ >= static_cast<int64_t>(slots_.size())) {  // a long pause: every slot is old
    std::fill(slots_.begin(), slots_.end(), 0.0);
    first_ = std::max(first_, k);
    return;
  }
  for (; first_ < k; ++first_) slot(first_) = 0;
}

}  // namespace kds::models
