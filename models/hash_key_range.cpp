// MD5 comes from OpenSSL's libcrypto (EVP interface), not a hand-written digest.
#include "models/hash_key_range.hpp"

#include <algorithm>
#include <cassert>

#include <openssl/evp.h>

namespace kds::models {

double HashKeyRange::fraction() const {
  const HashKey width = ending_hash_key - starting_hash_key;  // one less than the count of keys
  return (static_cast<double>(width) + 1.0) / 340282366920938463463374607431768211456.0;  // 2^128
}

HashKey hash_partition_key(const std::string& partition_key) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(partition_key.data(), partition_key.size(), digest, &length, EVP_md5(), nullptr);
  assert(length == 16);  // MD5 is 128 bits
  HashKey key = 0;
  for (unsigned int i = 0; i < 16; ++i) key = (key << 8) | digest[i];
  return key;
}

std::string to_decimal(HashKey key) {
  if (key == 0) return "0";
  std::string digits;
  while (key > 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(key % 10)));
    key /= 10;
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

std::vector<HashKeyRange> split_evenly(int count) {
  assert(count >= 1);
  const HashKey width = kMaxHashKey / static_cast<HashKey>(count);
  std::vector<HashKeyRange> ranges;
  ranges.reserve(count);
  for (int i = 0; i < count; ++i) {
    const HashKey start = width * static_cast<HashKey>(i);
    const HashKey end = (i == count - 1) ? kMaxHashKey : start + width - 1;
    ranges.push_back({start, end});
  }
  return ranges;
}

double overlap_fraction(const HashKeyRange& a, const HashKeyRange& b) {
  const HashKey start = std::max(a.starting_hash_key, b.starting_hash_key);
  const HashKey end = std::min(a.ending_hash_key, b.ending_hash_key);
  if (start > end) return 0.0;
  return HashKeyRange{start, end}.fraction() / a.fraction();
}

std::pair<HashKeyRange, HashKeyRange> split_in_halves(const HashKeyRange& range) {
  assert(range.ending_hash_key > range.starting_hash_key);
  const HashKey middle =
      range.starting_hash_key + (range.ending_hash_key - range.starting_hash_key) / 2;
  return {{range.starting_hash_key, middle}, {middle + 1, range.ending_hash_key}};
}

int find_range(const std::vector<HashKeyRange>& ranges, HashKey key) {
  const auto it =
      std::upper_bound(ranges.begin(), ranges.end(), key,
                       [](HashKey k, const HashKeyRange& r) { return k < r.starting_hash_key; });
  assert(it != ranges.begin());  // the first range starts at 0
  return static_cast<int>(it - ranges.begin()) - 1;
}

}  // namespace kds::models
