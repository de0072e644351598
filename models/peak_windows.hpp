// On-demand demand is measured over fixed windows [k w, (k+1) w) of on_demand_peak_window_s
// (models/on_demand_scaling.hpp). A span of time that straddles a window boundary (a fluid step
// moved by an event time, a slice when the window is not a multiple of it) shares its bytes among
// the windows it covers, uniformly in time, instead of counting them all in the window where it
// starts: a window's demand is a rate, and doubling its bytes doubles the capacity it earns.
#ifndef KDS_MODELS_PEAK_WINDOWS_HPP_
#define KDS_MODELS_PEAK_WINDOWS_HPP_

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace kds::models {

// Calls visit(window index, share of the span) for each window [t0_s, t1_s) overlaps, in time
// order; an empty span counts whole in the window of t0_s.
template <class Visit>
void for_each_peak_window(double t0_s, double t1_s, double window_s, Visit visit) {
  const auto first = static_cast<int64_t>(std::floor(t0_s / window_s));
  if (!(t1_s > t0_s)) {
    visit(first, 1.0);
    return;
  }
  for (int64_t w = first;; ++w) {
    const double from = std::max(t0_s, static_cast<double>(w) * window_s);
    const double to = std::min(t1_s, static_cast<double>(w + 1) * window_s);
    if (to > from) visit(w, (to - from) / (t1_s - t0_s));
    if (static_cast<double>(w + 1) * window_s >= t1_s) break;
  }
}

}  // namespace kds::models

#endif  // KDS_MODELS_PEAK_WINDOWS_HPP_
