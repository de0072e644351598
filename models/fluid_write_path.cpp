// The write path as flows. Per step and shard: the offered KDS records F_r and bytes F_b (data +
// keys, plus the aggregation format under KPL) and the limits, per 1 s slice of the simulator,
// c_r = 1,000 records and c_b = 1 MiB (fact sheet §1, T1); on demand, the shard's share of the
// stream-wide capacity when that is lower (phi x what the shard can take).
//
// Retries as a flow. The simulator admits a slice's offers in proportion, fresh and retried alike,
// and a throttled record comes back within a few seconds (its backoff, at most max_delay, is short
// next to a step). So in steady state every attempt is throttled with the same probability p, a
// record is dropped after max_attempts m throttled attempts, and per fresh record
//   attempts = 1 + p + ... + p^(m-1) = (1 - p^m) / (1 - p),   stored = 1 - p^m,   dropped = p^m.
// p is the share of a slice's offers O(p) = F_r (1 - p^m) / (1 - p) over the limits:
//   p = E[(N - c)+] / O(p),   N ~ Normal(O(p), var)
// (var: Poisson counts of the fresh records and of the retries, and the spread of record sizes;
// for bytes the same with c_b). This one equation covers both regimes:
//  - saturated (F_r > c_r): E[(N - c)+] ~ O - c, so the shard stores c per slice, whatever m is,
//    and drops the rest: one shard offered 2,000 records/s stores 1,000/s and with m = 1 half of
//    the attempts are throttled (T1); with m = 10, p = 0.5^(1/10) = 0.933;
//  - below the limit: a Poisson slice still exceeds its bucket now and then; those records are
//    retried, and near the limit the retries themselves fill the slices (at exactly 1,000
//    records/s the simulator throttles about a third of the attempts).
// It is solved per shard by bisection, only for shards offered more than a quarter of a limit.
//
// Approximations: rates are averaged over a step (a burst shorter than the step is smoothed);
// the write bucket's burst (service.write_burst) is taken as one slice; groups with different m
// share one p; under KPL the aggregate count per slice follows ProducerGroup::kds_records_for on
// the mean rate; billing uses the size distribution's mean rounded units, as the simulator does.
#include "models/fluid_write_path.hpp"

#include <algorithm>
#include <cmath>

#include "models/limits.hpp"
#include "models/record_size_distribution.hpp"
#include "models/units.hpp"

