#include "frame_prefetcher.h"

#include <algorithm>

namespace permanence::ui {

FramePrefetcher::FramePrefetcher() : thread_([this] { run(); }) {}

FramePrefetcher::~FramePrefetcher() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void FramePrefetcher::prefetch(FrameSource* source, FrameCache* cache, int first, int count) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    source_ = source;
    cache_ = cache;
    next_ = std::max(0, first);
    end_ = source ? std::min(first + count, source->frameCount()) : 0;
  }
  wake_.notify_one();
}

void FramePrefetcher::cancel() {
  std::unique_lock<std::mutex> lock(mutex_);
  source_ = nullptr;
  next_ = end_ = 0;
  idle_.wait(lock, [this] { return !busy_; });
}

void FramePrefetcher::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || (source_ && next_ < end_); });
    if (stopping_) return;
    const int frame = next_++;
    FrameSource* source = source_;
    FrameCache* cache = cache_;
    busy_ = true;
    lock.unlock();
    try {
      cache->get(*source, frame);
    } catch (const std::exception&) {
      // The GUI thread reads this frame again when it shows it and reports the error then.
    }
    lock.lock();
    busy_ = false;
    idle_.notify_all();
  }
}

}  // namespace permanence::ui
