// A consumer's downstream target (consumers[].output, issue 16; pipeline.md §4.4): the Lambda
// function sends what it processed to an SQS queue (standard or FIFO) or to an EventBridge bus,
// one message per record or per batch, up to 10 per API call (SendMessageBatch, PutEvents). The
// target's API quota is one clock for the whole mapping: a send over the quota is throttled and
// retried by the SDK, so the invocation lasts until its calls got through. A slow target slows the
// consumer, and IteratorAge rises. Left out: Lambda's 15-minute timeout for an invocation that
// waits that long, and SQS's 256 KiB message limit for a per-batch message.
// Quotas (calls per second, per API action): SQS FIFO 300 ("FIFO queues support 300 transactions
// per second, per API action", SQS developer guide, troubleshooting FIFO throttling; 3,000 messages
// with batches of 10); high-throughput FIFO 70,000 in us-east-1, us-west-2 and eu-west-1 (SQS
// quotas page; other regions lower: UNCERTAIN, a parameter); SQS standard "nearly unlimited";
// EventBridge PutEvents 10,000 per second in us-east-1, account-wide (EventBridge quotas as quoted
// on AWS re:Post; region-dependent: a parameter).
#ifndef KDS_MODELS_DOWNSTREAM_OUTPUT_HPP_
#define KDS_MODELS_DOWNSTREAM_OUTPUT_HPP_

#include <cstdint>
#include <string>

namespace kds::models {

struct OutputSpec {
  enum class Target { kSqs, kSqsFifo, kEventBridge };
  Target target = Target::kSqs;
  bool per_record = true;     // one message per record; false: one per batch
  int messages_per_call = 1;  // 1: SendMessage / one PutEvents entry; up to 10 per batch call
  bool high_throughput = false;  // SQS FIFO high-throughput mode
  double max_calls_per_s = 0;    // the quota; 0: unlimited (SQS standard)
};

const char* output_target_name(OutputSpec::Target target);  // "sqs", "sqs_fifo", "eventbridge"

// The target's default quota, in calls per second (0: unlimited).
double default_calls_per_s(OutputSpec::Target target, bool high_throughput);

// The calls a batch of `records` (`bytes` in all) needs, and their billed units.
struct OutputSend {
  int64_t messages = 0;
  int64_t calls = 0;
  double billed_units = 0;
};
// What a consumer sent (summary.json consumers[].output).
struct OutputResult {
  int64_t messages = 0;
  int64_t calls = 0;
  double billed_requests = 0;  // SQS: calls x 64 KB chunks of their payload; EventBridge: events x
                               // 64 KB chunks of each
  double throttled_wait_s = 0;  // time invocations spent waiting for the quota

  void add(const OutputSend& send) {
    messages += send.messages;
    calls += send.calls;
    billed_requests += send.billed_units;
  }
};

OutputSend output_send(const OutputSpec& spec, int64_t records, double bytes, double chunk_bytes);

}  // namespace kds::models

#endif  // KDS_MODELS_DOWNSTREAM_OUTPUT_HPP_
