// Named keys (uniform, zipf) are hashed one by one, once per shard map: exact, and cheap next to a
// run (a million MD5s take a fraction of a second).
#include "models/partition_key_distribution.hpp"

#include <cmath>

namespace kds::models {

PartitionKeyDistribution::PartitionKeyDistribution(KeySpec spec, int random_key_bytes)
    : spec_(std::move(spec)) {
  switch (spec_.kind) {
    case KeySpec::Kind::kRandom:
      mean_key_bytes_ = random_key_bytes;
      break;
    case KeySpec::Kind::kSingle:
      mean_key_bytes_ = static_cast<double>(spec_.single_key.size());
      max_key_share_ = 1.0;
      break;
    case KeySpec::Kind::kUniform:
    case KeySpec::Kind::kZipf: {
      double weighted_length = 0, total_weight = 0;
      for (long long i = 0; i < spec_.count; ++i) {
        const double w = key_weight(i);
        weighted_length += w * static_cast<double>(key_name(i).size());
        total_weight += w;
      }
      mean_key_bytes_ = weighted_length / total_weight;
      max_key_share_ = key_weight(0) / total_weight;  // key 0 is the most frequent
      break;
    }
  }
}

double PartitionKeyDistribution::key_weight(long long i) const {
  if (spec_.kind == KeySpec::Kind::kZipf)
    return std::pow(static_cast<double>(i + 1), -spec_.zipf_exponent);
  return 1.0;
}

std::vector<double> PartitionKeyDistribution::shard_shares(
    const std::vector<HashKeyRange>& ranges) const {
  std::vector<double> shares;
  for (const auto& lanes : shard_lane_shares(ranges, 1)) shares.push_back(lanes[0]);
  return shares;
}

std::vector<std::vector<double>> PartitionKeyDistribution::shard_lane_shares(
    const std::vector<HashKeyRange>& ranges, int lanes) const {
  std::vector<std::vector<double>> shares(ranges.size(),
                                          std::vector<double>(static_cast<size_t>(lanes), 0.0));
  // A named key goes to the shard whose range holds its hash and to lane hash mod lanes.
  const auto add_key = [&](const std::string& key, double weight) {
    const HashKey hash = hash_partition_key(key);
    shares[static_cast<size_t>(find_range(ranges, hash))]
          [static_cast<size_t>(hash % static_cast<HashKey>(lanes))] += weight;
  };
  switch (spec_.kind) {
    case KeySpec::Kind::kRandom:
      for (size_t s = 0; s < ranges.size(); ++s) {
        for (double& share : shares[s]) share = ranges[s].fraction() / lanes;
      }
      break;
    case KeySpec::Kind::kSingle:
      add_key(spec_.single_key, 1.0);
      break;
    case KeySpec::Kind::kUniform:
    case KeySpec::Kind::kZipf: {
      double total = 0;
      for (long long i = 0; i < spec_.count; ++i) {
        const double w = key_weight(i);
        add_key(key_name(i), w);
        total += w;
      }
      for (auto& shard : shares) {
        for (double& share : shard) share /= total;
      }
      break;
    }
  }
  return shares;
}

}  // namespace kds::models
