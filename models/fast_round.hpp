// std::round (halves away from zero) without the libm call: the same result for every double.
// Why: on the x86-64 baseline (no SSE4.1 roundsd) std::round is a call into libm, and every log
// read and Lambda batch rounds byte counts several times per shard and step.
#ifndef KDS_MODELS_FAST_ROUND_HPP_
#define KDS_MODELS_FAST_ROUND_HPP_

#include <cmath>
#include <cstdint>

namespace kds::models {

inline double round_half_away(double x) {
  // From 2^52 on every double is a whole number (and NaN or infinity rounds to itself).
  if (!(std::fabs(x) < 4503599627370496.0)) return x;
  const double t = static_cast<double>(static_cast<int64_t>(x));  // truncation, exact
  const double d = x - t;                                         // exact
  // Branch-free: the fraction is as often above a half as below.
  const double r = t + static_cast<double>(d >= 0.5) - static_cast<double>(d <= -0.5);
  return std::copysign(r, x);  // std::round(-0.3) is -0.0
}

}  // namespace kds::models

#endif  // KDS_MODELS_FAST_ROUND_HPP_
