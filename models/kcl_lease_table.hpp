// The KCL's DynamoDB lease table (consumers[].lease_table, issue 16; fact sheet §9: one row per
// shard, PAY_PER_REQUEST by default in KCL 2.x, 10 WCU / 10 RCU provisioned in older versions).
// Every lease renewal (each failover_time / 3 - 25 ms per lease), every checkpoint and every lease
// take is a conditional write of one small item (1 WCU); each lease-taker run reads the table.
// A provisioned table that cannot take the writes throttles them: a checkpoint that fails leaves
// the lease's checkpoint behind (more duplicates when the lease moves), and a lease whose renewals
// keep failing for failover_time expires: its processor stops and a lease taker takes it again
// from its checkpoint (lease churn: a stall and duplicates). On demand, nothing is throttled.
// Fluid approximation: a write succeeds with probability min(1, WCU / demand), demand being the
// renewals of the leases being worked on plus the checkpoints the app wrote in the last report
// period; DynamoDB's burst capacity (up to 300 s of unused capacity) and read throttling are left
// out. The takers' scans are counted as one read unit per lease row per run, whether or not the
// worker was up.
#ifndef KDS_MODELS_KCL_LEASE_TABLE_HPP_
#define KDS_MODELS_KCL_LEASE_TABLE_HPP_

#include <cstdint>

namespace kds::models {

struct LeaseTableSpec {
  bool provisioned = false;       // false: ON_DEMAND (PAY_PER_REQUEST), the KCL 2.x default
  double write_capacity_units = 10;
  double read_capacity_units = 10;
};

// What the table did (summary.json consumers[].lease_table).
struct LeaseTableResult {
  double write_attempts = 0;   // renewals, checkpoints, takes
  double writes_throttled = 0;
  double reads = 0;            // items read by the lease takers' scans
  int64_t leases_expired = 0;  // leases lost because their renewals were throttled
};

// The share of the app's writes that succeed: WCU over the write demand, at most 1.
// demand = leases / renewal_interval + checkpoints per second (takes are rare).
double lease_table_write_success(const LeaseTableSpec& table, double leases,
                                 double renewal_interval_s, double checkpoints_per_s);

}  // namespace kds::models

#endif  // KDS_MODELS_KCL_LEASE_TABLE_HPP_
