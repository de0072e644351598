#include "models/downstream_output.hpp"

#include <algorithm>
#include <cmath>

namespace kds::models {

namespace {
constexpr double kSqsFifoCallsPerS = 300;
constexpr double kSqsFifoHighThroughputCallsPerS = 70000;
constexpr double kEventBridgePutEventsPerS = 10000;
}  // namespace

const char* output_target_name(OutputSpec::Target target) {
  switch (target) {
    case OutputSpec::Target::kSqsFifo:
      return "sqs_fifo";
    case OutputSpec::Target::kEventBridge:
      return "eventbridge";
    case OutputSpec::Target::kSqs:
      break;
  }
  return "sqs";
}

double default_calls_per_s(OutputSpec::Target target, bool high_throughput) {
  switch (target) {
    case OutputSpec::Target::kSqsFifo:
      return high_throughput ? kSqsFifoHighThroughputCallsPerS : kSqsFifoCallsPerS;
    case OutputSpec::Target::kEventBridge:
      return kEventBridgePutEventsPerS;
    case OutputSpec::Target::kSqs:
      break;
  }
  return 0;
}

OutputSend output_send(const OutputSpec& spec, int64_t records, double bytes, double chunk_bytes) {
  OutputSend send;
  if (records <= 0) return send;
  send.messages = spec.per_record ? records : 1;
  send.calls = (send.messages + spec.messages_per_call - 1) / spec.messages_per_call;
  const double message_bytes = bytes / static_cast<double>(send.messages);
  const double chunks = std::max(1.0, std::ceil(message_bytes / chunk_bytes - 1e-9));
  if (spec.target == OutputSpec::Target::kEventBridge) {
    send.billed_units = static_cast<double>(send.messages) * chunks;  // per event
  } else {
    // Per request: its payload (the messages it carries) in 64 KB chunks; the last call may carry
    // fewer messages than the others.
    const auto chunks_of = [&](int64_t messages) {
      return std::max(1.0, std::ceil(message_bytes * static_cast<double>(messages) / chunk_bytes -
                                     1e-9));
    };
    const int64_t full_calls = send.messages / spec.messages_per_call;
    const int64_t rest = send.messages % spec.messages_per_call;
    send.billed_units = static_cast<double>(full_calls) * chunks_of(spec.messages_per_call) +
                        (rest > 0 ? chunks_of(rest) : 0.0);
  }
  return send;
}

}  // namespace kds::models
