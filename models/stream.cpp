// The write path per slice: (1) every group appends its offers (fresh and retries); (2) each shard
// sums what it was offered, records and data + key bytes, and its write limit admits a count;
// (3) the admitted count is shared among the offers in order so that the parts add up exactly, each
// group learns what was throttled, and the shard stores the admitted records and data bytes.
#include "models/stream.hpp"

#include <cmath>
#include <cstdio>

#include "models/partition_key_distribution.hpp"
#include "models/rate_pattern.hpp"
#include "models/units.hpp"

namespace kds::models {

Stream::Stream(const Scenario& scenario, RunResult& result)
    : scenario_(scenario),
      result_(result),
      slice_s_(scenario.engine.time_slice_s),
      retention_(scenario) {
  const auto ranges = split_evenly(scenario.shards);
  const double max_record_bytes = scenario.max_record_size_kib * kBytesPerKiB;
  shards_.reserve(ranges.size());
  for (size_t i = 0; i < ranges.size(); ++i) {
    shards_.push_back(Shard{shard_id_for(static_cast<int>(i)), ranges[i],
                            ShardWriteLimit(scenario.service.write_burst_s, max_record_bytes),
                            ShardReadLimit(scenario.service.read_burst_s),
                            ShardLog(slice_s_, scenario.service.propagation_s)});
  }
  // Each group gets its own random stream, so adding a consumer or a group leaves the others'
  // traffic unchanged.
  for (size_t g = 0; g < scenario.producers.size(); ++g) {
    producers_.emplace_back(scenario.producers[g], scenario, ranges,
                            scenario.seed * 1000003ULL + g + 1);
  }
  offered_records_.assign(shards_.size(), 0);
  offered_limit_bytes_.assign(shards_.size(), 0);
  accept_left_.assign(shards_.size(), 0);
  offer_left_.assign(shards_.size(), 0);
}

std::vector<std::vector<double>> Stream::lane_weights(int lanes) const {
  std::vector<HashKeyRange> ranges;
  for (const Shard& shard : shards_) ranges.push_back(shard.range);
  std::vector<std::vector<double>> weights(shards_.size(),
                                           std::vector<double>(static_cast<size_t>(lanes), 0.0));
  for (const ProducerSpec& spec : scenario_.producers) {
    const double mean_rate =
        RatePattern(spec.rate).records_between(0, scenario_.duration_s) / scenario_.duration_s;
    const auto shares = PartitionKeyDistribution(spec.keys, scenario_.service.random_key_bytes)
                            .shard_lane_shares(ranges, lanes);
    for (size_t s = 0; s < shares.size(); ++s) {
      for (size_t l = 0; l < shares[s].size(); ++l) weights[s][l] += mean_rate * shares[s][l];
    }
  }
  for (auto& shard : weights) {  // normalise per shard; a shard with no traffic splits evenly
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
  const double slice_end_s = static_cast<double>(k + 1) * slice_s_;
  const size_t period =
      std::min(result_.periods - 1,
               static_cast<size_t>(static_cast<double>(k) * slice_s_ / result_.interval_s));
  offers_.clear();
  std::vector<size_t> group_end;  // offers_[group_end[g-1] .. group_end[g]) belong to group g
  for (auto& group : producers_) {
    group.offer(k, offers_);
    group_end.push_back(offers_.size());
  }
  size_t g = 0;
  for (size_t i = 0; i < offers_.size(); ++i) {
    while (i >= group_end[g]) ++g;
    const PutOffer& o = offers_[i];
    // The shard's limits count KDS records: aggregated ones under KPL.
    offered_records_[o.shard] += o.kds_records;
    offered_limit_bytes_[o.shard] += producers_[g].limit_bytes(o);
  }
  // Admit per shard; every shard's write bucket refills whether or not it was offered anything.
  for (size_t s = 0; s < shards_.size(); ++s) {
    const int64_t offered = offered_records_[s];
    const int64_t accepted =
        offered > 0 ? shards_[s].write_limit.admit(Records{offered}, Bytes{offered_limit_bytes_[s]},
                                                   slice_end_s)
                    : 0;
    accept_left_[s] = accepted;
    offer_left_[s] = offered;
  }
  g = 0;
  StreamResult& stream = result_.stream;
  std::vector<int64_t>& stored_records =
      offered_records_;  // reused: offered counts are no longer needed
  std::vector<double>& stored_data_bytes = offered_limit_bytes_;
  std::fill(stored_records.begin(), stored_records.end(), 0);
  std::fill(stored_data_bytes.begin(), stored_data_bytes.end(), 0.0);
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
    stream.put_payload_units += producers_[g].put_payload_units(o, accepted_kds);
    stream.on_demand_billed_in_bytes += producers_[g].on_demand_billed_bytes(o, accepted_kds);
    stream.stored_kds_records += accepted_kds;
  }
  for (size_t s = 0; s < shards_.size(); ++s) {
    shards_[s].log.append(k, stored_records[s], stored_data_bytes[s]);
    if (stored_records[s] == 0) continue;
    const auto records = static_cast<double>(stored_records[s]);
    stream.periods.incoming_records[period] += records;
    stream.periods.incoming_bytes[period] += stored_data_bytes[s];
    ShardResult& shard_result = result_.shards[s];
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

void Stream::finish(double duration_s) {
  StreamResult& stream = result_.stream;
  stream.shards_initial = stream.shards_final = shard_count();
  stream.shard_hours = shard_count() * duration_s / kSecondsPerHour;
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
  stream.open_shard_count.assign(result_.periods, shard_count());
}

}  // namespace kds::models
