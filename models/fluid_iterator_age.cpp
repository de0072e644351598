// The floors are what the simulator's logs give a caught-up reader (README "latencies": records
// of a 1 s slice arrive evenly and become readable 25 ms later); the first-read and last-read ages
// are the transients that make a caught-up consumer's max IteratorAge: a late start, a restart, a
// reshard's child read after its parents (T20), the last call on a closed parent.
#include "models/fluid_iterator_age.hpp"

#include <algorithm>
#include <cmath>

#include "models/fluid_service_rates.hpp"
#include "models/limits.hpp"

namespace kds::models {

namespace {
using Eigen::ArrayXd;

double poll_interval_s(const ConsumerSpec& spec, const Scenario& scenario) {
  if (spec.type == ConsumerType::kLambda)
    return std::max(scenario.engine.time_slice_s, spec.batching_window_s);
  if (spec.type == ConsumerType::kPolling)
    return spec.idle_time_between_reads_s + scenario.service.get_records_latency_s;
  return scenario.engine.time_slice_s;
}
}  // namespace

FluidFirstRead fluid_first_read(const ConsumerSpec& spec, const Scenario& scenario, double backlog,
                                double bytes_per_record) {
  FluidFirstRead read;
  read.records = backlog;
  switch (spec.type) {
    case ConsumerType::kPolling:
      read.records = std::min({backlog, static_cast<double>(spec.max_records),
                               kMaxBytesPerGetRecords / bytes_per_record});
      break;
    case ConsumerType::kEfo:
      read.records =
          std::min(backlog, kShardReadBytesPerS * scenario.engine.time_slice_s / bytes_per_record);
      break;
    case ConsumerType::kLambda:
      read.records = std::min(
          {backlog, static_cast<double>(spec.batch_size), kLambdaPayloadBytes / bytes_per_record});
      read.extra_s = spec.per_invoke_s + spec.per_record_invoke_s * read.records;
      break;
  }
  read.reports_age = spec.type == ConsumerType::kLambda || read.records < backlog;
  return read;
}

ArrayXd lambda_hot_lane_busy_s(const ConsumerSpec& spec, const Scenario& scenario,
                               const ArrayXd& records_per_s, const ArrayXd& hot_lane_share,
                               const ArrayXd& full_batch) {
  // The hot lane's batches of one poll run one after the other.
  const ArrayXd per_poll = records_per_s * poll_interval_s(spec, scenario) * hot_lane_share;
  return (per_poll / full_batch).ceil().max(1.0) * spec.per_invoke_s +
         per_poll * spec.per_record_invoke_s;
}

ArrayXd caught_up_iterator_age_ms(const ConsumerSpec& spec, const Scenario& scenario,
                                  const ArrayXd& records_per_s, const ArrayXd& hot_lane_share,
                                  const ArrayXd& full_batch) {
  const Eigen::Index n = records_per_s.size();
  if (spec.type == ConsumerType::kEfo) return ArrayXd::Zero(n);
  const double propagation = scenario.service.propagation_s;
  const ArrayXd spacing_s =
      (records_per_s > 0)
          .select((1.0 / records_per_s.max(1e-12)).min(poll_interval_s(spec, scenario)), 0.0);
  ArrayXd age_s = propagation + spacing_s;
  if (spec.type == ConsumerType::kLambda) {
    // The last batch of a poll holds the newest records: its age ends with the hot lane's work.
    age_s += lambda_hot_lane_busy_s(spec, scenario, records_per_s, hot_lane_share, full_batch);
  }
  return (records_per_s > 0).select(age_s * 1000.0, 0.0);
}

double poisson_low_quantile(double mu, double p) {
  // Sum the pmf from 12 standard deviations below the mean, where it is below any p used here.
  double c = std::max(0.0, std::floor(mu - 12.0 * std::sqrt(mu)));
  double cdf = 0;
  for (;; c += 1.0) {
    cdf += std::exp(c * std::log(mu) - mu - std::lgamma(c + 1.0));
    if (cdf >= p || c >= mu) return c;
  }
}

double polling_max_caught_up_age_ms(const Scenario& scenario, double cycle_s, double records_per_s,
                                    double calls) {
  const double slice_s = scenario.engine.time_slice_s;
  const double fewest =
      std::max(1.0, poisson_low_quantile(records_per_s * slice_s, 1.0 / std::max(1.0, calls)));
  return (scenario.service.propagation_s + std::min(slice_s / fewest, cycle_s)) * 1000.0;
}

double polling_last_read_age_ms(double cycle_s, int shards_closed, double waited_s) {
  const double k = shards_closed;
  return 1000.0 * std::max(waited_s, cycle_s * k / (k + 1.0));
}

}  // namespace kds::models
