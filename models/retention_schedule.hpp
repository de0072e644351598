// The stream's retention period over time (SPEC §2 stream.retention_hours, set_retention_hours
// events) and the trim horizon it implies (fact sheet §6, T19).
//
// At time t a record older than the retention period is gone. Raising the retention keeps the
// records not yet expired but does not bring expired ones back; lowering it drops the older records
// at once. So the trim horizon is the running maximum of t - retention(t): it never moves back.
#ifndef KDS_MODELS_RETENTION_SCHEDULE_HPP_
#define KDS_MODELS_RETENTION_SCHEDULE_HPP_

#include <vector>

#include "models/scenario.hpp"

namespace kds::models {

class RetentionSchedule {
 public:
  explicit RetentionSchedule(const Scenario& scenario);

  // Retention in hours in force at t_s.
  double retention_hours_at(double t_s) const;
  // Records that arrived before this time are gone at t_s.
  double trim_horizon_s(double t_s) const;
  // When a record that arrived at arrival_s expires (a huge number if never within the pieces).
  double expires_at(double arrival_s) const;

 private:
  struct Piece {
    double from_s;
    double retention_s;
    double horizon_before_s;  // the trim horizon reached by the end of the previous pieces
  };
  size_t piece_at(double t_s) const;
  std::vector<Piece> pieces_;  // sorted by from_s, the first from 0
};

}  // namespace kds::models

#endif  // KDS_MODELS_RETENTION_SCHEDULE_HPP_
