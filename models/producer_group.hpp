// A producer group (SPEC §2 `producers[]`): `instances` processes sharing one offered rate, as
// flows.
//
// Per time slice and shard the group offers a record count drawn from its arrival process (Poisson
// or evenly spaced) with the shard's share of the keys, plus the retries due in that slice. Entries
// throttled by the shard come back later, spread over the backoff window of their attempt
// (models/retry_backoff.hpp); after max_attempts they are dropped and counted. Nothing here loops
// over records.
#ifndef KDS_MODELS_PRODUCER_GROUP_HPP_
#define KDS_MODELS_PRODUCER_GROUP_HPP_

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "models/hash_key_range.hpp"
#include "models/partition_key_distribution.hpp"
#include "models/poisson_sampler.hpp"
#include "models/rate_pattern.hpp"
#include "models/record_size_distribution.hpp"
#include "models/scenario.hpp"
#include "models/stop_windows.hpp"

namespace kds::models {

// Records a group offers one shard in one slice, all of the same attempt number.
struct PutOffer {
  int shard;
  int attempt;      // 1 for fresh records
  int64_t records;  // user records
  double data_bytes;
  int64_t kds_records;  // KDS records they travel in: `records` without KPL aggregation
};

struct ProducerTotals {
  int64_t put_attempts = 0;
  int64_t accepted_records = 0;
  int64_t throttled_records = 0;
  int64_t dropped_records = 0;
  int64_t oversize_rejected_records = 0;
  double put_calls = 0;
};

class ProducerGroup {
 public:
  // The group routes nothing until the first reroute() gives it the shard map.
  ProducerGroup(const ProducerSpec& spec, const Scenario& scenario, uint64_t seed);

  // The shard map changed: `ranges` of every shard (closed ones too), which are `open`, and the
  // open ones in hash-key order. Fresh records follow the keys to the open shards; retries waiting
  // for a closed shard go to the open shards that now hold its keys.
  void reroute(const std::vector<HashKeyRange>& ranges, const std::vector<bool>& open,
               const std::vector<int>& open_in_key_order);

  // Appends to `offers` what the group sends during slice k, [k*slice_s, (k+1)*slice_s).
  void offer(int64_t k, std::vector<PutOffer>& offers);
  // Draws slice k's fresh records ahead of offer(k), for the shard map of now (the write path does
  // it on its second thread). If the map changes before offer(k), offer(k) draws them again from
  // the random state drawing ahead started from: results never depend on drawing ahead.
  // REQUIRES: offer(k - 1) was called, offer(k) was not; nothing else runs on the group meanwhile.
  void draw_ahead(int64_t k);
  // Reports what the shard did with an offer made in slice k: `accepted` of offer.records stored,
  // the rest throttled and retried or dropped.
  void settle(int64_t k, const PutOffer& offer, int64_t accepted);
  // Bytes of an offer that count toward the shard's 1 MiB/s: data and partition keys, plus the
  // aggregation format's overhead under KPL.
  double limit_bytes(const PutOffer& offer) const;
  // Billing of `kds_records` stored KDS records of `offer`: 25 KB PUT payload units (provisioned)
  // and bytes rounded up to 1 KB each (on-demand data in).
  double put_payload_units(const PutOffer& offer, int64_t kds_records) const;
  double on_demand_billed_bytes(const PutOffer& offer, int64_t kds_records) const;

  // A retry slot is merged when it reaches twice this or twice its size after its last merge.
  static constexpr size_t kRetriesBeforeMerging = 4096;

  const ProducerSpec& spec() const { return spec_; }
  const ProducerTotals& totals() const { return totals_; }
  // Throttled records still waiting for a retry (at the end of a run: neither stored nor dropped).
  int64_t retries_waiting() const {
    int64_t waiting = 0;
    for (const auto& slot : retry_ring_) {
      for (const PutOffer& o : slot) waiting += o.records;
    }
    return waiting;
  }
  double mean_key_bytes() const { return keys_.mean_key_bytes(); }

 private:
  // KDS records that `records` user records of one shard and slice travel in (see the .cpp).
  int64_t kds_records_for(int64_t records, double data_bytes) const;
  // Billing units of `kds_records` stored KDS records of `offer`, each rounded up to unit_bytes.
  double billed_units(const PutOffer& offer, int64_t kds_records, double unit_bytes,
                      double units_per_plain_record) const;
  void count_put_requests(const std::vector<PutOffer>& offers, size_t first_offer);
  void schedule_retry(int64_t k, const PutOffer& offer, int64_t records, double data_bytes);
  std::vector<PutOffer>& retry_slot(int64_t k) {
    return retry_ring_[static_cast<size_t>(k) % retry_ring_.size()];
  }
  // Adds a retry due in slice k; merges the slot's retries of one shard and attempt when it grew
  // large (see the .cpp).
  void add_retry(int64_t k, const PutOffer& retry);
  static void merge_retries(std::vector<PutOffer>& slot);

  ProducerSpec spec_;
  double slice_s_;
  double duration_s_;
  double put_latency_s_;
  RatePattern rate_;
  PartitionKeyDistribution keys_;
  RecordSizeDistribution sizes_;
  double put_payload_unit_bytes_;
  double on_demand_rounding_bytes_;
  // Per user record without aggregation, averaged over the size distribution (each rounds alone).
  double put_payload_units_per_record_;
  double on_demand_billed_bytes_per_record_;
  // Appends `retry` to `offers`, split among the open successors of its shard if it closed.
  void resend(const PutOffer& retry, std::vector<PutOffer>& offers) const;
  // Appends slice k's fresh records (first attempts) to `offers`; returns the user records.
  int64_t draw_fresh(int64_t k, std::vector<PutOffer>& offers);

  // Slice `k`'s fresh records drawn ahead, with the random state before the draw.
  struct DrawnAhead {
    int64_t k = -1;  // -1: nothing drawn ahead
    uint64_t map_version = 0;
    std::vector<PutOffer> offers;
    int64_t records = 0;
    int64_t oversize_rejected_records = 0;
    std::mt19937_64 rng_before;
    PoissonSampler poisson_before;
    std::vector<double> uniform_carry_before;
  };
  DrawnAhead ahead_;
  uint64_t map_version_ = 0;  // changes with every reroute()

  std::vector<double> shares_;  // per shard (zero for closed shards)
  // Per closed shard: the open shards its keys now go to, with the share of its records each.
  std::vector<std::vector<std::pair<int, double>>> successors_;
  std::vector<double> uniform_carry_;  // per shard, fractional records carried (uniform arrivals)
  std::vector<std::vector<PutOffer>> retry_ring_;  // retries due, by slice modulo ring size
  std::vector<size_t> retry_slot_merged_size_;     // per slot: its size after its last merge
  StopWindows stopped_;                            // stop_producer events
  std::mt19937_64 rng_;
  PoissonSampler poisson_;
  ProducerTotals totals_;
};

}  // namespace kds::models

#endif  // KDS_MODELS_PRODUCER_GROUP_HPP_
