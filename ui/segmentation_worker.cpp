#include "segmentation_worker.h"

#include <QMetaObject>
#include <QString>

namespace permanence::ui {

SegmentationWorker::SegmentationWorker(QObject* parent) : QObject(parent), thread_([this] { run(); }) {}

SegmentationWorker::~SegmentationWorker() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  wake_.notify_all();
  thread_.join();
}

void SegmentationWorker::setSource(FrameSource* frames, FrameCache* cache) {
  cancelAll();
  const std::lock_guard<std::mutex> lock(mutex_);
  frames_ = frames;
  cache_ = cache;
}

void SegmentationWorker::request(SegmentationJob job) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto key = std::make_pair(job.object, job.frame);
    queue_[key] = std::move(job);
  }
  wake_.notify_one();
}

void SegmentationWorker::cancelAll() {
  std::unique_lock<std::mutex> lock(mutex_);
  queue_.clear();
  idle_.wait(lock, [this] { return !busy_; });
}

void SegmentationWorker::run() {
  Segmenter::prepare();
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    const SegmentationJob job = queue_.begin()->second;
    queue_.erase(queue_.begin());
    FrameSource* frames = frames_;
    FrameCache* cache = cache_;
    busy_ = true;
    lock.unlock();
    Mask mask;
    QString error;
    try {
      if (frames && cache) mask = segmenter_.segment(cache->get(*frames, job.frame), job.prompt);
    } catch (const std::exception& e) {
      error = QString::fromStdString(e.what());
    }
    // Emitted from the GUI thread: the posted call is dropped if this object is gone.
    QMetaObject::invokeMethod(
        this, [this, job, mask, error] { Q_EMIT segmented(job.object, job.frame, job.generation, mask, error); },
        Qt::QueuedConnection);
    lock.lock();
    busy_ = false;
    idle_.notify_all();
  }
}

}  // namespace permanence::ui
