#include "models/kcl_lease_table.hpp"

#include <algorithm>

namespace kds::models {

double lease_table_write_success(const LeaseTableSpec& table, double leases,
                                 double renewal_interval_s, double checkpoints_per_s) {
  if (!table.provisioned) return 1.0;
  const double demand = leases / renewal_interval_s + checkpoints_per_s;
  return demand <= 0 ? 1.0 : std::min(1.0, table.write_capacity_units / demand);
}

}  // namespace kds::models
