// An enhanced fan-out consumer application (SPEC §2 consumers[] type "efo", fact sheet §3).
//
// Each shard has a SubscribeToShard subscription that pushes records to the app as they become
// readable, through a pipe of its own: 2 MiB/s per shard per registered consumer, unaffected by
// other consumers, with no call-rate limit. A record reaches the app efo_push_latency after it
// becomes readable (T17: about 70 ms from arrival in all). Subscriptions last 5 minutes and are
// renewed at once (the continuation sequence number carries the position), which the flow model
// counts but does not delay. An app restarted (after a stop_consumer window) re-subscribes; on a
// shard whose last successful SubscribeToShard was less than 5 s before, the call fails with
// ResourceInUseException (T15), so that shard's pushes resume 5 s after it, and the failed calls
// are counted.
//
// An app that processes more slowly than records arrive holds back its own pushes (backpressure):
// records wait in the shard, are never dropped, and the app falls behind (MillisBehindLatest
// grows) until retention takes them.
//
// The app is stepped once per time slice: each step pushes, per shard, what became readable since
// the last step, as much as the 2 MiB/s pipe and the app's processing time allow. A child shard of
// a reshard is read from its first record once its parents reached SHARD_END (T20).
// Threading: step() reads the stream and changes only the app's own state and results, so the
// engine may run it on a second core while the other consumers run (sim/stream_actor.cpp); the
// stream's shard map and logs do not change during a step.
#ifndef KDS_MODELS_ENHANCED_FAN_OUT_APP_HPP_
#define KDS_MODELS_ENHANCED_FAN_OUT_APP_HPP_

#include <cstdint>
#include <vector>

#include "models/outgoing_totals.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"
#include "models/shard_log.hpp"
#include "models/stop_windows.hpp"
#include "models/stream.hpp"
#include "models/stream_reader.hpp"
#include "models/token_bucket.hpp"

namespace kds::models {

class EnhancedFanOutApp : public StreamReader {
 public:
  // The app records into run.consumers[consumer_index]; stream and run must outlive it.
  EnhancedFanOutApp(const ConsumerSpec& spec, const Scenario& scenario, Stream& stream,
                    RunResult& run, size_t consumer_index);

  const ConsumerSpec& spec() const { return spec_; }
  // Pushes every shard's records for the step that ends at now_s. REQUIRES: now_s increases.
  void step(double now_s);

  uint64_t needed_ordinal(int shard, double now_s) const override;
  void finish(double end_s) override;

 private:
  struct Subscription {
    LogPosition position;
    TokenBucket pipe;       // 2 MiB/s dedicated to this app on this shard
    bool caught_up = true;  // the previous step left nothing readable behind
    bool finished = false;  // SHARD_END reached: a closed shard read to its end
    double last_millis_behind_ms = 0;
    // SubscribeToShard: the current series of calls began at series_from_s (renewed every 5
    // minutes from then, T16); no pushes before it. last_success_s: the latest call that
    // succeeded in an earlier series (T15 refuses a new call within 5 s of it).
    double series_from_s = 0;
    bool in_series = true;
    double last_success_s = -1e300;
  };
  // The session [from, until) holding t_s, or {-1, -1} if the app is stopped then.
  std::pair<double, double> session_at(double t_s) const;
  // Back from a stop that ended the sessions at stop_s: each subscription counts its series'
  // calls and subscribes again at from_s, or 5 s after its last success if that is later (T15).
  void resubscribe(double stop_s, double from_s);
  // Counts the calls of a subscription's series ending at until_s; notes its last success.
  void end_series(Subscription& sub, int shard, double until_s);
  // Subscribes to the shards opened since the last step (all of them at the start).
  void subscribe_new_shards(double now_s);

  ConsumerSpec spec_;
  Stream& stream_;
  RunResult& run_;
  ConsumerResult& result_;
  double push_delay_s_;  // from arrival: propagation + push latency
  // [from, until): when the app runs (between its stops); the last ends never.
  std::vector<std::pair<double, double>> sessions_;
  std::pair<double, double> session_{-1, -1};  // the session of the last step
  double subscribe_calls_ = 0;                 // SubscribeToShard calls of ended series

  std::vector<Subscription> subscriptions_;  // one per shard, once started
  double last_step_s_ = 0;
  std::vector<LogPiece> pieces_;  // scratch: the pieces of one read
  OutgoingTotals outgoing_;       // added to the run's at finish(): step() writes nothing shared
};

}  // namespace kds::models

#endif  // KDS_MODELS_ENHANCED_FAN_OUT_APP_HPP_
