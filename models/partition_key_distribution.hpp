// Which shard a producer group's records land on (SPEC §2 `keys`).
//
// A key distribution gives each shard a share of the group's records, computed once per shard map:
// a named key goes where MD5 sends it (models/hash_key_range.hpp), so a hot key loads one shard and
// a zipf distribution loads shards unevenly; "random" keys spread by hash-range width.
#ifndef KDS_MODELS_PARTITION_KEY_DISTRIBUTION_HPP_
#define KDS_MODELS_PARTITION_KEY_DISTRIBUTION_HPP_

#include <string>
#include <vector>

#include "models/hash_key_range.hpp"
#include "models/scenario.hpp"

namespace kds::models {

class PartitionKeyDistribution {
 public:
  // random_key_bytes: length of a fresh random key (ServiceSpec::random_key_bytes).
  PartitionKeyDistribution(KeySpec spec, int random_key_bytes);

  // Mean partition key length in bytes; keys count toward the 1 MiB/s write limit.
  double mean_key_bytes() const { return mean_key_bytes_; }
  // The share of records under the most frequent key (0 for random keys, each used once). A key's
  // records all go to one shard, so no shard count stores more than a shard's limit over this
  // share of the group's rate: where that binds, adding shards (or on-demand) does not help.
  double max_key_share() const { return max_key_share_; }
  // Share of records for each range; the shares sum to 1.
  std::vector<double> shard_shares(const std::vector<HashKeyRange>& ranges) const;
  // Share of records for each range and lane, a key's lane being its hash modulo `lanes` (how a
  // Lambda event source mapping's parallelization keeps a key in one lane); they sum to 1.
  std::vector<std::vector<double>> shard_lane_shares(const std::vector<HashKeyRange>& ranges,
                                                     int lanes) const;

  // The name of key i (0-based) of a uniform or zipf distribution.
  static std::string key_name(long long i) { return "key-" + std::to_string(i); }

 private:
  double key_weight(long long i) const;  // relative probability of key i
  KeySpec spec_;
  double mean_key_bytes_ = 0;
  double max_key_share_ = 0;
};

}  // namespace kds::models

#endif  // KDS_MODELS_PARTITION_KEY_DISTRIBUTION_HPP_
