// A FIFO queue on one contiguous buffer with a power-of-two capacity: indexing is a mask, where a
// std::deque divides by its block size on every access and spreads its elements over blocks.
// The buffer grows by doubling and never shrinks.
#ifndef KDS_MODELS_RING_BUFFER_HPP_
#define KDS_MODELS_RING_BUFFER_HPP_

#include <cstddef>
#include <utility>
#include <vector>

namespace kds::models {

template <class T>
class RingBuffer {
 public:
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T& operator[](size_t i) const { return buf_[(head_ + i) & mask_]; }
  T& operator[](size_t i) { return buf_[(head_ + i) & mask_]; }
  const T& front() const { return buf_[head_]; }
  T& front() { return buf_[head_]; }
  const T& back() const { return (*this)[size_ - 1]; }
  void push_back(const T& value) {
    if (size_ == buf_.size()) grow();
    buf_[(head_ + size_) & mask_] = value;
    ++size_;
  }
  // REQUIRES: !empty().
  void pop_front() {
    head_ = (head_ + 1) & mask_;
    --size_;
  }

 private:
  void grow() {
    std::vector<T> bigger(buf_.empty() ? 4 : 2 * buf_.size());
    for (size_t i = 0; i < size_; ++i) bigger[i] = std::move((*this)[i]);
    buf_.swap(bigger);
    head_ = 0;
    mask_ = buf_.size() - 1;
  }
  std::vector<T> buf_;
  size_t head_ = 0, size_ = 0, mask_ = 0;
};

}  // namespace kds::models

#endif  // KDS_MODELS_RING_BUFFER_HPP_
