// The write path per slice: (1) every group appends its offers (fresh and retries); (2) each shard
// sums what it was offered, records and data + key bytes, and its write limit admits a count;
// (3) the admitted count is shared among the offers in order so that the parts add up exactly, each
// group learns what was throttled, and the shard stores the admitted records and data bytes.
#include "models/stream.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "models/limits.hpp"
#include "models/partition_key_distribution.hpp"
#include "models/rate_pattern.hpp"
#include "models/units.hpp"

namespace kds::models {

Stream::Stream(const Scenario& scenario, RunResult& result)
    : scenario_(scenario),
      result_(result),
      slice_s_(scenario.engine.time_slice_s),
      retention_(scenario),
      mode_(scenario.mode),
      mode_changes_{{0.0, scenario.mode}},
      on_demand_(scenario) {
  // An on-demand stream starts with the shards its initial capacity calls for (T10: 4 MiB/s).
  const int initial =
      mode_ == StreamMode::kOnDemand ? on_demand_.min_open_shards(0) : scenario.shards;
  for (const HashKeyRange& range : split_evenly(initial)) add_shard(range, {}, 0);
  refresh_open_list();
  if (mode_ == StreamMode::kOnDemand) on_demand_capacity_seen_ = on_demand_.write_bytes_per_s(0);
  result_.stream.shards_initial = initial;
  // Each group gets its own random stream, so adding a consumer or a group leaves the others'
  // traffic unchanged.
  for (size_t g = 0; g < scenario.producers.size(); ++g)
    producers_.emplace_back(scenario.producers[g], scenario, scenario.seed * 1000003ULL + g + 1);
  shard_map_changed();  // routes the groups' keys to the shards
}

int Stream::add_shard(const HashKeyRange& range, std::vector<int> parents, int64_t slice) {
  const int index = shard_count();
  const double max_record_bytes = scenario_.max_record_size_kib * kBytesPerKiB;
  shards_.push_back(Shard{shard_id_for(index), range,
                          ShardWriteLimit(scenario_.service.write_burst_s, max_record_bytes),
                          ShardReadLimit(scenario_.service.read_burst_s),
                          ShardLog(slice_s_, scenario_.service.propagation_s, slice),
                          std::move(parents), static_cast<double>(slice) * slice_s_});
  shard_at_.push_back(&shards_.back());
  ShardResult shard_result;
  shard_result.shard_id = shards_.back().shard_id;
  if (scenario_.report.shard_metrics) shard_result.periods.resize(result_.periods);
  shard_result.write_throttled_by_period.assign(result_.periods, 0.0f);
  result_.shards.push_back(std::move(shard_result));
  map_changed_ = true;
  return index;
}

void Stream::close_shard(int shard, int64_t slice) {
  Shard& s = shards_[static_cast<size_t>(shard)];
  s.open = false;
  s.closed_s = static_cast<double>(slice) * slice_s_;
  map_changed_ = true;
}

int Stream::find_shard(const std::string& shard_id) const {
  for (size_t i = 0; i < shards_.size(); ++i) {
    if (shards_[i].shard_id == shard_id) return static_cast<int>(i);
  }
  return -1;
}

void Stream::split_shard(int shard, int64_t slice) {
  close_shard(shard, slice);
  const auto [low, high] = split_in_halves(shards_[static_cast<size_t>(shard)].range);
  add_shard(low, {shard}, slice);
  add_shard(high, {shard}, slice);
  refresh_open_list();
}

void Stream::merge_shards(int a, int b, int64_t slice) {
  const HashKeyRange& ra = shards_[static_cast<size_t>(a)].range;
  const HashKeyRange& rb = shards_[static_cast<size_t>(b)].range;
  const HashKeyRange merged{std::min(ra.starting_hash_key, rb.starting_hash_key),
                            std::max(ra.ending_hash_key, rb.ending_hash_key)};
  close_shard(a, slice);
  close_shard(b, slice);
  add_shard(merged, {a, b}, slice);
  refresh_open_list();
}

void Stream::update_shard_count(int count, int64_t slice) {
  const std::vector<int> parents = open_;
  for (int p : parents) close_shard(p, slice);
  for (const HashKeyRange& range : split_evenly(count)) {
    std::vector<int> overlapping;
    for (int p : parents) {
      if (overlap_fraction(range, shards_[static_cast<size_t>(p)].range) > 0)
        overlapping.push_back(p);
    }
    add_shard(range, std::move(overlapping), slice);
  }
  refresh_open_list();
}

void Stream::switch_mode(StreamMode mode, int64_t slice) {
  mode_ = mode;
  mode_changes_.push_back({static_cast<double>(slice) * slice_s_, mode});
  // The switch keeps the shard count; on-demand splits for capacity beyond it only when capacity
  // grows later.
  if (mode == StreamMode::kOnDemand) {
    // The stream keeps its shards, so its capacity starts at least at what they carry (fact sheet
    // §4); twice an observed peak if that is more.
    const double t_s = static_cast<double>(slice) * slice_s_;
    on_demand_.hold_capacity(open_shard_count() * kShardWriteBytesPerS, t_s);
    on_demand_capacity_seen_ = on_demand_.write_bytes_per_s(t_s);
  }
}

void Stream::refresh_open_list() {
  open_.clear();
  for (size_t i = 0; i < shards_.size(); ++i) {
    if (shards_[i].open) open_.push_back(static_cast<int>(i));
  }
  std::sort(open_.begin(), open_.end(), [this](int a, int b) {
    return shards_[static_cast<size_t>(a)].range.starting_hash_key <
           shards_[static_cast<size_t>(b)].range.starting_hash_key;
  });
}

void Stream::shard_map_changed() {
  map_changed_ = false;
  std::vector<HashKeyRange> ranges;
  for (const Shard& shard : shards_) ranges.push_back(shard.range);
  std::vector<bool> open(shards_.size());
  for (int s : open_) open[static_cast<size_t>(s)] = true;
  for (auto& group : producers_) group.reroute(ranges, open, open_);
  offered_records_.assign(shards_.size(), 0);
  offered_limit_bytes_.assign(shards_.size(), 0);
  accept_left_.assign(shards_.size(), 0);
  offer_left_.assign(shards_.size(), 0);
  charged_limit_bytes_.assign(shards_.size(), 0);
  stored_limit_bytes_.assign(shards_.size(), 0);
}

void Stream::scale_on_demand(int64_t k) {
  const double t_s = static_cast<double>(k) * slice_s_;
  int open = open_shard_count();
  // Hot shards split in halves, while the stream stays under one shard per 500 KB/s of capacity.
  for (int s : on_demand_.hot_shards_due(t_s)) {
    if (!shards_[static_cast<size_t>(s)].open || open >= on_demand_.max_open_shards(t_s)) continue;
    if (!split_spreads_load(s)) continue;
    split_shard(s, k);
    ++open;
  }
  // Grown capacity: split the widest shards until every MiB/s of capacity has a shard.
  const double capacity = on_demand_.write_bytes_per_s(t_s);
  if (capacity <= on_demand_capacity_seen_) return;
  on_demand_capacity_seen_ = capacity;
  const int wanted = on_demand_.min_open_shards(t_s);
  while (open < wanted) {
    int widest = -1;
    for (size_t i = 0; i < shards_.size(); ++i) {
      if (!shards_[i].open) continue;
      if (widest < 0 || shards_[i].range.fraction() >
                            shards_[static_cast<size_t>(widest)].range.fraction() * (1 + 1e-9))
        widest = static_cast<int>(i);
    }
    split_shard(widest, k);
    ++open;
  }
}

bool Stream::split_spreads_load(int shard) const {
  const HashKeyRange& range = shards_[static_cast<size_t>(shard)].range;
  if (range.ending_hash_key == range.starting_hash_key) return false;  // a single hash key
  // The open ranges with this shard replaced by its halves: how the producers' keys would divide.
  std::vector<HashKeyRange> ranges;
  size_t low = 0;
  for (int s : open_) {
    if (s != shard) {
      ranges.push_back(shards_[static_cast<size_t>(s)].range);
      continue;
    }
    const auto halves = split_in_halves(range);
    low = ranges.size();
    ranges.push_back(halves.first);
    ranges.push_back(halves.second);
  }
  const auto load = load_by_range_and_lane(ranges, 1);
  const double low_load = load[low][0], high_load = load[low + 1][0];
  // One key (or a tight cluster) carrying the load stays in one half: splitting would not help.
  return std::max(low_load, high_load) < kSplitHelpsBelow * (low_load + high_load);
}

std::vector<std::vector<double>> Stream::load_by_range_and_lane(
    const std::vector<HashKeyRange>& ranges, int lanes) const {
  std::vector<std::vector<double>> load(ranges.size(),
                                        std::vector<double>(static_cast<size_t>(lanes), 0.0));
  for (const ProducerSpec& spec : scenario_.producers) {
    const double mean_rate =
        RatePattern(spec.rate).records_between(0, scenario_.duration_s) / scenario_.duration_s;
    const auto shares = PartitionKeyDistribution(spec.keys, scenario_.service.random_key_bytes)
                            .shard_lane_shares(ranges, lanes);
    for (size_t i = 0; i < shares.size(); ++i) {
      for (size_t l = 0; l < shares[i].size(); ++l) load[i][l] += mean_rate * shares[i][l];
    }
  }
  return load;
}

std::vector<std::vector<double>> Stream::lane_weights(int lanes) const {
  std::vector<HashKeyRange> ranges;
  for (int s : open_) ranges.push_back(shards_[static_cast<size_t>(s)].range);
  auto load = load_by_range_and_lane(ranges, lanes);
  std::vector<std::vector<double>> weights(shards_.size());
  for (size_t i = 0; i < open_.size(); ++i)
    weights[static_cast<size_t>(open_[i])] = std::move(load[i]);
  for (int s : open_) {  // normalise per shard; a shard with no traffic splits evenly
    auto& shard = weights[static_cast<size_t>(s)];
    double total = 0;
    for (double w : shard) total += w;
    for (double& w : shard) w = total > 0 ? w / total : 1.0 / lanes;
  }
  return weights;
}

std::string Stream::shard_id_for(int index) {
  char id[32];
  std::snprintf(id, sizeof id, "shardId-%012d", index);
  return id;
}

void Stream::write_slice(int64_t k) {
  const double slice_start_s = static_cast<double>(k) * slice_s_;
  const double slice_end_s = static_cast<double>(k + 1) * slice_s_;
  if (mode_ == StreamMode::kOnDemand) scale_on_demand(k);
  if (map_changed_) shard_map_changed();
  const size_t period =
      std::min(result_.periods - 1, static_cast<size_t>(slice_start_s / result_.interval_s));
  offers_.clear();
  std::vector<size_t>& group_end = group_end_;  // offers_[group_end[g-1] .. group_end[g]): group g
  group_end.clear();
  for (auto& group : producers_) {
    group.offer(k, offers_);
    group_end.push_back(offers_.size());
  }
  size_t g = 0;
  double first_attempt_bytes = 0;  // what producers need, without their retries
  for (size_t i = 0; i < offers_.size(); ++i) {
    while (i >= group_end[g]) ++g;
    const PutOffer& o = offers_[i];
    // The shard's limits count KDS records: aggregated ones under KPL.
    const double bytes = producers_[g].limit_bytes(o);
    offered_records_[o.shard] += o.kds_records;
    offered_limit_bytes_[o.shard] += bytes;
    if (o.attempt == 1) first_attempt_bytes += bytes;
  }
  on_demand_.observe_demand(slice_start_s, slice_end_s, first_attempt_bytes);
  // Admit per shard; every open shard's write bucket refills whether or not it was offered
  // anything.
  int64_t shard_accepted_records = 0;
  double shard_accepted_bytes = 0;
  for (int s : open_) {
    const int64_t offered = offered_records_[s];
    const int64_t accepted =
        offered > 0 ? shard(s).write_limit.admit(Records{offered}, Bytes{offered_limit_bytes_[s]},
                                                 slice_end_s)
                    : 0;
    accept_left_[s] = accepted;
    offer_left_[s] = offered;
    shard_accepted_records += accepted;
    charged_limit_bytes_[s] = 0;
    stored_limit_bytes_[s] = 0;
    if (accepted > 0) {
      charged_limit_bytes_[s] =
          offered_limit_bytes_[s] * static_cast<double>(accepted) / static_cast<double>(offered);
      shard_accepted_bytes += charged_limit_bytes_[s];
    }
  }
  // On demand, the stream-wide capacity then admits a share of what the shards took, so records a
  // hot shard refuses (and their retries) do not use up the other keys' capacity; the shards get
  // back what the stream refused.
  if (mode_ == StreamMode::kOnDemand && shard_accepted_records > 0) {
    const double fraction =
        on_demand_.admitted_fraction(shard_accepted_records, shard_accepted_bytes, slice_end_s);
    if (fraction < 1.0) {
      for (int s : open_) {
        const int64_t taken = accept_left_[s];
        if (taken <= 0) continue;
        const auto kept =
            static_cast<int64_t>(std::floor(static_cast<double>(taken) * fraction + 1e-9));
        const double bytes_per_record =
            offered_limit_bytes_[s] / static_cast<double>(offer_left_[s]);
        shard(s).write_limit.refund(Records{taken - kept},
                                    Bytes{static_cast<double>(taken - kept) * bytes_per_record});
        charged_limit_bytes_[s] = static_cast<double>(kept) * bytes_per_record;
        accept_left_[s] = kept;
      }
    }
  }
  g = 0;
  StreamResult& stream = result_.stream;
  std::vector<int64_t>& stored_records =
      offered_records_;  // reused: offered counts are no longer needed
  std::vector<double>& stored_data_bytes = offered_limit_bytes_;
  for (int s : open_) {
    stored_records[s] = 0;
    stored_data_bytes[s] = 0;
  }
  for (size_t i = 0; i < offers_.size(); ++i) {
    while (i >= group_end[g]) ++g;
    const PutOffer& o = offers_[i];
    const size_t s = static_cast<size_t>(o.shard);
    // The shard's accepted KDS records are shared among its offers so that the parts add up.
    int64_t accepted_kds = o.kds_records;
    if (accept_left_[s] < offer_left_[s]) {
      accepted_kds = static_cast<int64_t>(
          std::llround(static_cast<double>(o.kds_records) * static_cast<double>(accept_left_[s]) /
                       static_cast<double>(offer_left_[s])));
    }
    accept_left_[s] -= accepted_kds;
    offer_left_[s] -= o.kds_records;
    if (accepted_kds > 0) {
      stored_limit_bytes_[s] += producers_[g].limit_bytes(o) * static_cast<double>(accepted_kds) /
                                static_cast<double>(o.kds_records);
    }
    // A throttled aggregate fails with all its user records.
    const int64_t accepted =
        accepted_kds == o.kds_records
            ? o.records
            : static_cast<int64_t>(
                  std::llround(static_cast<double>(o.records) * static_cast<double>(accepted_kds) /
                               static_cast<double>(o.kds_records)));
    producers_[g].settle(k, o, accepted);
    const double accepted_bytes = accepted == o.records
                                      ? o.data_bytes
                                      : std::round(o.data_bytes * static_cast<double>(accepted) /
                                                   static_cast<double>(o.records));
    stored_records[s] += accepted;
    stored_data_bytes[s] += accepted_bytes;
    if (accepted < o.records) {
      const double throttled = static_cast<double>(o.records - accepted);
      stream.periods.write_throttled_records[period] += throttled;
      ShardResult& shard_result = result_.shards[s];
      shard_result.write_throttled_records += o.records - accepted;
      shard_result.write_throttled_by_period[period] += static_cast<float>(throttled);
      if (scenario_.report.shard_metrics)
        shard_result.periods.write_throttled_records[period] += throttled;
    }
    // Billing units follow the producer's size distribution, record by record rounded up.
    const double units = producers_[g].put_payload_units(o, accepted_kds);
    const double billed_bytes = producers_[g].on_demand_billed_bytes(o, accepted_kds);
    stream.put_payload_units += units;
    stream.on_demand_billed_in_bytes += billed_bytes;
    stream.put_payload_units_by_period[period] += units;
    stream.on_demand_billed_in_bytes_by_period[period] += billed_bytes;
    stream.stored_kds_records += accepted_kds;
  }
  // The capacity in force at the end of the slice; the period keeps its last slice's value.
  const double shard_capacity = static_cast<double>(open_shard_count()) * kShardWriteBytesPerS;
  const double capacity = mode_ == StreamMode::kOnDemand
                              ? std::min(shard_capacity, on_demand_.write_bytes_per_s(slice_end_s))
                              : shard_capacity;
  stream.write_capacity_bytes_per_s[period] = capacity;
  stream.write_capacity_records_per_s[period] =
      capacity * kShardWriteRecordsPerS / kShardWriteBytesPerS;
  for (int s : open_) {
    // Only a shard that throttled part of its offers can store other bytes than it was charged
    // (when all are stored the two sums agree but for rounding, which must not move the bucket).
    const double charged = charged_limit_bytes_[s], stored_bytes = stored_limit_bytes_[s];
    if (std::fabs(stored_bytes - charged) > 1e-9 * std::max(charged, stored_bytes))
      shard(s).write_limit.settle(Bytes{charged}, Bytes{stored_bytes});
    charged_limit_bytes_[s] = stored_limit_bytes_[s] = 0;
    shard(s).log.append(k, stored_records[s], stored_data_bytes[s]);
    if (mode_ == StreamMode::kOnDemand)
      on_demand_.observe_shard(s, slice_start_s, slice_end_s, stored_data_bytes[s]);
    if (stored_records[s] == 0) continue;
    const auto records = static_cast<double>(stored_records[s]);
    stream.periods.incoming_records[period] += records;
    stream.periods.incoming_bytes[period] += stored_data_bytes[s];
    ShardResult& shard_result = result_.shards[static_cast<size_t>(s)];
    shard_result.incoming_records += stored_records[s];
    shard_result.incoming_bytes += stored_data_bytes[s];
    if (scenario_.report.shard_metrics) {
      shard_result.periods.incoming_records[period] += records;
      shard_result.periods.incoming_bytes[period] += stored_data_bytes[s];
    }
    stored_records[s] = 0;
    stored_data_bytes[s] = 0;
  }
}

namespace {
// Seconds of [from_s, until_s) inside [p_from_s, p_until_s).
double overlap_s(double from_s, double until_s, double p_from_s, double p_until_s) {
  return std::max(0.0, std::min(until_s, p_until_s) - std::max(from_s, p_from_s));
}
}  // namespace

double Stream::open_shard_hours(double from_s, double until_s) const {
  double hours = 0;
  for (const Shard& shard : shards_) {
    hours +=
        overlap_s(shard.opened_s, shard.open_until_s(until_s), from_s, until_s) / kSecondsPerHour;
  }
  return hours;
}

void Stream::finish(double duration_s) {
  StreamResult& stream = result_.stream;
  stream.shards_final = open_shard_count();
  stream.mode_final = mode_;
  for (const auto& group : producers_) {
    const ProducerTotals& t = group.totals();
    stream.put_attempts += t.put_attempts;
    stream.write_throttled_records += t.throttled_records;
    stream.producer_dropped_records += t.dropped_records;
    stream.oversize_rejected_records += t.oversize_rejected_records;
    stream.put_calls += t.put_calls;
    stream.retries_waiting_at_end += group.retries_waiting();
  }
  for (const auto& shard : result_.shards) {
    stream.incoming_records += shard.incoming_records;
    stream.incoming_bytes += shard.incoming_bytes;
  }
  // Shard-hours bill what was open; OpenShardCount is the count open at the end of each period.
  stream.open_shard_count.assign(result_.periods, 0.0);
  stream.open_shard_hours.assign(result_.periods, 0.0);
  stream.on_demand_seconds.assign(result_.periods, 0.0);
  stream.shard_hours = 0;
  for (size_t i = 0; i < shards_.size(); ++i) {
    const Shard& shard = shards_[i];
    const double until_s = shard.open_until_s(duration_s);
    stream.shard_hours += std::max(0.0, until_s - shard.opened_s) / kSecondsPerHour;
    ShardResult& r = result_.shards[i];
    r.parent_shard_ids.clear();
    for (int p : shard.parents)
      r.parent_shard_ids.push_back(shards_[static_cast<size_t>(p)].shard_id);
    r.opened_s = shard.opened_s;
    r.closed_s = shard.open ? -1 : shard.closed_s;
    r.starting_hash_key = to_decimal(shard.range.starting_hash_key);
    r.ending_hash_key = to_decimal(shard.range.ending_hash_key);
  }
  for (size_t p = 0; p < result_.periods; ++p) {
    const double p_from_s = static_cast<double>(p) * result_.interval_s;
    const double p_until_s = std::min(duration_s, p_from_s + result_.interval_s);
    for (const Shard& shard : shards_) {
      const double until_s = shard.open_until_s(duration_s);
      stream.open_shard_hours[p] +=
          overlap_s(shard.opened_s, until_s, p_from_s, p_until_s) / kSecondsPerHour;
      if (shard.opened_s <= p_until_s && (shard.open || shard.closed_s > p_until_s))
        stream.open_shard_count[p] += 1;
    }
    for (size_t m = 0; m < mode_changes_.size(); ++m) {
      if (mode_changes_[m].second != StreamMode::kOnDemand) continue;
      const double until_s = m + 1 < mode_changes_.size() ? mode_changes_[m + 1].first : duration_s;
      stream.on_demand_seconds[p] +=
          overlap_s(mode_changes_[m].first, until_s, p_from_s, p_until_s);
    }
  }
}

}  // namespace kds::models
