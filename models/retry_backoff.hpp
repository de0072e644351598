// Exponential backoff with jitter for throttled put entries (SPEC §2 `retry`; the AWS SDK's retry
// policy). After failed attempt a (1-based) the cap is min(max_delay, base_delay * 2^(a-1)) and the
// delay is drawn from [0, cap] (full jitter), [cap/2, cap] (equal jitter) or is the cap (none).
#ifndef KDS_MODELS_RETRY_BACKOFF_HPP_
#define KDS_MODELS_RETRY_BACKOFF_HPP_

#include <algorithm>
#include <cmath>

#include "models/scenario.hpp"

namespace kds::models {

struct DelayWindow {
  double min_s;
  double max_s;
};

inline DelayWindow backoff_window(const ProducerSpec& spec, int failed_attempt) {
  const double cap =
      std::min(spec.max_delay_s, spec.base_delay_s * std::pow(2.0, failed_attempt - 1));
  switch (spec.jitter) {
    case Jitter::kFull:
      return {0.0, cap};
    case Jitter::kEqual:
      return {cap / 2, cap};
    case Jitter::kNone:
      break;
  }
  return {cap, cap};
}

}  // namespace kds::models

#endif  // KDS_MODELS_RETRY_BACKOFF_HPP_
