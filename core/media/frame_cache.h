#pragma once
// Decoded frames shared by every consumer, bounded in bytes, least recently used
// evicted first. Thread-safe: the cache's lock guards only its tables; a source is
// read under its own lock (decoders are not re-entrant), so a slow decode of one
// source never blocks readers of another or cache hits.
#include "media/frame_source.h"

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace permanence {

class FrameCache {
 public:
  explicit FrameCache(std::size_t budgetBytes);

  // The frame (BGR) from the cache, or read from the source and cached.
  cv::Mat get(FrameSource& source, int index);
  // The frame if it is cached (counted as a hit), else an empty Mat; never decodes,
  // so it never waits for a decode (playback uses it to hold a frame instead).
  cv::Mat peek(const FrameSource& source, int index);
  void clear();
  // Changes the budget (the editor's settings); frames over it are evicted at once.
  void setBudget(std::size_t budgetBytes);
  std::size_t bytesUsed() const;
  std::size_t budgetBytes() const;
  std::size_t hits() const;
  std::size_t misses() const;

 private:
  struct Key {
    std::uint64_t source;  // FrameSource::identity()
    int index;
    bool operator==(const Key& o) const { return source == o.source && index == o.index; }
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      return std::hash<std::uint64_t>()(k.source) ^ (std::hash<int>()(k.index) * 0x9e3779b97f4a7c15ULL);
    }
  };
  struct Entry {
    Key key;
    cv::Mat frame;
  };
  void evictToFit(std::size_t incoming);
  // The cached frame, counted as a hit, or an empty Mat. Caller holds mutex_.
  cv::Mat lookup(const Key& key);
  std::mutex& decodeLockOf(const FrameSource& source);

  std::size_t budget_;
  std::size_t used_ = 0;
  std::size_t hits_ = 0, misses_ = 0;
  std::list<Entry> lru_;  // front = most recently used
  std::unordered_map<Key, std::list<Entry>::iterator, KeyHash> index_;
  // One per source ever read; never removed, so a reference stays valid.
  std::unordered_map<std::uint64_t, std::unique_ptr<std::mutex>> decodeLocks_;
  mutable std::mutex mutex_;
};

}  // namespace permanence
