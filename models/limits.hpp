// The Kinesis Data Streams limits the simulator enforces, each with its fact-sheet row
// (../shared/reference/kds-facts.md). Where the fact sheet says UNCERTAIN the value is a default
// that a scenario parameter can change; the parameter is named next to it.
#ifndef KDS_MODELS_LIMITS_HPP_
#define KDS_MODELS_LIMITS_HPP_

#include "models/units.hpp"

namespace kds::models {

// Per-shard write limits, the same in both capacity modes (fact sheet §1, T1 [BOTO-KDS]).
constexpr double kShardWriteRecordsPerS = 1000.0;
constexpr double kShardWriteBytesPerS = 1.0 * kBytesPerMiB;  // data + partition key

// PutRecords request limits (fact sheet §1, T2 [BOTO-KDS 2026]: 500 entries, 10 MiB).
constexpr int kMaxRecordsPerPutRecords = 500;
constexpr double kMaxBytesPerPutRecords = 10.0 * kBytesPerMiB;

// Per-stream maximum record size, MaxRecordSizeInKiB 1024..10240 (fact sheet §1 [LARGE, BOTO-KDS]).
constexpr int kMinMaxRecordSizeKiB = 1024;
constexpr int kMaxMaxRecordSizeKiB = 10240;

// Partition key length 1..256 characters (fact sheet §1 [BOTO-KDS]).
constexpr int kMaxPartitionKeyLength = 256;

// Shared-throughput reads, per shard, shared by all polling apps (fact sheet §2 [BOTO-KDS]).
constexpr int kGetRecordsCallsPerSecondPerShard = 5;        // T5
constexpr double kShardReadBytesPerS = 2.0 * kBytesPerMiB;  // shared 2 MiB/s
constexpr int kMaxRecordsPerGetRecords = 10000;             // T6
constexpr double kMaxBytesPerGetRecords = 10.0 * kBytesPerMiB;
constexpr double kLargeReadPenaltyS = 5.0;  // T4: after a 10 MiB response

// Minimum idle time between reads the KCL enforces (fact sheet §9 [KCL-SRC]
// MIN_IDLE_MILLIS_BETWEEN_READS).
constexpr double kMinIdleTimeBetweenReadsS = 0.2;

// Retention 24..8760 hours (fact sheet §6 [BOTO-KDS]).
constexpr double kMinRetentionHours = 24.0;
constexpr double kMaxRetentionHours = 8760.0;
// Retention beyond this is "long-term" and priced per GB-month (fact sheet §6, §7 [PRICE-PAGE]).
constexpr double kExtendedRetentionLimitHours = 168.0;

// Shards per stream (fact sheet §5 [BOTO-KDS]: 10,000 per stream).
constexpr int kMaxShardsPerStream = 10000;

// On-demand maximum write throughput (fact sheet §4 [QUOTAS-NOW]): 10 GB/s in us-east-1, us-west-2
// and eu-west-1, 200 MB/s elsewhere. Read capacity is twice the write capacity.
constexpr double kOnDemandMaxWriteMiBPerSLargeRegions = 10240;
constexpr double kOnDemandMaxWriteMiBPerS = 200;

}  // namespace kds::models

#endif  // KDS_MODELS_LIMITS_HPP_
