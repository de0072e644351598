#include "models/slo.hpp"

#include <algorithm>

namespace kds::models {

double write_throttle_ratio(const StreamResult& stream) {
  return stream.put_attempts > 0 ? static_cast<double>(stream.write_throttled_records) /
                                       static_cast<double>(stream.put_attempts)
                                 : 0.0;
}

SloVerdict evaluate_slo(const SloSpec& slo, const RunResult& run) {
  SloVerdict verdict;
  auto check = [&](const std::string& what, const std::string& consumer, double limit,
                   double value) {
    if (value > limit) verdict.violations.push_back({what, consumer, limit, value});
  };
  for (const auto& consumer : run.consumers) {
    if (slo.max_iterator_age_s) {
      check("max_iterator_age", consumer.name, *slo.max_iterator_age_s,
            consumer.iterator_age_ms.max() / 1000.0);
    }
    if (slo.max_propagation_delay_s) {
      // A record left unprocessed at the end has waited at least its age so far.
      check("max_propagation_delay", consumer.name, *slo.max_propagation_delay_s,
            std::max(consumer.propagation_delay_ms.max(), consumer.oldest_unprocessed_age_ms) /
                1000.0);
    }
    if (slo.p99_propagation_delay_s) {
      check("p99_propagation_delay", consumer.name, *slo.p99_propagation_delay_s,
            consumer.propagation_delay_ms.quantile(0.99) / 1000.0);
    }
    if (slo.max_lost_records) {
      check("max_lost_records", consumer.name, static_cast<double>(*slo.max_lost_records),
            static_cast<double>(consumer.lost_records));
    }
  }
  if (slo.max_write_throttle_ratio) {
    check("max_write_throttle_ratio", "", *slo.max_write_throttle_ratio,
          write_throttle_ratio(run.stream));
  }
  verdict.met = verdict.violations.empty();
  return verdict;
}

}  // namespace kds::models
