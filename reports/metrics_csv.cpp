// Metric names are CloudWatch's (namespace AWS/Kinesis, fact sheet §11). The stream's
// GetRecords.IteratorAgeMilliseconds is the maximum over its polling consumers (enhanced fan-out
// apps report SubscribeToShardEvent.MillisBehindLatest under their own dimension); a consumer's row
// is written only for periods in which it had a served call (CloudWatch has no datapoint
// otherwise).
#include "reports/metrics_csv.hpp"

#include <algorithm>

#include "models/cloudwatch_metric.hpp"
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
}  // namespace

std::string metrics_csv(const models::RunResult& run) {
  std::string out = "time_s,metric,dimension,value\n";
  for (size_t p = 0; p < run.periods; ++p) {
    const std::string time = format_number(static_cast<double>(p) * run.interval_s);
    add_series(out, time, "stream", run.stream.periods, p, true);
    add_row(out, time, "OpenShardCount", "stream", run.stream.open_shard_count[p]);
    if (const auto stream_age_ms = models::stream_iterator_age_ms(run, p))
      add_row(out, time, "GetRecords.IteratorAgeMilliseconds", "stream", *stream_age_ms);
    for (const auto& c : run.consumers) {
      const std::string dimension = "consumer:" + c.name;
      if (c.max_iterator_age_ms[p] >= 0) {
        add_row(out, time, models::iterator_age_metric(c.type), dimension, c.max_iterator_age_ms[p]);
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
      // Firehose (namespace AWS/Firehose): the period's largest DataFreshness (seconds), and
      // what reached the destination.
      if (c.firehose) {
        if (c.firehose->data_freshness_s[p] >= 0)
          add_row(out, time, "DeliveryToS3.DataFreshness", dimension,
                  c.firehose->data_freshness_s[p]);
        add_row(out, time, "DeliveryToS3.Records", dimension,
                c.firehose->delivered_records_by_period[p]);
        add_row(out, time, "DeliveryToS3.Bytes", dimension,
                c.firehose->delivered_bytes_by_period[p]);
      }
    }
    for (const auto& shard : run.shards) {
      if (shard.periods.incoming_records.empty()) continue;  // shard metrics off
      // No rows before the shard opened or after it closed: CloudWatch has no datapoint there.
      const double from_s = static_cast<double>(p) * run.interval_s;
      if (!shard.open_during(from_s, from_s + run.interval_s)) continue;
      add_series(out, time, shard.shard_id, shard.periods, p, true);
    }
    // An alarm's state during the period (transitions fall on period boundaries): 0 OK, 1 ALARM,
    // no row while INSUFFICIENT_DATA (SPEC §4). The rows' ALARM periods add up to seconds_in_alarm.
    const double period_start_s = static_cast<double>(p) * run.interval_s;
    for (const auto& alarm : run.alarms) {
      const models::AlarmState state = alarm.state_at(period_start_s);
      if (state == models::AlarmState::kInsufficientData) continue;
      add_row(out, time, "AlarmState", "alarm:" + alarm.name,
              state == models::AlarmState::kAlarm ? 1 : 0);
    }
  }
  return out;
}

}  // namespace kds::reports
