// Which metrics exist where follows metrics.csv (reports/metrics_csv.cpp), and a test checks every
// row of a real metrics.csv against value(). Shards are found by id at each read: resharding opens
// shards the scenario cannot name in advance, and a shard that never opens has no datapoints.
#include "models/cloudwatch_metric.hpp"

#include <algorithm>
#include <regex>

namespace kds::models {

namespace {
const std::vector<std::string> kSeriesMetrics = {
    "IncomingRecords",  "IncomingBytes",  "WriteProvisionedThroughputExceeded",
    "ReadProvisionedThroughputExceeded", "OutgoingRecords", "OutgoingBytes"};
const char kConsumerPrefix[] = "consumer:";

bool is_shard_id(const std::string& dimension) {
  static const std::regex kShardId("shardId-[0-9]{12}");
  return std::regex_match(dimension, kShardId);
}

std::optional<size_t> consumer_index(const std::string& dimension, const Scenario& scenario) {
  if (dimension.rfind(kConsumerPrefix, 0) != 0) return std::nullopt;
  const std::string name = dimension.substr(sizeof kConsumerPrefix - 1);
  for (size_t c = 0; c < scenario.consumers.size(); ++c) {
    if (scenario.consumers[c].name == name) return c;
  }
  return std::nullopt;
}

std::optional<double> series_value(const PeriodSeries& s, const std::string& metric, size_t p) {
  if (s.incoming_records.empty()) return std::nullopt;  // shard metrics off
  if (metric == "IncomingRecords") return s.incoming_records[p];
  if (metric == "IncomingBytes") return s.incoming_bytes[p];
  if (metric == "WriteProvisionedThroughputExceeded") return s.write_throttled_records[p];
  if (metric == "ReadProvisionedThroughputExceeded") return s.read_throttled_calls[p];
  if (metric == "OutgoingRecords") return s.outgoing_records[p];
  if (metric == "OutgoingBytes") return s.outgoing_bytes[p];
  return std::nullopt;
}

std::optional<double> present(double value) {
  return value >= 0 ? std::optional<double>(value) : std::nullopt;
}
}  // namespace

const char* iterator_age_metric(ConsumerType type) {
  switch (type) {
    case ConsumerType::kEfo:
      return "SubscribeToShardEvent.MillisBehindLatest";
    case ConsumerType::kLambda:
      return "IteratorAge";
    case ConsumerType::kPolling:
      break;
  }
  return "GetRecords.IteratorAgeMilliseconds";
}

std::optional<double> stream_iterator_age_ms(const RunResult& run, size_t p) {
  double age_ms = -1;
  for (const ConsumerResult& c : run.consumers) {
    if (c.type == ConsumerType::kPolling) age_ms = std::max(age_ms, c.max_iterator_age_ms[p]);
  }
  return present(age_ms);
}

std::vector<std::string> CloudWatchMetric::names_for(const std::string& dimension,
                                                     const Scenario& scenario) {
  std::vector<std::string> names;
  if (dimension == "stream") {
    names = kSeriesMetrics;
    names.push_back("OpenShardCount");
    names.push_back("GetRecords.IteratorAgeMilliseconds");
  } else if (const auto c = consumer_index(dimension, scenario)) {
    const ConsumerType type = scenario.consumers[*c].type;
    names = {iterator_age_metric(type), "ReadProvisionedThroughputExceeded", "OutgoingRecords",
             "OutgoingBytes", "PropagationDelayMilliseconds", "PropagationDelayMilliseconds.p99"};
    if (type == ConsumerType::kPolling) names.push_back("MillisBehindLatest");
    if (scenario.consumers[*c].firehose) {
      for (const char* n :
           {"DeliveryToS3.DataFreshness", "DeliveryToS3.Records", "DeliveryToS3.Bytes"})
        names.push_back(n);
    }
    if (type == ConsumerType::kLambda) names.push_back("ConcurrentExecutions");
  } else if (is_shard_id(dimension)) {
    names = kSeriesMetrics;
  }
  return names;
}

std::optional<std::string> CloudWatchMetric::problem(const std::string& metric,
                                                     const std::string& dimension,
                                                     const Scenario& scenario) {
  if (dimension.rfind(kConsumerPrefix, 0) == 0 && !consumer_index(dimension, scenario))
    return "names no consumer of the scenario";
  const std::vector<std::string> names = names_for(dimension, scenario);
  if (names.empty())
    return "must be \"stream\", \"consumer:<name>\" or a shard id such as "
           "\"shardId-000000000000\", as in metrics.csv";
  if (is_shard_id(dimension) && !scenario.report.shard_metrics)
    return "a shard's metrics need report.shard_metrics true (per-shard rows are off)";
  if (std::find(names.begin(), names.end(), metric) == names.end()) {
    std::string list;
    for (const std::string& name : names) list += (list.empty() ? "" : ", ") + name;
    return "has no metric " + metric + "; it publishes " + list;
  }
  return std::nullopt;
}

CloudWatchMetric::CloudWatchMetric(const std::string& metric, const std::string& dimension,
                                   const Scenario& scenario)
    : metric_(metric), dimension_(dimension) {
  if (const auto c = consumer_index(dimension, scenario)) {
    scope_ = Scope::kConsumer;
    consumer_ = *c;
  } else if (dimension != "stream") {
    scope_ = Scope::kShard;
  }
}

std::optional<double> CloudWatchMetric::value(const RunResult& run, size_t p) const {
  switch (scope_) {
    case Scope::kStream:
      if (metric_ == "OpenShardCount") return run.stream.open_shard_count[p];
      if (metric_ == "GetRecords.IteratorAgeMilliseconds") return stream_iterator_age_ms(run, p);
      return series_value(run.stream.periods, metric_, p);
    case Scope::kShard:
      for (const ShardResult& shard : run.shards) {
        if (shard.shard_id != dimension_) continue;
        // No datapoint before the shard opened or after it closed (CloudWatch has none).
        const double from_s = static_cast<double>(p) * run.interval_s;
        if (!shard.open_during(from_s, from_s + run.interval_s)) return std::nullopt;
        return series_value(shard.periods, metric_, p);
      }
      return std::nullopt;
    case Scope::kConsumer:
      break;
  }
  const ConsumerResult& c = run.consumers[consumer_];
  if (metric_ == iterator_age_metric(c.type)) return present(c.max_iterator_age_ms[p]);
  if (metric_ == "PropagationDelayMilliseconds")
    return present(c.propagation_delay_ms.period_max_ms()[p]);
  if (metric_ == "PropagationDelayMilliseconds.p99")
    return c.propagation_delay_ms.period_max_ms()[p] >= 0
               ? std::optional<double>(c.propagation_delay_ms.period_p99_ms()[p])
               : std::nullopt;
  if (metric_ == "MillisBehindLatest") return present(c.max_millis_behind_latest[p]);
  if (metric_ == "ConcurrentExecutions") return c.lambda.concurrent_executions[p];
  if (c.firehose) {
    if (metric_ == "DeliveryToS3.DataFreshness") return present(c.firehose->data_freshness_s[p]);
    if (metric_ == "DeliveryToS3.Records") return c.firehose->delivered_records_by_period[p];
    if (metric_ == "DeliveryToS3.Bytes") return c.firehose->delivered_bytes_by_period[p];
  }
  return series_value(c.periods, metric_, p);
}

}  // namespace kds::models
