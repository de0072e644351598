// Downstream sends and their billing units (pipeline.md §3: SQS bills each 64 KB of a request's
// payload as one request; EventBridge each 64 KB of an event as one event).
#include "models/downstream_output.hpp"

#include <boost/test/unit_test.hpp>

using namespace kds::models;

BOOST_AUTO_TEST_SUITE(downstream_output_units)

BOOST_AUTO_TEST_CASE(calls_and_billed_units) {
  OutputSpec sqs;
  sqs.messages_per_call = 10;
  // 95 records of 1 KB: 10 calls (the last of 5), each request under 64 KB.
  OutputSend s = output_send(sqs, 95, 95 * 1000.0, 65536);
  BOOST_TEST(s.messages == 95);
  BOOST_TEST(s.calls == 10);
  BOOST_TEST(s.billed_units == 10.0);
  // 10 messages of 10 KB in a call: 100 KB, two 64 KB chunks per request.
  s = output_send(sqs, 20, 20 * 10000.0, 65536);
  BOOST_TEST(s.billed_units == 4.0);
  // 11 messages of 10 KB: a call of 10 (100 KB, 2 chunks) and one of 1 (1 chunk).
  s = output_send(sqs, 11, 11 * 10000.0, 65536);
  BOOST_TEST(s.billed_units == 3.0);
  // One message per batch of 100 records of 1 KB: 100 KB, two chunks.
  sqs.per_record = false;
  s = output_send(sqs, 100, 100 * 1000.0, 65536);
  BOOST_TEST(s.messages == 1);
  BOOST_TEST(s.billed_units == 2.0);
  // EventBridge: a 256 KB event counts as 4.
  OutputSpec bus;
  bus.target = OutputSpec::Target::kEventBridge;
  bus.per_record = false;
  s = output_send(bus, 1, 262144, 65536);
  BOOST_TEST(s.billed_units == 4.0);
  BOOST_TEST(default_calls_per_s(OutputSpec::Target::kSqsFifo, false) == 300.0);
  BOOST_TEST(default_calls_per_s(OutputSpec::Target::kSqs, false) == 0.0);
}

BOOST_AUTO_TEST_SUITE_END()
