#include "media/frame_cache.h"

namespace permanence {
namespace {
std::size_t bytesOf(const cv::Mat& m) { return m.total() * m.elemSize(); }
}  // namespace

FrameCache::FrameCache(std::size_t budgetBytes) : budget_(budgetBytes) {}

cv::Mat FrameCache::get(FrameSource& source, int index) {
  const Key key{source.identity(), index};
  std::mutex* decodeLock = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (cv::Mat hit = lookup(key); !hit.empty()) return hit;
    decodeLock = &decodeLockOf(source);
  }
  std::lock_guard decoding(*decodeLock);
  {
    std::lock_guard lock(mutex_);  // another reader may have decoded it meanwhile
    if (cv::Mat hit = lookup(key); !hit.empty()) return hit;
    ++misses_;
  }
  cv::Mat frame = source.readFrame(index);
  const std::size_t size = bytesOf(frame);
  std::lock_guard lock(mutex_);
  if (size <= budget_) {
    evictToFit(size);
    lru_.push_front({key, frame});
    index_[key] = lru_.begin();
    used_ += size;
  }
  return frame;
}

cv::Mat FrameCache::peek(const FrameSource& source, int index) {
  std::lock_guard lock(mutex_);
  return lookup({source.identity(), index});
}

cv::Mat FrameCache::lookup(const Key& key) {
  const auto it = index_.find(key);
  if (it == index_.end()) return {};
  lru_.splice(lru_.begin(), lru_, it->second);
  ++hits_;
  return it->second->frame;
}

std::mutex& FrameCache::decodeLockOf(const FrameSource& source) {
  auto& lock = decodeLocks_[source.identity()];
  if (!lock) lock = std::make_unique<std::mutex>();
  return *lock;
}

void FrameCache::evictToFit(std::size_t incoming) {
  while (!lru_.empty() && used_ + incoming > budget_) {
    used_ -= bytesOf(lru_.back().frame);
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

void FrameCache::setBudget(std::size_t budgetBytes) {
  std::lock_guard lock(mutex_);
  budget_ = budgetBytes;
  evictToFit(0);
}

std::size_t FrameCache::budgetBytes() const {
  std::lock_guard lock(mutex_);
  return budget_;
}

void FrameCache::clear() {
  std::lock_guard lock(mutex_);
  lru_.clear();
  index_.clear();
  used_ = 0;
}

std::size_t FrameCache::bytesUsed() const {
  std::lock_guard lock(mutex_);
  return used_;
}

std::size_t FrameCache::hits() const {
  std::lock_guard lock(mutex_);
  return hits_;
}

std::size_t FrameCache::misses() const {
  std::lock_guard lock(mutex_);
  return misses_;
}

}  // namespace permanence
