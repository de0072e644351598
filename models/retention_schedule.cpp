#include "models/retention_schedule.hpp"

#include <algorithm>
#include <limits>

#include "models/units.hpp"

namespace kds::models {

RetentionSchedule::RetentionSchedule(const Scenario& scenario) {
  pieces_.push_back(
      {0.0, scenario.retention_hours * kSecondsPerHour, -std::numeric_limits<double>::infinity()});
  std::vector<const EventSpec*> changes;
  for (const EventSpec& e : scenario.events) {
    if (e.kind == EventSpec::Kind::kSetRetentionHours) changes.push_back(&e);
  }
  std::stable_sort(changes.begin(), changes.end(),
                   [](const EventSpec* a, const EventSpec* b) { return a->at_s < b->at_s; });
  for (const EventSpec* e : changes) {
    const Piece& last = pieces_.back();
    const double reached = std::max(last.horizon_before_s, e->at_s - last.retention_s);
    pieces_.push_back({e->at_s, e->retention_hours * kSecondsPerHour, reached});
  }
}

size_t RetentionSchedule::piece_at(double t_s) const {
  size_t k = 0;
  while (k + 1 < pieces_.size() && pieces_[k + 1].from_s <= t_s) ++k;
  return k;
}

double RetentionSchedule::retention_hours_at(double t_s) const {
  return pieces_[piece_at(t_s)].retention_s / kSecondsPerHour;
}

double RetentionSchedule::trim_horizon_s(double t_s) const {
  if (pieces_.size() == 1) return t_s - pieces_[0].retention_s;  // the common case: no change
  const Piece& p = pieces_[piece_at(t_s)];
  return std::max(p.horizon_before_s, t_s - p.retention_s);
}

double RetentionSchedule::expires_at(double arrival_s) const {
  for (size_t k = 0; k < pieces_.size(); ++k) {
    const Piece& p = pieces_[k];
    const double end_s =
        k + 1 < pieces_.size() ? pieces_[k + 1].from_s : std::numeric_limits<double>::infinity();
    if (p.horizon_before_s > arrival_s)
      return p.from_s;  // dropped when this piece began (a decrease)
    const double t = std::max(p.from_s, arrival_s + p.retention_s);
    if (t < end_s) return t;
  }
  return std::numeric_limits<double>::max();
}

}  // namespace kds::models
