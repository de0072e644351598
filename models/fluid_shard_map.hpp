// A snapshot of the stream's shard map for the fluid model (models/fluid_model.hpp): every shard
// ever opened, indexed as models::Stream numbers them (creation order, so a parent's index is
// always below its children's), which are open, and their lineage. The fluid model rebuilds it
// whenever resharding, an on-demand split or a mode switch changes the map; the write path and the
// consumers read it and never change it.
#ifndef KDS_MODELS_FLUID_SHARD_MAP_HPP_
#define KDS_MODELS_FLUID_SHARD_MAP_HPP_

#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "models/hash_key_range.hpp"

namespace kds::models {

struct FluidShardMap {
  int count = 0;                          // shards ever opened (closed ones stay, as in Stream)
  std::vector<HashKeyRange> ranges;       // by shard index
  std::vector<std::vector<int>> parents;  // the shards each was split or merged from (T20)
  std::vector<double> opened_s;           // when each opened
  std::vector<double> closed_s;           // when each closed; -1 while open
  Eigen::ArrayXd open;                    // 1 for an open shard, 0 for a closed one
  std::vector<int> open_in_key_order;     // the open shards by StartingHashKey
  uint64_t version = 0;                   // changes with every new snapshot
  int open_count() const { return static_cast<int>(open_in_key_order.size()); }
};

}  // namespace kds::models

#endif  // KDS_MODELS_FLUID_SHARD_MAP_HPP_