namespace kds::models {

namespace {
// KPL aggregated-record format (fact sheet §10 [KPL-AGG]), as models/producer_group.cpp counts it:
// 4-byte magic number and 16-byte MD5 per aggregate, about 6 bytes per user record.
constexpr double kAggregateOverheadBytes = 20;
constexpr double kPerUserRecordOverheadBytes = 6;
// KDS records/s the on-demand capacity allows per byte/s: 1,000 records/s per MiB/s.
constexpr double kRecordsPerByte = kShardWriteRecordsPerS / kShardWriteBytesPerS;
// Beyond this many standard deviations below the bucket, a slice's excess is taken as zero.
constexpr double kNegligibleZ = 6.0;
// A shard offered less than this share of both limits per slice has no excess worth computing.
constexpr double kFarBelowBucket = 0.25;
// Offers this many standard deviations from a limit make a critical retry pool (notes).
constexpr double kCriticalSd = 3.0;
// Bisections for the throttle probability: 2^-50, far below any count's resolution.
constexpr int kBisections = 50;

// E[(X - c)+] for X ~ Normal(mu, var).
double expected_excess(double mu, double var, double c) {
  if (var <= 0) return std::max(0.0, mu - c);
  const double sigma = std::sqrt(var);
  const double z = (c - mu) / sigma;
  if (z > kNegligibleZ) return 0.0;
  const double density = std::exp(-0.5 * z * z) / std::sqrt(2.0 * M_PI);
  return sigma * density + (mu - c) * 0.5 * std::erfc(z / std::sqrt(2.0));
}
}  // namespace

FluidWritePath::FluidWritePath(const Scenario& scenario)
    : scenario_(scenario), slice_s_(scenario.engine.time_slice_s) {
  double rate_sum = 0, bytes_sum = 0;
  for (const ProducerSpec& spec : scenario.producers) {
    Group g(spec, scenario);
    const RecordSizeDistribution sizes(spec.record_bytes, g.keys.mean_key_bytes(),
                                       scenario.max_record_size_kib * kBytesPerKiB);
    g.mean_data_bytes = sizes.mean_data_bytes();
    g.sd_data_bytes = sizes.stddev_data_bytes();
    g.key_bytes = g.keys.mean_key_bytes();
    g.oversize_fraction = sizes.oversize_fraction();
    g.put_payload_units_per_record =
        sizes.mean_rounded_units(scenario.prices.put_payload_unit_bytes);
    const double rounding = scenario.prices.on_demand_data_in_rounding_bytes;
    g.billed_bytes_per_record = rounding * sizes.mean_rounded_units(rounding);
    g.mean_rate_per_s = scenario.duration_s > 0
                            ? g.rate.records_between(0, scenario.duration_s) / scenario.duration_s
                            : 0.0;
    // The keys as PartitionKeyDistribution names and weighs them (zipf: (i + 1)^-exponent).
    const KeySpec& keys = spec.keys;
    if (keys.kind == KeySpec::Kind::kSingle) {
      g.key_hashes.push_back(hash_partition_key(keys.single_key));
      g.key_weights.push_back(1.0);
    } else if (keys.kind != KeySpec::Kind::kRandom) {
      double total = 0;
      for (long long k = 0; k < keys.count; ++k) {
        const double w = keys.kind == KeySpec::Kind::kZipf
                             ? std::pow(static_cast<double>(k + 1), -keys.zipf_exponent)
                             : 1.0;
        g.key_hashes.push_back(hash_partition_key(PartitionKeyDistribution::key_name(k)));
        g.key_weights.push_back(w);
        total += w;
      }
      for (double& w : g.key_weights) w /= total;
    }
    std::vector<size_t> order(g.key_hashes.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(),
              [&g](size_t a, size_t b) { return g.key_hashes[a] < g.key_hashes[b]; });
    std::vector<HashKey> hashes;
    std::vector<double> weights;
    g.weights_before.assign(1, 0.0);
    for (size_t k : order) {
      hashes.push_back(g.key_hashes[k]);
      weights.push_back(g.key_weights[k]);
      g.weights_before.push_back(g.weights_before.back() + g.key_weights[k]);
      g.key_mod_2520.push_back(static_cast<uint16_t>(g.key_hashes[k] % 2520));
    }
    g.key_hashes = std::move(hashes);
    g.key_weights = std::move(weights);
    // An upper bound of a user record's share of the limit bytes, squared, plus its size spread.
    const double user_bytes =
        g.mean_data_bytes + g.key_bytes +
        (spec.aggregates() ? kPerUserRecordOverheadBytes + kAggregateOverheadBytes + g.key_bytes
                           : 0.0);
    max_user_bytes_squared_ = std::max(max_user_bytes_squared_,
                                       user_bytes * user_bytes + g.sd_data_bytes * g.sd_data_bytes);
    rate_sum += g.mean_rate_per_s;
    bytes_sum += g.mean_rate_per_s * g.mean_data_bytes;
    groups_.push_back(std::move(g));
  }
  mean_record_data_bytes_ = rate_sum > 0 ? bytes_sum / rate_sum : 1.0;
  user_.resize(groups_.size());
  kds_.resize(groups_.size());
  limit_bytes_.resize(groups_.size());
}

std::vector<std::vector<double>> FluidWritePath::lane_shares(
    const Group& g, const std::vector<HashKeyRange>& ranges, int lanes) {
  std::vector<std::vector<double>> shares(ranges.size(),
                                          std::vector<double>(static_cast<size_t>(lanes), 0.0));
  if (g.spec->keys.kind == KeySpec::Kind::kRandom) {
    for (size_t s = 0; s < ranges.size(); ++s) {
      for (double& share : shares[s]) share = ranges[s].fraction() / lanes;
    }
    return shares;
  }
  // A key goes to the range holding its hash and to lane hash mod lanes (2,520 is a multiple of
  // every factor 1..10, so (hash mod 2,520) mod lanes is hash mod lanes).
  const auto& hashes = g.key_hashes;
  for (size_t s = 0; s < ranges.size(); ++s) {
    const auto lo = static_cast<size_t>(
        std::lower_bound(hashes.begin(), hashes.end(), ranges[s].starting_hash_key) -
        hashes.begin());
    const auto hi = static_cast<size_t>(
        std::upper_bound(hashes.begin(), hashes.end(), ranges[s].ending_hash_key) - hashes.begin());
    if (lanes == 1) {
      shares[s][0] = g.weights_before[hi] - g.weights_before[lo];
      continue;
    }
    for (size_t k = lo; k < hi; ++k)
      shares[s][static_cast<size_t>(g.key_mod_2520[k] % lanes)] += g.key_weights[k];
  }
  return shares;
}

double FluidWritePath::load_in(const HashKeyRange& range) const {
  double load = 0;
  for (const Group& g : groups_) load += g.mean_rate_per_s * lane_shares(g, {range}, 1)[0][0];
  return load;
}

void FluidWritePath::reroute(const FluidShardMap& map) {
  std::vector<HashKeyRange> open_ranges;
  for (int s : map.open_in_key_order) open_ranges.push_back(map.ranges[static_cast<size_t>(s)]);
  for (Group& g : groups_) {
    const auto shares = lane_shares(g, open_ranges, 1);
    g.share = Eigen::ArrayXd::Zero(map.count);
    for (size_t i = 0; i < shares.size(); ++i) g.share[map.open_in_key_order[i]] = shares[i][0];
  }
}

std::vector<std::vector<double>> FluidWritePath::load_by_range_and_lane(
    const std::vector<HashKeyRange>& ranges, int lanes) const {
  std::vector<std::vector<double>> load(ranges.size(),
                                        std::vector<double>(static_cast<size_t>(lanes), 0.0));
  for (const Group& g : groups_) {
    const auto shares = lane_shares(g, ranges, lanes);
    for (size_t i = 0; i < shares.size(); ++i) {
      for (size_t l = 0; l < shares[i].size(); ++l) load[i][l] += g.mean_rate_per_s * shares[i][l];
    }
  }
  return load;
}

double FluidWritePath::throttle_probability_memoized(int s, double slices, double phi) {
  throttle_inputs_.clear();
  throttle_inputs_.insert(throttle_inputs_.end(),
                          {slices, phi, offered_kds_[s], offered_bytes_[s]});
  for (size_t i = 0; i < groups_.size(); ++i)
    throttle_inputs_.insert(throttle_inputs_.end(), {kds_[i][s], user_[i][s], limit_bytes_[i][s]});
  if (throttle_inputs_ == last_throttle_inputs_) {
    near_limit_ = near_limit_ || last_throttle_near_limit_;
    return last_throttle_p_;
  }
  const bool near_before = near_limit_;
  near_limit_ = false;
  last_throttle_p_ = throttle_probability(s, slices, phi);
  last_throttle_near_limit_ = near_limit_;
  near_limit_ = near_limit_ || near_before;
  last_throttle_inputs_.swap(throttle_inputs_);
  return last_throttle_p_;
}

double FluidWritePath::throttle_probability(int s, double slices, double phi) {
  // Per 1 s slice: what the shard can store (on demand, its share of the stream's capacity),
  // the fresh offers and their spread (Poisson counts; record sizes).
  const double fresh_records = offered_kds_[s] / slices, fresh_bytes = offered_bytes_[s] / slices;
  const double shard_records = kShardWriteRecordsPerS * slice_s_;
  const double shard_bytes = kShardWriteBytesPerS * slice_s_;
  const double taken = std::min({1.0, shard_records / fresh_records, shard_bytes / fresh_bytes});
  const double cap_records =
      phi < 1.0 ? std::min(shard_records, phi * taken * fresh_records) : shard_records;
  const double cap_bytes =
      phi < 1.0 ? std::min(shard_bytes, phi * taken * fresh_bytes) : shard_bytes;
  // Far below both limits: a slice's spread never reaches them (this skips most shards).
  if (fresh_records < kFarBelowBucket * cap_records && fresh_bytes < kFarBelowBucket * cap_bytes)
    return 0.0;
  const double bytes_per_record = fresh_bytes / fresh_records;
  double var_records = 0, var_bytes = 0;
  for (size_t i = 0; i < groups_.size(); ++i) {
    const double kds = kds_[i][s] / slices, users = user_[i][s] / slices;
    if (kds <= 0) continue;
    if (groups_[i].spec->arrivals == Arrivals::kPoisson) {
      // Poisson user records; under KPL the aggregates follow the bytes, not a count of their own.
      const double per_user = limit_bytes_[i][s] / user_[i][s];
      if (!groups_[i].spec->aggregates()) var_records += kds;
      var_bytes += users * per_user * per_user;
    }
    var_bytes += users * groups_[i].sd_data_bytes * groups_[i].sd_data_bytes;
  }
  // Within a few standard deviations of a limit, the retry pool is critical (see note).
  const double sd_records = std::sqrt(var_records), sd_bytes = std::sqrt(var_bytes);
  if (std::fabs(fresh_records - cap_records) < kCriticalSd * std::max(sd_records, 1.0) ||
      std::fabs(fresh_bytes - cap_bytes) < kCriticalSd * std::max(sd_bytes, bytes_per_record))
    near_limit_ = true;
  // Offers per slice when each attempt is throttled with probability p, and the share of them
  // over the limits (retries spread over slices add their own Poisson-like spread).
  const auto offered = [&](double p) {
    double o = 0;
    for (size_t i = 0; i < groups_.size(); ++i) {
      const double kds = kds_[i][s] / slices;
      if (kds <= 0) continue;
      const double m = std::max(1, groups_[i].spec->max_attempts);
      o += kds * (p < 1.0 - 1e-12 ? (1.0 - std::pow(p, m)) / (1.0 - p) : m);
    }
    return o;
  };
  const auto over = [&](double o) {
    const double retries = o - fresh_records;
    const double excess_records = expected_excess(o, var_records + retries, cap_records);
    const double excess_bytes = expected_excess(
        o * bytes_per_record, var_bytes + retries * bytes_per_record * bytes_per_record, cap_bytes);
    return std::max(excess_records, excess_bytes / bytes_per_record) / o;
  };
  if (over(fresh_records) <= 0) return 0.0;
  // p = over(offered(p)): over(offered(0)) > 0 and over(offered(p)) < 1, so a root lies between.
  double lo = 0.0, hi = 1.0;
  for (int k = 0; k < kBisections; ++k) {
    const double mid = 0.5 * (lo + hi);
    (over(offered(mid)) > mid ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

void FluidWritePath::step(double t0_s, double t1_s, const FluidShardMap& map,
                          double on_demand_bytes_per_s, FluidBottleneck& write_records,
                          FluidBottleneck& write_bytes, FluidBottleneck& on_demand_capacity) {
  const int n = map.count;
  const double dt = t1_s - t0_s;
  const double slices = dt / slice_s_;
  offered_kds_.setZero(n);
  offered_bytes_.setZero(n);
  Eigen::ArrayXd offered_user = Eigen::ArrayXd::Zero(n);
  // 1. What every group offers each shard (first attempts).
  for (size_t i = 0; i < groups_.size(); ++i) {
    Group& g = groups_[i];
    const ProducerSpec& spec = *g.spec;
    double records = g.rate.records_between(t0_s, t1_s) *
                     std::max(0.0, 1.0 - g.stopped.stopped_seconds(t0_s, t1_s) / dt);
    totals_.oversize_rejected_records += records * g.oversize_fraction;
    records *= 1.0 - g.oversize_fraction;
    user_[i] = records * g.share;
    if (spec.aggregates()) {
      // ProducerGroup::kds_records_for on a slice's mean count: aggregates hold as many user
      // records as fit, and each buffered-time window that saw a record flushes one.
      const double per_user = g.mean_data_bytes + g.key_bytes + kPerUserRecordOverheadBytes;
      const double room = spec.kpl_aggregation_max_bytes - kAggregateOverheadBytes - g.key_bytes;
      const double per_aggregate = std::max(1.0, std::floor(room / per_user));
      const double windows = std::max(1.0, slice_s_ / spec.kpl_max_buffered_time_s);
      const Eigen::ArrayXd per_slice = user_[i] / slices;
      kds_[i] =
          slices *
          per_slice.min(
              (per_slice / per_aggregate).max(windows * (1.0 - (-per_slice / windows).exp())));
      limit_bytes_[i] = user_[i] * (g.mean_data_bytes + g.key_bytes + kPerUserRecordOverheadBytes) +
                        kds_[i] * (kAggregateOverheadBytes + g.key_bytes);
    } else {
      kds_[i] = user_[i];
      limit_bytes_[i] = user_[i] * (g.mean_data_bytes + g.key_bytes);
    }
    offered_user += user_[i];
    offered_kds_ += kds_[i];
    offered_bytes_ += limit_bytes_[i];
  }
  first_attempt_bytes_ = offered_bytes_.sum();

  // 2. Peaks, and on demand the share phi of what the shards can take that the stream takes.
  const double cap_records = kShardWriteRecordsPerS * dt;
  const double cap_bytes = kShardWriteBytesPerS * dt;
  write_records.offer_peak(offered_kds_ / cap_records, t0_s);
  write_bytes.offer_peak(offered_bytes_ / cap_bytes, t0_s);
  double phi = 1.0;
  if (on_demand_bytes_per_s > 0) {
    const double stream_bytes = on_demand_bytes_per_s * dt;
    const double stream_records = stream_bytes * kRecordsPerByte;
    on_demand_capacity.offer(
        std::max(first_attempt_bytes_ / stream_bytes, offered_kds_.sum() / stream_records),
        std::string("stream"), t0_s);
    const Eigen::ArrayXd taken =
        (offered_kds_ > 0)
            .select((cap_records / offered_kds_).min(cap_bytes / offered_bytes_).min(1.0), 1.0);
    const double taken_bytes = (taken * offered_bytes_).sum();
    const double taken_records = (taken * offered_kds_).sum();
    if (taken_bytes > 0) phi = std::min(phi, stream_bytes / taken_bytes);
    if (taken_records > 0) phi = std::min(phi, stream_records / taken_records);
  }

  // 3. Per shard, the probability p that an attempt is throttled (see the top of the file).
  throttle_p_.setZero(n);
  // Shards whose slices stay more than kNegligibleZ standard deviations below both limits (an
  // upper bound of the spread: Poisson counts of every record) have p = 0 and are skipped.
  const Eigen::ArrayXd records_per_slice = offered_kds_ / slices;
  const Eigen::ArrayXd users_per_slice = offered_user / slices;
  const Eigen::ArrayXd records_z =
      (kShardWriteRecordsPerS * slice_s_ - records_per_slice) / records_per_slice.max(1.0).sqrt();
  const Eigen::ArrayXd bytes_z = (kShardWriteBytesPerS * slice_s_ - offered_bytes_ / slices) /
                                 (users_per_slice * max_user_bytes_squared_).max(1.0).sqrt();
  for (int s = 0; s < n; ++s) {
    if (offered_kds_[s] <= 0) continue;
    if (phi >= 1.0 && records_z[s] > kNegligibleZ && bytes_z[s] > kNegligibleZ) continue;
    throttle_p_[s] = throttle_probability_memoized(s, slices, phi);
  }

  // 4. Per group: stored, attempts, throttled and dropped; billing of what was stored.
  admitted_records_.setZero(n);
  admitted_data_bytes_.setZero(n);
  step_put_payload_units_ = 0;
  step_on_demand_billed_bytes_ = 0;
  const bool throttled_anywhere = n > 0 && throttle_p_.maxCoeff() > 0;
  for (size_t i = 0; i < groups_.size(); ++i) {
    const Group& g = groups_[i];
    const double m = std::max(1, g.spec->max_attempts);
    Eigen::ArrayXd stored = user_[i];
    double attempts = user_[i].sum(), throttled = 0, dropped = 0;
    if (throttled_anywhere) {
      // A record is dropped after m throttled attempts: p^m; it is tried 1 + p + ... + p^(m-1)
      // times (m when p is 1).
      const Eigen::ArrayXd p_m = throttle_p_.pow(m);
      stored = user_[i] * (1.0 - p_m);
      const Eigen::ArrayXd tries =
          (throttle_p_ < 1.0 - 1e-12).select((1.0 - p_m) / (1.0 - throttle_p_).max(1e-12), m);
      attempts = (user_[i] * tries).sum();
      throttled = attempts - stored.sum();
      dropped = (user_[i] * p_m).sum();
    }
    const double stored_records = stored.sum();
    totals_.put_attempts += attempts;
    totals_.write_throttled_records += throttled;
    totals_.producer_dropped_records += dropped;
    admitted_records_ += stored;
    admitted_data_bytes_ += stored * g.mean_data_bytes;
    if (g.spec->aggregates()) {
      // Each stored aggregate rounds up on its own: units per aggregate from its mean size.
      const Eigen::ArrayXd stored_kds = (user_[i] > 0).select(stored / user_[i] * kds_[i], 0.0);
      const Eigen::ArrayXd per_kds = (kds_[i] > 0).select(limit_bytes_[i] / kds_[i], 0.0);
      const double unit = scenario_.prices.put_payload_unit_bytes;
      const double rounding = scenario_.prices.on_demand_data_in_rounding_bytes;
      step_put_payload_units_ += (stored_kds * (per_kds / unit).ceil()).sum();
      step_on_demand_billed_bytes_ += rounding * (stored_kds * (per_kds / rounding).ceil()).sum();
    } else {
      step_put_payload_units_ += stored_records * g.put_payload_units_per_record;
      step_on_demand_billed_bytes_ += stored_records * g.billed_bytes_per_record;
    }
  }
  totals_.incoming_records += admitted_records_.sum();
  totals_.incoming_bytes += admitted_data_bytes_.sum();
  totals_.put_payload_units += step_put_payload_units_;
  totals_.on_demand_billed_in_bytes += step_on_demand_billed_bytes_;
}

}  // namespace kds::models
