// The CloudWatch metrics kds-sim publishes (namespace AWS/Kinesis, fact sheet §11), one value per
// report interval, as metrics.csv writes them: a metric is named by its CloudWatch name and a
// dimension ("stream", "consumer:<name>" or a shard id). Alarms and autoscaler policies read
// metrics through this catalogue, so that they see exactly what metrics.csv shows, gaps included
// (a consumer's IteratorAge has no datapoint in a period without a served call).
#ifndef KDS_MODELS_CLOUDWATCH_METRIC_HPP_
#define KDS_MODELS_CLOUDWATCH_METRIC_HPP_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "models/run_result.hpp"
#include "models/scenario.hpp"

namespace kds::models {

// The IteratorAge a consumer of this type publishes: GetRecords.IteratorAgeMilliseconds (polling),
// SubscribeToShardEvent.MillisBehindLatest (enhanced fan-out), IteratorAge (Lambda: the age of
// the last record of a batch when it finished).
const char* iterator_age_metric(ConsumerType type);

// The stream's GetRecords.IteratorAgeMilliseconds in period p: the maximum over its polling
// consumers (enhanced fan-out and Lambda publish their own), or nullopt without a served call.
std::optional<double> stream_iterator_age_ms(const RunResult& run, size_t p);

// One metric of one dimension.
class CloudWatchMetric {
 public:
  // Why the scenario publishes no such metric, naming what it does publish; nullopt if it does.
  static std::optional<std::string> problem(const std::string& metric,
                                            const std::string& dimension,
                                            const Scenario& scenario);
  // The metric names a dimension publishes ("stream", "consumer:<name>", a shard id).
  static std::vector<std::string> names_for(const std::string& dimension,
                                            const Scenario& scenario);

  // REQUIRES: problem(metric, dimension, scenario) is nullopt.
  CloudWatchMetric(const std::string& metric, const std::string& dimension,
                   const Scenario& scenario);

  // The value of report period p, or nullopt where metrics.csv has no row. REQUIRES: p < periods.
  std::optional<double> value(const RunResult& run, size_t p) const;

  const std::string& metric() const { return metric_; }
  const std::string& dimension() const { return dimension_; }

 private:
  enum class Scope { kStream, kConsumer, kShard };
  std::string metric_, dimension_;
  Scope scope_ = Scope::kStream;
  size_t consumer_ = 0;
};

}  // namespace kds::models

#endif  // KDS_MODELS_CLOUDWATCH_METRIC_HPP_
