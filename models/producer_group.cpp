// Arrivals: a Poisson group draws each shard's count from Poisson(expected), since splitting a
// Poisson stream by key share gives independent Poisson streams; a uniform group carries the
// fractional part. Retries: a throttled offer from slice k was sent, on average, at the middle of
// the slice; its entries learn of the throttle put_latency later and wait a backoff drawn from the
// window, so they are spread over the later slices in proportion to the window's overlap. A retry
// is never due before slice k+1 (the slice model cannot send twice within one slice).
// PutRecords requests: per instance about max(r / batch, min(r, slice / linger)) per slice for r
// records (KDS records under KPL), since a request leaves when full or when linger expires.
#include "models/producer_group.hpp"

#include <algorithm>
#include <unordered_map>
#include <cmath>

#include "models/limits.hpp"
#include "models/retry_backoff.hpp"

namespace kds::models {

namespace {
// KPL collection defaults (fact sheet §10 [KPL-CONF]): CollectionMaxCount, CollectionMaxSize.
constexpr double kKplCollectionMaxCount = 500;
constexpr double kKplCollectionMaxBytes = 5.0 * 1024 * 1024;
// KPL aggregated-record format (fact sheet §10 [KPL-AGG]): a 4-byte magic number and a 16-byte MD5
// around a protobuf; each user record adds its key index, length prefixes and tags, about 6 bytes.
constexpr double kAggregateOverheadBytes = 20;
constexpr double kPerUserRecordOverheadBytes = 6;
}  // namespace

ProducerGroup::ProducerGroup(const ProducerSpec& spec, const Scenario& scenario, uint64_t seed)
    : spec_(spec),
      slice_s_(scenario.engine.time_slice_s),
      duration_s_(scenario.duration_s),
      put_latency_s_(scenario.service.put_latency_s),
      rate_(spec.rate),
      keys_(spec.keys, scenario.service.random_key_bytes),
      sizes_(spec.record_bytes, keys_.mean_key_bytes(), scenario.max_record_size_kib * 1024.0),
      put_payload_unit_bytes_(scenario.prices.put_payload_unit_bytes),
      on_demand_rounding_bytes_(scenario.prices.on_demand_data_in_rounding_bytes),
      put_payload_units_per_record_(
          sizes_.mean_rounded_units(scenario.prices.put_payload_unit_bytes)),
      on_demand_billed_bytes_per_record_(
          scenario.prices.on_demand_data_in_rounding_bytes *
          sizes_.mean_rounded_units(scenario.prices.on_demand_data_in_rounding_bytes)),
      stopped_(scenario.events, EventSpec::Kind::kStopProducer, spec.name),
      rng_(seed) {
  // The ring must reach past the longest backoff plus the put latency and the slice itself.
  const double horizon_s = spec.max_delay_s + put_latency_s_ + 2 * slice_s_;
  retry_ring_.resize(static_cast<size_t>(std::ceil(horizon_s / slice_s_)) + 2);
  retry_slot_merged_size_.assign(retry_ring_.size(), 0);
}

int64_t ProducerGroup::draw_fresh(int64_t k, std::vector<PutOffer>& offers) {
  const double t0 = static_cast<double>(k) * slice_s_;
  // The scenario may end inside its last slice; a stopped group sends nothing while stopped.
  const double t1 = std::min(t0 + slice_s_, duration_s_);
  const double stopped_s = stopped_.stopped_seconds(t0, t1);
  const double expected =
      rate_.records_between(t0, t1) * std::max(0.0, 1.0 - stopped_s / (t1 - t0));
  int64_t sent = 0;
  if (expected <= 0) return 0;
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
      const int64_t oversize =
          std::binomial_distribution<int64_t>(records, sizes_.oversize_fraction())(rng_);
      totals_.oversize_rejected_records += oversize;
      records -= oversize;
      if (records == 0) continue;
    }
    const double data_bytes = sizes_.draw_total_bytes(records, rng_);
    offers.push_back(
        {static_cast<int>(s), 1, records, data_bytes, kds_records_for(records, data_bytes)});
    sent += records;
  }
  return sent;
}

void ProducerGroup::draw_ahead(int64_t k) {
  ahead_.k = k;
  ahead_.map_version = map_version_;
  ahead_.rng_before = rng_;
  ahead_.poisson_before = poisson_;
  if (spec_.arrivals == Arrivals::kUniform) ahead_.uniform_carry_before = uniform_carry_;
  ahead_.offers.clear();
  const int64_t oversize_before = totals_.oversize_rejected_records;
  ahead_.records = draw_fresh(k, ahead_.offers);
  ahead_.oversize_rejected_records = totals_.oversize_rejected_records - oversize_before;
}

