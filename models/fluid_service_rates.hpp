// What a shard can serve one consumer, by consumer type, for the fluid model
// (models/fluid_consumers.hpp): Eigen arrays over shards, from the traffic of the step.
//  - polling (KCL): a call every idle_time_between_reads + GetRecords latency (+ processing
//    without prefetch), at most max_records (<= 10,000, T6) and 10 MiB per call; the record
//    processor takes per_batch + per_record x n (+ per_mib); with KCL 2.x prefetch the fetcher runs
//    ahead of it by up to 3 batches / 30,000 records / 8 MiB (models/record_processor.hpp);
//  - enhanced fan-out: 2 MiB/s per shard per consumer (fact sheet §3), pushed once a slice; the
//    processing time caps what a shard's processor takes per slice;
//  - Lambda: parallelization_factor lanes per shard (T21), each invoking batches of batch_size
//    (within 6 MB) that take per_invoke + per_record x n; the busiest lane by partition key binds
//    its shard; fetched with up to 5 GetRecords calls/s of 10,000 records, or its own EFO pipe.
#ifndef KDS_MODELS_FLUID_SERVICE_RATES_HPP_
#define KDS_MODELS_FLUID_SERVICE_RATES_HPP_

#include <Eigen/Core>

#include "models/scenario.hpp"

namespace kds::models {

// A rate with no limit (finite, so that 0 x it is 0).
constexpr double kUnlimitedRate = 1e300;
// Lambda's synchronous invocation payload limit, 6 MB (fact sheet §8 [BOTO-LAMBDA]).
constexpr double kLambdaPayloadBytes = 6.0 * 1000 * 1000;
// Lambda polls a caught-up shard once a second (fact sheet §8 [LAMBDA-ARCH]).
constexpr double kLambdaCaughtUpCallsPerS = 1.0;

struct FluidServiceRates {
  Eigen::ArrayXd rate;       // records/s the consumer can read from each shard (its fetcher)
  Eigen::ArrayXd call_rate;  // GetRecords calls/s it makes on each shard (0 through an EFO pipe)
  Eigen::ArrayXd proc_rate;  // records/s its record processor sustains (kUnlimitedRate: none)
  // Polling: a batch's processing time; Lambda: a full batch's invocation time; EFO: 0.
  Eigen::ArrayXd batch_s;
  // Offered load over the record processor's capacity; empty when it has no processing time.
  Eigen::ArrayXd processing_load;
  // Polling with prefetch: records the prefetch queue may hold; empty otherwise.
  Eigen::ArrayXd queue_max;
  // Lambda: records in a full batch.
  Eigen::ArrayXd full_batch;
};

// The rates of `spec` on each shard. records_per_s: what each shard stored per second in the
// step; behind: 1 where the consumer was behind (a polling app then reads full calls, a Lambda
// mapping polls 5 times a second); hot_lane_share: Lambda, the busiest lane's share of each shard.
FluidServiceRates fluid_service_rates(const ConsumerSpec& spec, const Scenario& scenario,
                                      const Eigen::ArrayXd& records_per_s,
                                      const Eigen::ArrayXd& bytes_per_record,
                                      const Eigen::ArrayXd& behind,
                                      const Eigen::ArrayXd& hot_lane_share);

}  // namespace kds::models

#endif  // KDS_MODELS_FLUID_SERVICE_RATES_HPP_
