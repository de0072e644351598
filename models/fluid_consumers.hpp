// The read side of the fluid model (models/fluid_model.hpp): per consumer and shard, the rate the
// shard can serve it (models/fluid_service_rates.hpp, shared reads split by
// models/fluid_shared_read_limit.hpp), and the backlog as a vector recursion over time steps:
//   backlog += stored - read,   read <= backlog + stored.
// IteratorAge of a consumer behind is the age of the record at its position (the arrival history
// read backwards); of one that keeps up, models/fluid_iterator_age.hpp. Records older than the
// retention are lost (the trim horizon). Children of a reshard are read after their parents (T20).
#ifndef KDS_MODELS_FLUID_CONSUMERS_HPP_
#define KDS_MODELS_FLUID_CONSUMERS_HPP_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "models/fluid_arrival_history.hpp"
#include "models/fluid_bottleneck.hpp"
#include "models/fluid_shard_map.hpp"
#include "models/fluid_write_path.hpp"
#include "models/pricing.hpp"
#include "models/retention_schedule.hpp"
#include "models/scenario.hpp"

namespace kds::models {

// A consumer's estimate; names follow summary.json's consumers[] where they mean the same.
struct FluidConsumerEstimate {
  std::string name;
  ConsumerType type = ConsumerType::kPolling;
  double records_processed = 0;  // records read: fetched (polling, Lambda) or pushed (EFO)
  double bytes_read = 0;         // data bytes
  double lost_records = 0;       // expired (retention) before they were read
  double max_iterator_age_ms = 0;
  double final_iterator_age_ms = 0;
  // Reading at the tip at the end: the final IteratorAge is below caught_up_threshold_ms
  // (kCaughtUpSlackS plus the consumer's own cadence: idle time, batching window).
  bool caught_up = true;
  double caught_up_threshold_ms = 0;
  double backlog_records_final = 0;         // unread records at the end, all shards
  double backlog_growth_records_per_s = 0;  // slope of the backlog over the last quarter of the run
  // From its start to reading at the tip on every shard: 0 when it starts at the tip, nullopt
  // when it never gets there (a late TRIM_HORIZON start that cannot catch up).
  std::optional<double> catch_up_s;
  double lambda_max_concurrency = 0;  // Lambda: peak busy lanes (ConcurrentExecutions)
};

// A consumer keeps up when its final IteratorAge is below this plus its own cadence.
constexpr double kCaughtUpSlackS = 5.0;

class FluidConsumers {
 public:
  explicit FluidConsumers(const Scenario& scenario);
  ~FluidConsumers();
  FluidConsumers(const FluidConsumers&) = delete;
  FluidConsumers& operator=(const FluidConsumers&) = delete;

  // The shard map changed: per-shard state grows to the new shards, Lambda lane weights follow.
  void reroute(const FluidShardMap& map, const FluidWritePath& writes);
  // Reads [t0_s, t1_s): `stored` records and data bytes per shard arrived in it (`history`
  // already holds the step). Adds the data read to `usage` (shared data out, EFO data and EFO
  // consumer-shard-hours).
  void step(double t0_s, double t1_s, const FluidShardMap& map, const FluidArrivalHistory& history,
            const Eigen::ArrayXd& stored_records, const Eigen::ArrayXd& stored_data_bytes,
            const RetentionSchedule& retention, BillableUsage& usage);
  // Counts what expired unread on shards never started, and the end-of-run figures.
  // The earliest time a later lookup in the arrival history may ask for, besides the trim horizon:
  // the start position of a consumer with a shard not started yet that was there at its start.
  // +infinity when there is none.
  double oldest_time_needed(const FluidShardMap& map) const;
  void finish(double end_s, const FluidShardMap& map, const FluidArrivalHistory& history,
              const RetentionSchedule& retention);

  std::vector<FluidConsumerEstimate> results() const;
  // Peaks of the read-side resources that were used (unsorted).
  std::vector<FluidBottleneck> bottlenecks() const;

 private:
  struct Reader;
  // Starts the shards `r` may read from this step on: at the app's start, or a child once its
  // parents were read to their end (T20), plus the hand-over delay of the consumer type.
  void start_shards(Reader& r, double t1_s, double active_from_s, const FluidShardMap& map,
                    const FluidArrivalHistory& history);
  // The age of the first read on each shard that starts the step with a backlog (a late start, a
  // restart after a stop, a reshard's child): the largest goes to r's max IteratorAge.
  void first_read_ages(Reader& r, const FluidArrivalHistory& history);
  void finish_step(Reader& r, double t0_s, double t1_s, const FluidShardMap& map,
                   const FluidArrivalHistory& history, const RetentionSchedule& retention,
                   BillableUsage& usage);

  const Scenario& scenario_;
  std::vector<Reader> readers_;
  int shards_ = 0;
  // Per shard: the mean data bytes of the records it stores now (the last step it stored some),
  // and the records/s it stored in this step.
  Eigen::ArrayXd bytes_per_record_, rate_;
  bool poisson_arrivals_ = false;  // some producer group's records arrive as a Poisson process
  FluidBottleneck shared_read_bytes_, get_records_calls_;
};

}  // namespace kds::models

#endif  // KDS_MODELS_FLUID_CONSUMERS_HPP_