void ProducerGroup::offer(int64_t k, std::vector<PutOffer>& offers) {
  const double t0 = static_cast<double>(k) * slice_s_;
  const size_t first_offer = offers.size();
  int64_t sent = 0;
  if (ahead_.k == k && ahead_.map_version == map_version_) {
    offers.insert(offers.end(), ahead_.offers.begin(), ahead_.offers.end());
    sent = ahead_.records;
  } else {
    if (ahead_.k == k) {  // drawn for a shard map that changed since: draw again, the same way
      rng_ = ahead_.rng_before;
      poisson_ = ahead_.poisson_before;
      if (spec_.arrivals == Arrivals::kUniform) {
        uniform_carry_ = ahead_.uniform_carry_before;
        uniform_carry_.resize(shares_.size(), 0.0);
      }
      totals_.oversize_rejected_records -= ahead_.oversize_rejected_records;
    }
    sent = draw_fresh(k, offers);
  }
  ahead_.k = -1;
  // A stopped producer process loses the retries it was holding: they are dropped and counted.
  const bool stopped = stopped_.contains(t0 + slice_s_ / 2);
  std::vector<PutOffer>& due = retry_slot(k);
  merge_retries(due);  // one offer per shard and attempt, however the retries were scheduled
  for (const PutOffer& retry : due) {
    if (stopped) {
      totals_.dropped_records += retry.records;
      continue;
    }
    resend(retry, offers);
    sent += retry.records;
  }
  due.clear();
  retry_slot_merged_size_[static_cast<size_t>(k) % retry_ring_.size()] = 0;
  totals_.put_attempts += sent;
  count_put_requests(offers, first_offer);
}

void ProducerGroup::reroute(const std::vector<HashKeyRange>& ranges, const std::vector<bool>& open,
                            const std::vector<int>& open_in_key_order) {
  std::vector<HashKeyRange> open_ranges;
  for (int s : open_in_key_order) open_ranges.push_back(ranges[static_cast<size_t>(s)]);
  const std::vector<double> open_shares = keys_.shard_shares(open_ranges);
  shares_.assign(ranges.size(), 0.0);
  for (size_t i = 0; i < open_in_key_order.size(); ++i)
    shares_[static_cast<size_t>(open_in_key_order[i])] = open_shares[i];
  uniform_carry_.resize(ranges.size(), 0.0);
  ++map_version_;
  // A closed shard's keys now lie in the open shards overlapping its range: weigh each by the
  // group's share of it times the part of it inside the closed range (exact for a split).
  successors_.assign(ranges.size(), {});
  for (size_t c = 0; c < ranges.size(); ++c) {
    if (open[c]) continue;
    double total = 0;
    for (size_t i = 0; i < open_in_key_order.size(); ++i) {
      const double inside = overlap_fraction(open_ranges[i], ranges[c]);
      if (inside <= 0) continue;
      const double weight = open_shares[i] * inside + 1e-12 * inside;  // no traffic: by width
      successors_[c].push_back({open_in_key_order[i], weight});
      total += weight;
    }
    for (auto& successor : successors_[c]) successor.second /= total;
  }
}

void ProducerGroup::resend(const PutOffer& retry, std::vector<PutOffer>& offers) const {
  const auto shard_index = static_cast<size_t>(retry.shard);
  if (shard_index >= successors_.size() || successors_[shard_index].empty()) {  // still open
    PutOffer resent = retry;
    resent.kds_records = kds_records_for(retry.records, retry.data_bytes);
    offers.push_back(resent);
    return;
  }
  // Cumulative rounding: the parts add up to the retry exactly.
  double cumulative = 0;
  int64_t records_before = 0;
  double bytes_before = 0;
  const auto& successors = successors_[shard_index];
  for (size_t i = 0; i < successors.size(); ++i) {
    const auto [shard, weight] = successors[i];
    cumulative += weight;
    const bool last = i + 1 == successors.size();
    const int64_t records_upto =
        last ? retry.records
             : static_cast<int64_t>(
                   std::llround(static_cast<double>(retry.records) * std::min(1.0, cumulative)));
    const double bytes_upto = last ? retry.data_bytes
                                   : retry.data_bytes * static_cast<double>(records_upto) /
                                         static_cast<double>(retry.records);
    const int64_t part = records_upto - records_before;
    if (part > 0) {
      const double part_bytes = bytes_upto - bytes_before;
      offers.push_back({shard, retry.attempt, part, part_bytes, kds_records_for(part, part_bytes)});
    }
    records_before = records_upto;
    bytes_before = bytes_upto;
  }
}

