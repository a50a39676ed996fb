#include "frame_prefetcher.h"

#include "worker_priority.h"

#include <QMetaObject>

#include <algorithm>

namespace permanence::ui {

FramePrefetcher::FramePrefetcher(QObject* parent) : QObject(parent), thread_([this] { run(); }) {}

FramePrefetcher::~FramePrefetcher() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void FramePrefetcher::request(FrameSource* source, FrameCache* cache, int target, int lookahead) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    source_ = source;
    cache_ = cache;
    target_ = source ? std::clamp(target, 0, source->frameCount() - 1) : -1;
    next_ = target_ + 1;
    end_ = source ? std::min(target_ + 1 + lookahead, source->frameCount()) : 0;
  }
  wake_.notify_one();
}

void FramePrefetcher::cancel() {
  std::unique_lock<std::mutex> lock(mutex_);
  source_ = nullptr;
  target_ = -1;
  next_ = end_ = 0;
  idle_.wait(lock, [this] { return !busy_; });
}

void FramePrefetcher::run() {
  lowerCurrentThreadPriority();
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || (source_ && (target_ >= 0 || next_ < end_)); });
    if (stopping_) return;
    const bool announce = target_ >= 0;
    const int frame = announce ? target_ : next_++;
    target_ = -1;
    FrameSource* source = source_;
    FrameCache* cache = cache_;
    busy_ = true;
    lock.unlock();
    QString error;
    cv::Mat bgr;
    try {
      bgr = cache->get(*source, frame);
    } catch (const std::exception& e) {
      error = QString::fromStdString(e.what());
    }
    // Emitted from the GUI thread: the posted call is dropped if this object is gone.
    if (announce)
      QMetaObject::invokeMethod(
          this, [this, frame, bgr, error] { Q_EMIT targetReady(frame, bgr, error); }, Qt::QueuedConnection);
    lock.lock();
    busy_ = false;
    idle_.notify_all();
  }
}

}  // namespace permanence::ui
