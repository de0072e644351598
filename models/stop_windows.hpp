// When a producer group or a consumer application is stopped by stop_producer / stop_consumer
// events (SPEC §2 events[]): the events are known before the run, so models ask this schedule
// instead of waiting for a message.
#ifndef KDS_MODELS_STOP_WINDOWS_HPP_
#define KDS_MODELS_STOP_WINDOWS_HPP_

#include <algorithm>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "models/scenario.hpp"

namespace kds::models {

class StopWindows {
 public:
  // The [at, at + for) windows of the events of `kind` naming `target` (whole-app stops only).
  StopWindows(const std::vector<EventSpec>& events, EventSpec::Kind kind,
              const std::string& target) {
    for (const EventSpec& e : events) {
      if (e.kind == kind && e.target == target && e.worker < 0)
        windows_.push_back({e.at_s, e.until_s()});
    }
  }
  bool contains(double t_s) const {
    return std::any_of(windows_.begin(), windows_.end(),
                       [&](const auto& w) { return t_s >= w.first && t_s < w.second; });
  }
  // The windows from from_s on while not stopped, in time order; the last one never ends.
  std::vector<std::pair<double, double>> running_from(double from_s) const {
    std::vector<std::pair<double, double>> stops = windows_;
    std::sort(stops.begin(), stops.end());
    std::vector<std::pair<double, double>> running;
    double t = from_s;
    for (const auto& [from, until] : stops) {
      if (from > t) running.push_back({t, from});
      t = std::max(t, until);
    }
    running.push_back({t, std::numeric_limits<double>::infinity()});
    return running;
  }
  // Seconds of [from_s, to_s) spent stopped (windows may overlap only if the events do).
  double stopped_seconds(double from_s, double to_s) const {
    double stopped = 0;
    for (const auto& [from, until] : windows_)
      stopped += std::max(0.0, std::min(to_s, until) - std::max(from_s, from));
    return std::min(stopped, to_s - from_s);
  }

 private:
  std::vector<std::pair<double, double>> windows_;
};

}  // namespace kds::models

#endif  // KDS_MODELS_STOP_WINDOWS_HPP_