// Each instance flushes a request when it holds a full batch or when linger expires (KPL:
// CollectionMaxCount 500 and CollectionMaxSize 5 MiB of KDS records, flushed every
// max_buffered_time).
void ProducerGroup::count_put_requests(const std::vector<PutOffer>& offers, size_t first_offer) {
  double kds_records = 0, bytes = 0;
  for (size_t i = first_offer; i < offers.size(); ++i) {
    kds_records += static_cast<double>(offers[i].kds_records);
    bytes += limit_bytes(offers[i]);
  }
  if (kds_records <= 0) return;
  const double per_instance = kds_records / spec_.instances;
  double calls_per_instance = per_instance;  // PutRecord: one request per record
  if (spec_.api == PutApi::kPutRecords || spec_.kpl) {
    const double max_records = spec_.kpl ? kKplCollectionMaxCount : spec_.max_records;
    const double max_bytes = spec_.kpl ? kKplCollectionMaxBytes : kMaxBytesPerPutRecords;
    const double linger_s = spec_.kpl ? spec_.kpl_max_buffered_time_s : spec_.linger_s;
    const double batch =
        std::max(1.0, std::min(max_records, std::floor(max_bytes / (bytes / kds_records))));
    const double flushes = linger_s > 0 ? slice_s_ / linger_s : per_instance;
    calls_per_instance = std::max(per_instance / batch, std::min(per_instance, flushes));
  }
  totals_.put_calls += calls_per_instance * spec_.instances;
}

// With aggregation, user records of a shard fill aggregates of at most aggregation_max_bytes, and
// the aggregator flushes each shard's buffer at least every max_buffered_time: the KDS records are
// the larger of what the bytes need and the buffered-time windows that saw a record (expected
// count for Poisson arrivals). T25: 1,000 records/s of 512 B -> about 10 records/s of about 50 KB.
int64_t ProducerGroup::kds_records_for(int64_t records, double data_bytes) const {
  if (!spec_.aggregates() || records <= 0) return records;
  const double key = keys_.mean_key_bytes();
  const double per_user =
      data_bytes / static_cast<double>(records) + key + kPerUserRecordOverheadBytes;
  const double room = spec_.kpl_aggregation_max_bytes - kAggregateOverheadBytes - key;
  // A user record larger than the limit bypasses the aggregator (KPL-CONF): one KDS record each.
  const double per_aggregate = std::max(1.0, std::floor(room / per_user));
  const double by_size = std::ceil(static_cast<double>(records) / per_aggregate);
  const double windows = std::max(1.0, slice_s_ / spec_.kpl_max_buffered_time_s);
  const double by_time =
      std::round(windows * (1.0 - std::exp(-static_cast<double>(records) / windows)));
  return std::clamp<int64_t>(static_cast<int64_t>(std::max(by_size, by_time)), 1, records);
}

double ProducerGroup::limit_bytes(const PutOffer& offer) const {
  const double key = keys_.mean_key_bytes();
  const auto records = static_cast<double>(offer.records);
  if (!spec_.aggregates()) return offer.data_bytes + records * key;
  return offer.data_bytes + records * (key + kPerUserRecordOverheadBytes) +
         static_cast<double>(offer.kds_records) * (kAggregateOverheadBytes + key);
}

double ProducerGroup::billed_units(const PutOffer& offer, int64_t kds_records, double unit_bytes,
                                   double units_per_plain_record) const {
  if (!spec_.aggregates()) return static_cast<double>(kds_records) * units_per_plain_record;
  // The aggregator fills records up to aggregation_max_bytes and sends the rest in a smaller one;
  // when buffered-time flushes make more records than the bytes need, they share the bytes evenly.
  const double bytes = limit_bytes(offer);
  const double full_size = spec_.kpl_aggregation_max_bytes;
  double units = 0;
  if (static_cast<double>(offer.kds_records) <= std::ceil(bytes / full_size)) {
    const double full = std::floor(bytes / full_size);
    const double rest = bytes - full * full_size;
    units =
        full * std::ceil(full_size / unit_bytes) + (rest > 0 ? std::ceil(rest / unit_bytes) : 0.0);
  } else {
    const auto n = static_cast<double>(offer.kds_records);
    units = n * std::ceil(bytes / n / unit_bytes);
  }
  // Throttled aggregates are not billed: bill the stored share.
  return units * static_cast<double>(kds_records) / static_cast<double>(offer.kds_records);
}

double ProducerGroup::put_payload_units(const PutOffer& offer, int64_t kds_records) const {
  return billed_units(offer, kds_records, put_payload_unit_bytes_, put_payload_units_per_record_);
}

double ProducerGroup::on_demand_billed_bytes(const PutOffer& offer, int64_t kds_records) const {
  return on_demand_rounding_bytes_ *
         billed_units(offer, kds_records, on_demand_rounding_bytes_,
                      on_demand_billed_bytes_per_record_ / on_demand_rounding_bytes_);
}

