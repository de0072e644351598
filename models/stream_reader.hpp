// What the stream needs to know of every consumer application: which stored records it may still
// read, so that memory below that point can be freed.
#ifndef KDS_MODELS_STREAM_READER_HPP_
#define KDS_MODELS_STREAM_READER_HPP_

#include <cstdint>

namespace kds::models {

class StreamReader {
 public:
  virtual ~StreamReader() = default;
  // The first record of `shard` this app may still need at now_s.
  virtual uint64_t needed_ordinal(int shard, double now_s) const = 0;
  // Counts the records still unread and already expired at end_s, and final figures.
  virtual void finish(double end_s) = 0;
};

}  // namespace kds::models

#endif  // KDS_MODELS_STREAM_READER_HPP_
