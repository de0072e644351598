// Builds the models for a scenario, starts one actor for the stream's write path and one per
// polling worker, runs the engine to the scenario's end, then closes the books.
#include "sim/simulation.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "models/alarm_history.hpp"
#include "models/autoscaler.hpp"
#include "models/control_plane.hpp"
#include "models/enhanced_fan_out_app.hpp"
#include "models/event_source_mapping.hpp"
#include "models/polling_app.hpp"
#include "models/stream.hpp"
#include "models/units.hpp"
#include "sim/autoscaler_actor.hpp"
#include "sim/background_worker.hpp"
#include "sim/polling_worker_actor.hpp"
#include "sim/s4u_adapter.hpp"
#include "sim/stepped_consumer_actor.hpp"
#include "sim/stream_actor.hpp"

namespace kds::sim {

namespace {
models::RunResult empty_result(const models::Scenario& scenario) {
  models::RunResult result;
  result.duration_s = scenario.duration_s;
  result.interval_s = scenario.report.interval_s;
  result.periods =
      static_cast<size_t>(std::ceil(scenario.duration_s / scenario.report.interval_s - 1e-9));
  result.periods = std::max<size_t>(1, result.periods);
  result.stream.periods.resize(result.periods);
  result.stream.put_payload_units_by_period.assign(result.periods, 0.0);
  result.stream.on_demand_billed_in_bytes_by_period.assign(result.periods, 0.0);
  result.stream.write_capacity_bytes_per_s.assign(result.periods, 0.0);
  result.stream.write_capacity_records_per_s.assign(result.periods, 0.0);
  // The stream adds a result per shard as it opens them.
  for (const auto& spec : scenario.consumers) {
    models::ConsumerResult consumer;
    consumer.name = spec.name;
    consumer.type = spec.type;
    consumer.periods.resize(result.periods);
    consumer.max_iterator_age_ms.assign(result.periods, -1.0);
    consumer.max_millis_behind_latest.assign(result.periods, -1.0);
    consumer.propagation_delay_ms.set_periods(result.periods);
    result.consumers.push_back(std::move(consumer));
  }
  return result;
}
}  // namespace

models::RunResult simulate(const models::Scenario& scenario, int* argc, char** argv, bool& ok,
                           const ProgressCallback& on_progress) {
  models::RunResult result = empty_result(scenario);
  models::Stream stream(scenario, result);
  models::ControlPlane control_plane(scenario, stream, result);
  std::vector<std::unique_ptr<models::PollingApp>> polling_apps;
  std::vector<std::unique_ptr<models::EnhancedFanOutApp>> efo_apps;
  std::vector<std::unique_ptr<models::EventSourceMapping>> mappings;
  std::vector<models::StreamReader*> readers;
  for (size_t c = 0; c < scenario.consumers.size(); ++c) {
    const models::ConsumerSpec& spec = scenario.consumers[c];
    const uint64_t seed = scenario.seed * 7919ULL + 100 + c;
    if (spec.type == models::ConsumerType::kEfo) {
      efo_apps.push_back(
          std::make_unique<models::EnhancedFanOutApp>(spec, scenario, stream, result, c));
      readers.push_back(efo_apps.back().get());
    } else if (spec.type == models::ConsumerType::kLambda) {
      mappings.push_back(
          std::make_unique<models::EventSourceMapping>(spec, scenario, stream, result, c, seed));
      readers.push_back(mappings.back().get());
    } else {
      polling_apps.push_back(
          std::make_unique<models::PollingApp>(spec, scenario, stream, result, c, seed));
      readers.push_back(polling_apps.back().get());
    }
  }
  const double end_s = scenario.duration_s;

  SimEngine engine(argc, argv);
  // Enhanced fan-out apps step on the write path's second thread (sim/stream_actor.hpp).
  std::vector<BackgroundReader> background;
  for (auto& app : efo_apps) {
    models::EnhancedFanOutApp* target = app.get();  // the apps outlive the engine run
    background.push_back({[target](double t) { target->step(t); },
                          StepSchedule(target->spec().start_at_s, stream.slice_s(), end_s)});
  }
  // A second core for the work that no other actor shares: enhanced fan-out steps and the
  // producers' draws (sim/stream_actor.hpp), Lambda invocations and half of each fetch (below).
  // Declared after everything its jobs touch, so that it is destroyed (and its thread joined)
  // first if the run unwinds.
  BackgroundWorker worker;
  engine.spawn("stream-write-path", [&] {
    run_stream_write_path(stream, control_plane, readers, background, worker, end_s, on_progress);
  });
  // A Lambda mapping fetches in its actor (GetRecords shares the shards' read limits with the
  // polling apps, which do not run meanwhile; the two halves of the shards are disjoint) and runs
  // its invocations on the second thread until its next fetch.
  for (auto& mapping : mappings) {
    models::EventSourceMapping* target = mapping.get();
    engine.spawn(mapping->spec().name + "-event-source-mapping", [target, &stream, &worker, end_s] {
      BackgroundWorker::Ticket lanes = 0;
      run_stepped_consumer(
          [target, &worker, &lanes](double t) {
            worker.wait(lanes);
            if (!target->begin_fetch(t)) return;
            // Half the shards fetch on the second thread (this one runs it if it has not started).
            models::EventSourceMapping::FetchTally first, second;
            const size_t n = target->fetch_count(), half = n / 2;
            const auto other = worker.post([&] { target->fetch_range(half, n, second); });
            try {
              target->fetch_range(0, half, first);
            } catch (...) {
              worker.wait_ignoring_errors(other);  // `second` lives on this stack
              throw;
            }
            worker.wait(other);
            target->end_fetch({&first, &second});
            lanes = worker.post([target, t] { target->lanes_step(t); });
          },
          target->spec().start_at_s, stream.slice_s(), end_s);
      worker.wait(lanes);
    });
  }
  for (auto& app : polling_apps) {
    // A polling app alone on the stream looks a whole slice ahead: no other app's calls can come
    // between its own (the Lambda mappings that share the read limits fetch at slice boundaries,
    // which polls do not cross). Apps that share shards look a quarter of their idle time ahead.
    const double lookahead_s =
        polling_apps.size() == 1
            ? stream.slice_s()
            : std::min(stream.slice_s(), app->spec().idle_time_between_reads_s / 4);
    const double slice_s = stream.slice_s();
    for (int w = 0; w < app->spec().workers; ++w) {
      models::PollingApp* target = app.get();  // the app outlives the engine run
      engine.spawn(app->spec().name + "-worker-" + std::to_string(w),
                   [target, w, lookahead_s, slice_s, end_s] {
                     run_polling_worker(*target, w, lookahead_s, slice_s, end_s);
                   });
    }
  }
  std::unique_ptr<models::Autoscaler> autoscaler;
  if (scenario.autoscaler) {
    autoscaler = models::make_autoscaler(scenario);
    engine.spawn("autoscaler", [&] {
      run_autoscaler(*autoscaler, control_plane, stream, result,
                     scenario.service.alarm_action_delay_s, end_s);
    });
  }
  ok = true;
  engine.run([&ok] { ok = false; });
  worker.wait_all();  // every actor waited for its jobs, unless the run deadlocked

  stream.finish(end_s);
  control_plane.finish(end_s);
  for (models::StreamReader* reader : readers) reader->finish(end_s);
  for (models::ConsumerResult& consumer : result.consumers) consumer.propagation_delay_ms.close();
  for (const models::AlarmSpec& alarm : scenario.alarms)
    result.alarms.push_back(models::evaluate_alarm(alarm, scenario, result));
  if (autoscaler) {
    const models::ScalingAction* last = nullptr;
    for (const models::ScalingAction& action : result.stream.scaling_actions)
      if (action.by == autoscaler->name()) last = &action;
    autoscaler->finish({result, end_s, stream.open_shard_count(), result.periods, last,
                        stream.mode() == models::StreamMode::kProvisioned});
    for (const models::AlarmResult& alarm : autoscaler->alarms()) result.alarms.push_back(alarm);
  }
  return result;
}

}  // namespace kds::sim
