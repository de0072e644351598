// The write path of the fluid model (models/fluid_model.hpp): per step, what every producer group
// offers each shard and what the write limits admit, as Eigen arrays over shards.
//
// Offered load: a group's records in the step (the integral of its rate pattern, less its stopped
// time and the records over the maximum record size) times its key distribution's share of each
// shard's hash range, by the simulator's MD5 routing (hash_partition_key on the key names and
// weights of PartitionKeyDistribution, each key hashed once and looked up per shard map; a test
// checks the shares against PartitionKeyDistribution::shard_shares). Limits: 1,000 records/s and
// 1 MiB/s of data + keys per shard (fact sheet §1, T1), and on demand the stream-wide capacity on
// top. Retries are a flow: see fluid_write_path.cpp for the equation and what it approximates.
#ifndef KDS_MODELS_FLUID_WRITE_PATH_HPP_
#define KDS_MODELS_FLUID_WRITE_PATH_HPP_

#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "models/fluid_bottleneck.hpp"
#include "models/fluid_shard_map.hpp"
#include "models/partition_key_distribution.hpp"
#include "models/rate_pattern.hpp"
#include "models/scenario.hpp"
#include "models/stop_windows.hpp"

namespace kds::models {

// Totals over the run, in user records (as summary.json counts them) and data bytes.
struct FluidWriteTotals {
  double incoming_records = 0;  // stored
  double incoming_bytes = 0;    // data bytes stored
  double put_attempts = 0;      // records offered, retries included
  double write_throttled_records = 0;
  double producer_dropped_records = 0;  // throttled at their last attempt
  double oversize_rejected_records = 0;
  double put_payload_units = 0;          // provisioned billing (P2)
  double on_demand_billed_in_bytes = 0;  // on-demand billing, each record rounded up (P3)
};

class FluidWritePath {
 public:
  explicit FluidWritePath(const Scenario& scenario);

  // The shard map changed: every group's share of each shard (zero for closed shards).
  void reroute(const FluidShardMap& map);
  // The groups' mean records/s (their rate averaged over the run) on each of `ranges` and each of
  // `lanes` lanes (a key's lane: its hash modulo `lanes`), as models::Stream weighs Lambda lanes
  // and on-demand splits. REQUIRES: ranges sorted, contiguous and covering the key space.
  std::vector<std::vector<double>> load_by_range_and_lane(const std::vector<HashKeyRange>& ranges,
                                                          int lanes) const;
  // The groups' mean records/s on the keys of one range (any range of the key space).
  double load_in(const HashKeyRange& range) const;

  // Offers and admits [t0_s, t1_s) on `map`. on_demand_bytes_per_s: the stream-wide write
  // capacity (data + keys) in force, or 0 for a provisioned stream. Adds the step's peaks of
  // `shard write records`, `shard write bytes` and `on-demand capacity` to the trackers.
  void step(double t0_s, double t1_s, const FluidShardMap& map, double on_demand_bytes_per_s,
            FluidBottleneck& write_records, FluidBottleneck& write_bytes,
            FluidBottleneck& on_demand_capacity);

  // Results of the last step, per shard index: user records and data bytes stored.
  const Eigen::ArrayXd& admitted_records() const { return admitted_records_; }
  const Eigen::ArrayXd& admitted_data_bytes() const { return admitted_data_bytes_; }
  // Data + key bytes of the last step's first attempts (on-demand demand, retries left out).
  double first_attempt_bytes() const { return first_attempt_bytes_; }
  // The last step's billing quantities.
  double step_put_payload_units() const { return step_put_payload_units_; }
  double step_on_demand_billed_in_bytes() const { return step_on_demand_billed_bytes_; }
  // Mean data bytes of a stored record of each group, averaged by rate (for an empty shard).
  double mean_record_data_bytes() const { return mean_record_data_bytes_; }
  const FluidWriteTotals& totals() const { return totals_; }
  // Some shard was offered within a few standard deviations of a limit in some step: there the
  // retry pool is critical (a random walk), and the throttle ratio depends on the run's length.
  bool near_limit() const { return near_limit_; }

 private:
  struct Group {
    Group(const ProducerSpec& s, const Scenario& scenario)
        : spec(&s),
          rate(s.rate),
          keys(s.keys, scenario.service.random_key_bytes),
          stopped(scenario.events, EventSpec::Kind::kStopProducer, s.name) {}
    const ProducerSpec* spec;
    RatePattern rate;
    PartitionKeyDistribution keys;
    StopWindows stopped;
    double mean_data_bytes = 0;  // of the records within the size limit
    double sd_data_bytes = 0;
    double key_bytes = 0;
    double oversize_fraction = 0;
    double put_payload_units_per_record = 0;  // without aggregation, each record rounds alone
    double billed_bytes_per_record = 0;
    double mean_rate_per_s = 0;  // over the run
    Eigen::ArrayXd share;        // per shard index
    // Named keys (uniform, zipf, single): int(MD5(key)) and weight of each, hashed once, so that
    // every new shard map costs a range lookup per key, not an MD5 (an on-demand stream that
    // splits often would otherwise hash 100,000 keys for every split).
    // Sorted by hash, with the prefix sums of the weights and each hash modulo 2,520 (the least
    // common multiple of 1..10: hash mod lanes, for any parallelization factor).
    std::vector<HashKey> key_hashes;
    std::vector<double> key_weights;     // sum to 1
    std::vector<double> weights_before;  // key_hashes.size() + 1 prefix sums
    std::vector<uint16_t> key_mod_2520;
  };
  // PartitionKeyDistribution::shard_lane_shares with the group's cached hashes: the same routing.
  static std::vector<std::vector<double>> lane_shares(const Group& g,
                                                      const std::vector<HashKeyRange>& ranges,
                                                      int lanes);

  // The probability that an attempt on shard s is throttled in this step (p in the .cpp).
  double throttle_probability(int s, double slices, double phi);
  // throttle_probability's 50 bisections with exp, pow and erfc dominate an estimate near the
  // limits, and its inputs repeat: shards of an even key spread, steps of a steady rate. The last
  // call's inputs and answer are kept; an identical call returns them (the planner estimates
  // the same workload a hundred times).
  double throttle_probability_memoized(int s, double slices, double phi);
  std::vector<double> last_throttle_inputs_, throttle_inputs_;
  double last_throttle_p_ = 0;
  bool last_throttle_near_limit_ = false;

  const Scenario& scenario_;
  double slice_s_;  // the simulator's write slice (engine.time_slice)
  std::vector<Group> groups_;
  double mean_record_data_bytes_ = 0;
  double max_user_bytes_squared_ = 0;  // bound of (limit bytes per user record)^2 + size variance
  // Per step scratch and results, per shard index.
  std::vector<Eigen::ArrayXd> user_, kds_, limit_bytes_;  // per group
  Eigen::ArrayXd offered_kds_, offered_bytes_, throttle_p_;
  Eigen::ArrayXd admitted_records_, admitted_data_bytes_;
  double first_attempt_bytes_ = 0;
  double step_put_payload_units_ = 0, step_on_demand_billed_bytes_ = 0;
  FluidWriteTotals totals_;
  bool near_limit_ = false;
};

}  // namespace kds::models

#endif  // KDS_MODELS_FLUID_WRITE_PATH_HPP_
