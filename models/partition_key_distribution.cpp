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
  std::vector<double> shares(ranges.size(), 0.0);
  switch (spec_.kind) {
    case KeySpec::Kind::kRandom:
      for (size_t s = 0; s < ranges.size(); ++s) shares[s] = ranges[s].fraction();
      break;
    case KeySpec::Kind::kSingle:
      shares[find_range(ranges, hash_partition_key(spec_.single_key))] = 1.0;
      break;
    case KeySpec::Kind::kUniform:
    case KeySpec::Kind::kZipf: {
      double total = 0;
      for (long long i = 0; i < spec_.count; ++i) {
        const double w = key_weight(i);
        shares[find_range(ranges, hash_partition_key(key_name(i)))] += w;
        total += w;
      }
      for (double& share : shares) share /= total;
      break;
    }
  }
  return shares;
}

}  // namespace kds::models
