// How long an application takes to process a batch (SPEC §2 consumers[].processing):
// per_batch + per_record * records + per_mib * MiB, times (1 + U(-jitter, jitter)).
#ifndef KDS_MODELS_PROCESSING_TIME_HPP_
#define KDS_MODELS_PROCESSING_TIME_HPP_

#include <cstdint>
#include <random>

#include "models/scenario.hpp"
#include "models/units.hpp"

namespace kds::models {

inline double processing_time_s(const ProcessingSpec& p, int64_t records, double bytes,
                                std::mt19937_64& rng) {
  double t = p.per_batch_s + p.per_record_s * static_cast<double>(records) +
             p.per_mib_s * bytes / kBytesPerMiB;
  if (p.jitter > 0 && t > 0)
    t *= 1.0 + std::uniform_real_distribution<double>(-p.jitter, p.jitter)(rng);
  return t;
}

}  // namespace kds::models

#endif  // KDS_MODELS_PROCESSING_TIME_HPP_
