// The 128-bit hash key space and how partition keys map onto shards.
//
// The service maps a partition key to int(MD5(key)) read as a 128-bit big-endian integer and routes
// the record to the shard whose [StartingHashKey, EndingHashKey] contains it (fact sheet §1
// "Hashing" [BOTO-KDS], T27; the byte order is an assumption the fact sheet marks UNCERTAIN).
// CreateStream and UpdateShardCount split the space evenly (SPEC §2 `shards`).
#ifndef KDS_MODELS_HASH_KEY_RANGE_HPP_
#define KDS_MODELS_HASH_KEY_RANGE_HPP_

#include <string>
#include <utility>
#include <vector>

namespace kds::models {

using HashKey = unsigned __int128;

constexpr HashKey kMaxHashKey = ~static_cast<HashKey>(0);  // 2^128 - 1

struct HashKeyRange {
  HashKey starting_hash_key;
  HashKey ending_hash_key;  // inclusive
  // Share of the whole key space, in [0, 1].
  double fraction() const;
};

// int(MD5(partition_key)), big-endian.
HashKey hash_partition_key(const std::string& partition_key);

// Decimal text of a hash key, as the API prints StartingHashKey.
std::string to_decimal(HashKey key);

// `count` ranges of equal width covering 0 .. 2^128-1, the last one taking the remainder.
// REQUIRES: count >= 1.
std::vector<HashKeyRange> split_evenly(int count);

// The share of `a`'s keys that also lie in `b`, in [0, 1].
double overlap_fraction(const HashKeyRange& a, const HashKeyRange& b);

// The two halves of a range (SplitShard with NewStartingHashKey at the middle, how on-demand
// splits). REQUIRES: the range holds at least two keys.
std::pair<HashKeyRange, HashKeyRange> split_in_halves(const HashKeyRange& range);

// Index of the range containing key. REQUIRES: ranges sorted, contiguous and covering the space.
int find_range(const std::vector<HashKeyRange>& ranges, HashKey key);

}  // namespace kds::models

#endif  // KDS_MODELS_HASH_KEY_RANGE_HPP_
