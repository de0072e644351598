// IteratorAge in the fluid model (models/fluid_consumers.hpp), as each consumer type reports it:
// polling, GetRecords.IteratorAgeMilliseconds (the age of the last record a call returns, when the
// call is made); enhanced fan-out, MillisBehindLatest (0 at the tip); Lambda, IteratorAge (the age
// of the batch's last record when its invocation ends). A consumer behind gets the age of the
// record at its position from the arrival history; these are the other cases.
#ifndef KDS_MODELS_FLUID_ITERATOR_AGE_HPP_
#define KDS_MODELS_FLUID_ITERATOR_AGE_HPP_

#include <Eigen/Core>

#include "models/scenario.hpp"

namespace kds::models {

// The first read of a backlog of `backlog` records: how many of the oldest it returns (a call's
// worth, a slice of the EFO pipe, a Lambda batch), and how long after the read the age is taken
// (Lambda: the invocation's duration). `reports_age`: false when the read takes the whole backlog
// and a polling or EFO consumer then reports the tip's age (the floor below).
struct FluidFirstRead {
  double records = 0;
  double extra_s = 0;
  bool reports_age = true;
};
FluidFirstRead fluid_first_read(const ConsumerSpec& spec, const Scenario& scenario, double backlog,
                                double bytes_per_record);

// Per shard, in ms, for a consumer that keeps up on shards storing records_per_s: polling, the
// propagation (25 ms) plus the spacing of records (1 / rate, at most the poll interval); EFO, 0;
// Lambda, the propagation, the spacing and the time the hot lane is busy with one poll's batches.
// full_batch: Lambda, the records of a full batch (FluidServiceRates::full_batch).
Eigen::ArrayXd caught_up_iterator_age_ms(const ConsumerSpec& spec, const Scenario& scenario,
                                         const Eigen::ArrayXd& records_per_s,
                                         const Eigen::ArrayXd& hot_lane_share,
                                         const Eigen::ArrayXd& full_batch);

// Lambda: the time the busiest lane of each shard is busy per poll with what the poll fetched.
Eigen::ArrayXd lambda_hot_lane_busy_s(const ConsumerSpec& spec, const Scenario& scenario,
                                      const Eigen::ArrayXd& records_per_s,
                                      const Eigen::ArrayXd& hot_lane_share,
                                      const Eigen::ArrayXd& full_batch);

// The largest IteratorAge of `calls` calls of a polling app keeping up on a shard storing
// records_per_s, with Poisson arrivals: a slice's records arrive evenly, so a call's age is the
// propagation plus up to a slice's spacing, the widest at the fewest records a slice gets once in
// `calls` (the Poisson quantile 1 / calls).
double polling_max_caught_up_age_ms(const Scenario& scenario, double cycle_s, double records_per_s,
                                    double calls);

// The smallest c with P(X <= c) >= p for X ~ Poisson(mu).
double poisson_low_quantile(double mu, double p);

// A polling app's last call on shards that closed: it returns their last records up to a poll
// cycle after the close, at a random phase, so of k shards closed together the latest comes about
// k / (k + 1) of a cycle later (or `waited_s`, the time the app needed to reach their ends, if
// longer).
double polling_last_read_age_ms(double cycle_s, int shards_closed, double waited_s);

}  // namespace kds::models

#endif  // KDS_MODELS_FLUID_ITERATOR_AGE_HPP_
