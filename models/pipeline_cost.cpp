// Each item is a count the run measured times a unit price: Lambda requests are invocations
// (retries included), GB-seconds the invocations' billed durations (1 ms steps) times
// memory / 1,024; Firehose bills the ingested records rounded up to 5 KB each (GB = 2^30 bytes, as
// the stream's own prices); a discarded batch sends one message to an SQS or SNS destination or one
// object to S3. A KCL app's lease table bills its successful writes and its takers' reads on
// demand, or its provisioned capacity by the hour. The stream is the run's billed cost
// (cost.billed), enhanced fan-out included.
#include "models/pipeline_cost.hpp"

#include "models/units.hpp"

namespace kds::models {

namespace {
void add(PipelineCost& cost, std::string component, std::string what, double quantity,
         std::string unit, double unit_usd) {
  if (quantity <= 0) return;
  const double usd = quantity * unit_usd;
  cost.items.push_back({std::move(component), std::move(what), quantity, std::move(unit),
                        unit_usd, usd});
  cost.total_usd += usd;
}

void add_lambda(PipelineCost& cost, const std::string& component, const std::string& what,
                double invocations, double gb_s, bool arm64, const PriceTable& prices) {
  add(cost, component, what + " requests", invocations, "requests",
      prices.lambda_request_per_million / 1e6);
  add(cost, component, what + " duration", gb_s, "GB-s",
      arm64 ? prices.lambda_gb_second_arm : prices.lambda_gb_second_x86);
}
}  // namespace

PipelineCost price_pipeline(const Scenario& scenario, const RunResult& run,
                            const BilledCost& stream) {
  PipelineCost cost;
  const PriceTable& prices = scenario.prices;
  cost.items.push_back({"stream", "Kinesis Data Streams as billed", 1, "run", stream.total_usd,
                        stream.total_usd});
  cost.total_usd += stream.total_usd;
  for (size_t c = 0; c < run.consumers.size(); ++c) {
    const ConsumerSpec& spec = scenario.consumers[c];
    const ConsumerResult& result = run.consumers[c];
    if (spec.type == ConsumerType::kLambda) {
      const LambdaResult& l = result.lambda;
      add_lambda(cost, spec.name, "Lambda", l.invocations,
                 l.billed_duration_s * spec.memory_mb / 1024.0, spec.arm64, prices);
      const double sent = static_cast<double>(l.batches_sent_to_on_failure);
      if (spec.on_failure == "sqs")
        add(cost, spec.name, "on-failure SQS messages", sent, "requests",
            prices.sqs_standard_request_per_million / 1e6);
      if (spec.on_failure == "sns")
        add(cost, spec.name, "on-failure SNS publishes", sent, "requests",
            prices.sns_publish_per_million / 1e6);
      if (spec.on_failure == "s3")
        add(cost, spec.name, "on-failure S3 objects", sent, "PUT requests",
            prices.s3_put_per_thousand / 1e3);
    }
    if (spec.output) {
      const bool bus = spec.output->target == OutputSpec::Target::kEventBridge;
      const bool fifo = spec.output->target == OutputSpec::Target::kSqsFifo;
      add(cost, spec.name,
          bus ? "EventBridge events" : fifo ? "SQS FIFO requests" : "SQS requests",
          result.output.billed_requests, bus ? "events" : "requests",
          (bus ? prices.eventbridge_event_per_million
               : fifo ? prices.sqs_fifo_request_per_million
                      : prices.sqs_standard_request_per_million) /
              1e6);
    }
    if (result.lease_table) {
      const LeaseTableResult& t = *result.lease_table;
      if (spec.lease_table.provisioned) {
        const double hours = run.duration_s / kSecondsPerHour;
        add(cost, spec.name, "lease table write capacity",
            spec.lease_table.write_capacity_units * hours, "WCU-hours", prices.dynamodb_wcu_hour);
        add(cost, spec.name, "lease table read capacity",
            spec.lease_table.read_capacity_units * hours, "RCU-hours", prices.dynamodb_rcu_hour);
      } else {
        add(cost, spec.name, "lease table writes", t.write_attempts - t.writes_throttled,
            "write request units", prices.dynamodb_write_request_per_million / 1e6);
        add(cost, spec.name, "lease table reads", t.reads, "read request units",
            prices.dynamodb_read_request_per_million / 1e6);
      }
    }
    if (result.firehose) {
      const FirehoseResult& f = *result.firehose;
      add(cost, spec.name, "Firehose ingestion", f.billed_ingest_bytes / kBytesPerBillingGB, "GB",
          prices.firehose_ingest_gb);
      add_lambda(cost, spec.name, "Firehose transformation Lambda",
                 static_cast<double>(f.transform_invocations), f.transform_gb_s, false, prices);
    }
  }
  const double hours = run.duration_s / kSecondsPerHour;
  cost.monthly_usd = hours > 0 ? cost.total_usd / hours * kHoursPerMonth : 0.0;
  return cost;
}

}  // namespace kds::models
