// Metric names are CloudWatch's (namespace AWS/Kinesis, fact sheet §11). The stream's
// GetRecords.IteratorAgeMilliseconds is the maximum over its polling consumers (enhanced fan-out
// apps report SubscribeToShardEvent.MillisBehindLatest under their own dimension); a consumer's row
// is written only for periods in which it had a served call (CloudWatch has no datapoint
// otherwise).
#include "reports/metrics_csv.hpp"

#include <algorithm>

#include "reports/output_files.hpp"

namespace kds::reports {

namespace {
void add_row(std::string& out, const std::string& time, const char* metric,
             const std::string& dimension, double value) {
  out += time;
  out += ',';
  out += metric;
  out += ',';
  out += dimension;
  out += ',';
  out += format_number(value);
  out += '\n';
}

void add_series(std::string& out, const std::string& time, const std::string& dimension,
                const models::PeriodSeries& s, size_t p, bool with_incoming) {
  if (with_incoming) {
    add_row(out, time, "IncomingRecords", dimension, s.incoming_records[p]);
    add_row(out, time, "IncomingBytes", dimension, s.incoming_bytes[p]);
    add_row(out, time, "WriteProvisionedThroughputExceeded", dimension,
            s.write_throttled_records[p]);
  }
  add_row(out, time, "ReadProvisionedThroughputExceeded", dimension, s.read_throttled_calls[p]);
  add_row(out, time, "OutgoingRecords", dimension, s.outgoing_records[p]);
  add_row(out, time, "OutgoingBytes", dimension, s.outgoing_bytes[p]);
}
// Polling apps report GetRecords' IteratorAge; enhanced fan-out apps the pushed events' lag.
// Lambda reports its own IteratorAge: the age of the last record of a batch when it finished.
const char* age_metric(models::ConsumerType type) {
  switch (type) {
    case models::ConsumerType::kEfo:
      return "SubscribeToShardEvent.MillisBehindLatest";
    case models::ConsumerType::kLambda:
      return "IteratorAge";
    case models::ConsumerType::kPolling:
      break;
  }
  return "GetRecords.IteratorAgeMilliseconds";
}
}  // namespace

std::string metrics_csv(const models::RunResult& run) {
  std::string out = "time_s,metric,dimension,value\n";
  for (size_t p = 0; p < run.periods; ++p) {
    const std::string time = format_number(static_cast<double>(p) * run.interval_s);
    add_series(out, time, "stream", run.stream.periods, p, true);
    add_row(out, time, "OpenShardCount", "stream", run.stream.open_shard_count[p]);
    double stream_age_ms = -1;
    for (const auto& c : run.consumers) {
      if (c.type == models::ConsumerType::kPolling)
        stream_age_ms = std::max(stream_age_ms, c.max_iterator_age_ms[p]);
    }
    if (stream_age_ms >= 0)
      add_row(out, time, "GetRecords.IteratorAgeMilliseconds", "stream", stream_age_ms);
    for (const auto& c : run.consumers) {
      const std::string dimension = "consumer:" + c.name;
      if (c.max_iterator_age_ms[p] >= 0) {
        add_row(out, time, age_metric(c.type), dimension, c.max_iterator_age_ms[p]);
      }
      add_series(out, time, dimension, c.periods, p, false);
      // The delay of the records delivered in the period: its maximum and its p99.
      if (c.propagation_delay_ms.period_max_ms()[p] >= 0) {
        add_row(out, time, "PropagationDelayMilliseconds", dimension,
                c.propagation_delay_ms.period_max_ms()[p]);
        add_row(out, time, "PropagationDelayMilliseconds.p99", dimension,
                c.propagation_delay_ms.period_p99_ms()[p]);
      }
      if (c.type == models::ConsumerType::kPolling && c.max_millis_behind_latest[p] >= 0) {
        add_row(out, time, "MillisBehindLatest", dimension, c.max_millis_behind_latest[p]);
      }
      if (c.type == models::ConsumerType::kLambda) {
        add_row(out, time, "ConcurrentExecutions", dimension, c.lambda.concurrent_executions[p]);
      }
    }
    for (const auto& shard : run.shards) {
      if (shard.periods.incoming_records.empty()) continue;  // shard metrics off
      add_series(out, time, shard.shard_id, shard.periods, p, true);
    }
  }
  return out;
}

}  // namespace kds::reports
