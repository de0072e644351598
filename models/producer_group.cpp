// Arrivals: a Poisson group draws each shard's count from Poisson(expected), since splitting a
// Poisson stream by key share gives independent Poisson streams; a uniform group carries the
// fractional part. Retries: a throttled offer from slice k was sent, on average, at the middle of
// the slice; its entries learn of the throttle put_latency later and wait a backoff drawn from the
// window, so they are spread over the later slices in proportion to the window's overlap. A retry
// is never due before slice k+1 (the slice model cannot send twice within one slice).
// PutRecords requests: each instance flushes a batch when it holds max_records entries (or 10 MiB)
// or when linger expires, so requests per slice are about instances * max(r / batch, min(r, slice /
// linger)) for r records per instance.
#include "models/producer_group.hpp"

#include <algorithm>
#include <cmath>

#include "models/limits.hpp"
#include "models/retry_backoff.hpp"

namespace kds::models {

ProducerGroup::ProducerGroup(const ProducerSpec& spec, const Scenario& scenario,
                             const std::vector<HashKeyRange>& ranges, uint64_t seed)
    : spec_(spec),
      slice_s_(scenario.engine.time_slice_s),
      duration_s_(scenario.duration_s),
      put_latency_s_(scenario.service.put_latency_s),
      rate_(spec.rate),
      keys_(spec.keys, scenario.service.random_key_bytes),
      sizes_(spec.record_bytes, keys_.mean_key_bytes(), scenario.max_record_size_kib * 1024.0),
      put_payload_units_per_record_(sizes_.mean_rounded_units(scenario.prices.put_payload_unit_bytes)),
      on_demand_billed_bytes_per_record_(scenario.prices.on_demand_data_in_rounding_bytes *
                                         sizes_.mean_rounded_units(scenario.prices.on_demand_data_in_rounding_bytes)),
      shares_(keys_.shard_shares(ranges)),
      uniform_carry_(ranges.size(), 0.0),
      rng_(seed) {
  // The ring must reach past the longest backoff plus the put latency and the slice itself.
  for (const EventSpec& e : scenario.events) {
    if (e.kind == EventSpec::Kind::kStopProducer && e.target == spec.name) stopped_.push_back({e.at_s, e.until_s()});
  }
  const double horizon_s = spec.max_delay_s + put_latency_s_ + 2 * slice_s_;
  retry_ring_.resize(static_cast<size_t>(std::ceil(horizon_s / slice_s_)) + 2);
}

void ProducerGroup::offer(int64_t k, std::vector<PutOffer>& offers) {
  const double t0 = static_cast<double>(k) * slice_s_;
  // The scenario may end inside its last slice; a stopped group sends nothing while stopped.
  const double t1 = std::min(t0 + slice_s_, duration_s_);
  double stopped_s = 0;
  for (const auto& [from, until] : stopped_) stopped_s += std::max(0.0, std::min(t1, until) - std::max(t0, from));
  const double expected = rate_.records_between(t0, t1) * std::max(0.0, 1.0 - stopped_s / (t1 - t0));
  int64_t sent = 0;
  if (expected > 0) {
    for (size_t s = 0; s < shares_.size(); ++s) {
      if (shares_[s] <= 0) continue;
      const double mean = expected * shares_[s];
      int64_t records = 0;
      if (spec_.arrivals == Arrivals::kPoisson) {
        records = poisson_.draw(mean, rng_);
      } else {
        uniform_carry_[s] += mean;
        records = static_cast<int64_t>(uniform_carry_[s]);
        uniform_carry_[s] -= static_cast<double>(records);
      }
      if (records == 0) continue;
      if (sizes_.oversize_fraction() > 0) {
        // The API rejects records over the size limit before any throttling (ValidationException).
        const int64_t oversize = std::binomial_distribution<int64_t>(records, sizes_.oversize_fraction())(rng_);
        totals_.oversize_rejected_records += oversize;
        records -= oversize;
        if (records == 0) continue;
      }
      offers.push_back({static_cast<int>(s), 1, records, sizes_.draw_total_bytes(records, rng_)});
      sent += records;
    }
  }
  // A stopped producer process loses the retries it was holding: they are dropped and counted.
  const double middle_s = t0 + slice_s_ / 2;
  const bool stopped = std::any_of(stopped_.begin(), stopped_.end(),
                                   [&](const auto& w) { return middle_s >= w.first && middle_s < w.second; });
  std::vector<PutOffer>& due = retry_slot(k);
  for (const PutOffer& retry : due) {
    if (stopped) {
      totals_.dropped_records += retry.records;
      continue;
    }
    offers.push_back(retry);
    sent += retry.records;
  }
  due.clear();
  totals_.put_attempts += sent;

  if (sent > 0) {
    const double per_instance = static_cast<double>(sent) / spec_.instances;
    double calls_per_instance = per_instance;  // PutRecord: one request per record
    if (spec_.api == PutApi::kPutRecords) {
      const double record_bytes = sizes_.mean_data_bytes() + keys_.mean_key_bytes();
      const double batch = std::max(1.0, std::min<double>(spec_.max_records, std::floor(kMaxBytesPerPutRecords / record_bytes)));
      const double flushes = spec_.linger_s > 0 ? slice_s_ / spec_.linger_s : per_instance;
      calls_per_instance = std::max(per_instance / batch, std::min(per_instance, flushes));
    }
    totals_.put_calls += calls_per_instance * spec_.instances;
  }
}

void ProducerGroup::settle(int64_t k, const PutOffer& offer, int64_t accepted) {
  totals_.accepted_records += accepted;
  const int64_t throttled = offer.records - accepted;
  if (throttled <= 0) return;
  totals_.throttled_records += throttled;
  const double throttled_bytes = offer.data_bytes * static_cast<double>(throttled) / static_cast<double>(offer.records);
  if (offer.attempt >= spec_.max_attempts) {
    totals_.dropped_records += throttled;
    return;
  }
  schedule_retry(k, offer, throttled, std::round(throttled_bytes));
}

void ProducerGroup::schedule_retry(int64_t k, const PutOffer& offer, int64_t records, double data_bytes) {
  const DelayWindow window = backoff_window(spec_, offer.attempt);
  const double sent_s = (static_cast<double>(k) + 0.5) * slice_s_ + put_latency_s_;
  const double from_s = sent_s + window.min_s, to_s = sent_s + window.max_s;
  const auto first = std::max<int64_t>(k + 1, static_cast<int64_t>(std::floor(from_s / slice_s_)));
  const auto last = std::max<int64_t>(first, static_cast<int64_t>(std::floor(to_s / slice_s_)));
  // Largest-remainder split of the records over slices first..last by overlap with the window.
  int64_t left_records = records;
  double left_bytes = data_bytes;
  double left_weight = 0;
  std::vector<double> weights;
  for (int64_t j = first; j <= last; ++j) {
    double w = 1.0;
    if (to_s > from_s) {
      const double lo = std::max(from_s, static_cast<double>(j) * slice_s_);
      const double hi = std::min(to_s, static_cast<double>(j + 1) * slice_s_);
      w = std::max(0.0, hi - lo);
    }
    weights.push_back(w);
    left_weight += w;
  }
  if (left_weight <= 0) {  // the whole window fell before slice k+1
    weights.assign(1, 1.0);
    left_weight = 1.0;
  }
  for (size_t i = 0; i < weights.size() && left_records > 0; ++i) {
    const bool last_slot = i + 1 == weights.size() || left_weight <= weights[i];
    const auto part = last_slot ? left_records
                                : static_cast<int64_t>(std::llround(static_cast<double>(left_records) * weights[i] / left_weight));
    left_weight -= weights[i];
    if (part <= 0) continue;
    const double part_bytes = std::round(left_bytes * static_cast<double>(part) / static_cast<double>(left_records));
    retry_slot(first + static_cast<int64_t>(i)).push_back({offer.shard, offer.attempt + 1, part, part_bytes});
    left_records -= part;
    left_bytes -= part_bytes;
  }
}

}  // namespace kds::models
