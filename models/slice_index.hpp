// Which write slice a time falls in. The write path starts slice k at k * slice_s (a double
// product); a reader that must not cross a slice boundary finds its slice from the same products.
#ifndef KDS_MODELS_SLICE_INDEX_HPP_
#define KDS_MODELS_SLICE_INDEX_HPP_

#include <cmath>
#include <cstdint>

namespace kds::models {

// k with k * slice_s <= t_s < (k + 1) * slice_s (k >= 0). No epsilon: in a long run of short
// slices (t_s / slice_s above 2^24) an epsilon of 1e-9 slices is lost in rounding.
// REQUIRES: t_s >= 0, slice_s > 0.
inline int64_t slice_index(double t_s, double slice_s) {
  auto k = static_cast<int64_t>(std::floor(t_s / slice_s));
  while (static_cast<double>(k + 1) * slice_s <= t_s) ++k;
  while (k > 0 && static_cast<double>(k) * slice_s > t_s) --k;
  return k;
}

}  // namespace kds::models

#endif  // KDS_MODELS_SLICE_INDEX_HPP_