void ProducerGroup::settle(int64_t k, const PutOffer& offer, int64_t accepted) {
  totals_.accepted_records += accepted;
  const int64_t throttled = offer.records - accepted;
  if (throttled <= 0) return;
  totals_.throttled_records += throttled;
  const double throttled_bytes =
      offer.data_bytes * static_cast<double>(throttled) / static_cast<double>(offer.records);
  if (offer.attempt >= spec_.max_attempts) {
    totals_.dropped_records += throttled;
    return;
  }
  schedule_retry(k, offer, throttled, std::round(throttled_bytes));
}

void ProducerGroup::schedule_retry(int64_t k, const PutOffer& offer, int64_t records,
                                   double data_bytes) {
  const DelayWindow window = backoff_window(spec_, offer.attempt);
  const double sent_s = (static_cast<double>(k) + 0.5) * slice_s_ + put_latency_s_;
  const double from_s = sent_s + window.min_s, to_s = sent_s + window.max_s;
  const auto first = std::max<int64_t>(k + 1, static_cast<int64_t>(std::floor(from_s / slice_s_)));
  const auto last = std::max<int64_t>(first, static_cast<int64_t>(std::floor(to_s / slice_s_)));
  // The records split over slices first..last by their overlap with the window, by cumulative
  // rounding: slice i gets round(R x W_i / W) - round(R x W_(i-1) / W) of R records, with W_i the
  // weight up to it, so a few records land where the window's middle is (rounding each slice's
  // share of what was left put a single record in the window's second-to-last slice every time).
  std::vector<double> weights;
  double total_weight = 0;
  for (int64_t j = first; j <= last; ++j) {
    double w = 1.0;
    if (to_s > from_s) {
      const double lo = std::max(from_s, static_cast<double>(j) * slice_s_);
      const double hi = std::min(to_s, static_cast<double>(j + 1) * slice_s_);
      w = std::max(0.0, hi - lo);
    }
    weights.push_back(w);
    total_weight += w;
  }
  if (total_weight <= 0) {  // the whole window fell before slice k+1
    weights.assign(1, 1.0);
    total_weight = 1.0;
  }
  const auto total = static_cast<double>(records);
  double weight_upto = 0;
  int64_t records_before = 0;
  double bytes_before = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    weight_upto += weights[i];
    const bool last_slot = i + 1 == weights.size();
    const int64_t records_upto =
        last_slot ? records
                  : std::min(records, static_cast<int64_t>(
                                          std::llround(total * weight_upto / total_weight)));
    if (records_upto <= records_before) continue;
    const double bytes_upto =
        last_slot ? data_bytes
                  : std::round(data_bytes * static_cast<double>(records_upto) / total);
    add_retry(first + static_cast<int64_t>(i),
              {offer.shard, offer.attempt + 1, records_upto - records_before,
               bytes_upto - bytes_before, 0});
    records_before = records_upto;
    bytes_before = bytes_upto;
  }
}

// Each throttled offer spreads its retries over the slices of its backoff window, so a slot
// receives one entry per shard, attempt and slice it was throttled in: under throttling at every
// attempt the entries multiply by the window's width at each attempt (at a rate no stream admits,
// 2,000 entries per shard and slot, 380 MB for 1,000 shards). A slot that doubled since its last
// merge is merged (merge_retries): it then holds at most shards x max_attempts entries.
void ProducerGroup::add_retry(int64_t k, const PutOffer& retry) {
  std::vector<PutOffer>& slot = retry_slot(k);
  slot.push_back(retry);
  size_t& merged_size = retry_slot_merged_size_[static_cast<size_t>(k) % retry_ring_.size()];
  if (slot.size() < 2 * std::max(kRetriesBeforeMerging, merged_size)) return;
  merge_retries(slot);
  merged_size = slot.size();
}

// Entries of one shard and attempt become one, in the place of the first (the slot's order is
// otherwise kept). Merging is associative, so a slot merged when it grew and again when it is due
// gives what merging it once when due gives: results never depend on when memory was saved.
void ProducerGroup::merge_retries(std::vector<PutOffer>& slot) {
  if (slot.size() < 2) return;
  std::unordered_map<uint64_t, size_t> merged_at;
  merged_at.reserve(slot.size());
  size_t kept = 0;
  for (size_t i = 0; i < slot.size(); ++i) {
    const uint64_t key = (static_cast<uint64_t>(static_cast<uint32_t>(slot[i].shard)) << 32) |
                         static_cast<uint32_t>(slot[i].attempt);
    const auto [at, first] = merged_at.try_emplace(key, kept);
    if (first) {
      slot[kept++] = slot[i];
    } else {
      slot[at->second].records += slot[i].records;
      slot[at->second].data_bytes += slot[i].data_bytes;
    }
  }
  slot.resize(kept);
}

}  // namespace kds::models
