#include "segmentation_worker.h"

#include "cached_frame_source.h"

#include <QMetaObject>
#include <QString>

namespace permanence::ui {
namespace {

// The editor's clicks and box on one frame as a learned tracker's prompt.
permanence::FramePrompt learnedPrompt(int frame, const SegmentRequest& request) {
  permanence::FramePrompt prompt;
  prompt.frame = frame;
  for (const Click& c : request.clicks) prompt.clicks.push_back({frame, double(c.point.x), double(c.point.y), c.positive});
  if (request.box)
    prompt.box = BoxPrompt{frame, double(request.box->x), double(request.box->y), double(request.box->width),
                           double(request.box->height)};
  return prompt;
}

}  // namespace

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

void SegmentationWorker::setLearnedTracker(std::shared_ptr<LearnedTracker> tracker) {
  const std::lock_guard<std::mutex> lock(mutex_);
  learned_ = std::move(tracker);
  prepareFrame_ = -1;
}

void SegmentationWorker::prepare(int frame) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (!learned_) return;
    prepareFrame_ = frame;
  }
  wake_.notify_one();
}

PromptTracker* SegmentationWorker::startedLearnedTracker(const std::shared_ptr<LearnedTracker>& learned) {
  if (!learned) return nullptr;
  PromptTracker* tracker = learned->get();
  if (!tracker && failureReported_ != learned.get()) {
    failureReported_ = learned.get();
    const QString reason = QString::fromStdString(learned->failure());
    QMetaObject::invokeMethod(this, [this, reason] { Q_EMIT learnedTrackerFailed(reason); }, Qt::QueuedConnection);
  }
  return tracker;
}

void SegmentationWorker::cancelAll() {
  std::unique_lock<std::mutex> lock(mutex_);
  queue_.clear();
  prepareFrame_ = -1;
  idle_.wait(lock, [this] { return !busy_; });
}

void SegmentationWorker::run() {
  Segmenter::prepare();
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty() || prepareFrame_ >= 0; });
    if (stopping_) return;
    FrameSource* frames = frames_;
    FrameCache* cache = cache_;
    const std::shared_ptr<LearnedTracker> learned = learned_;
    busy_ = true;
    if (queue_.empty()) {  // no click waits: prepare the frame asked for
      const int frame = prepareFrame_;
      prepareFrame_ = -1;
      lock.unlock();
      try {
        if (PromptTracker* tracker = startedLearnedTracker(learned); tracker && frames && cache) {
          CachedFrameSource cached(*frames, *cache);
          tracker->prepare(cached, frame);
        }
      } catch (const std::exception&) {
        // Only a head start: the click on that frame computes it again and reports why not.
      }
      lock.lock();
      busy_ = false;
      idle_.notify_all();
      continue;
    }
    const SegmentationJob job = queue_.begin()->second;
    queue_.erase(queue_.begin());
    lock.unlock();
    Mask mask;
    QString error;
    try {
      if (frames && cache) {
        if (PromptTracker* tracker = startedLearnedTracker(learned)) {
          CachedFrameSource cached(*frames, *cache);
          mask = tracker->segment(cached, learnedPrompt(job.frame, job.prompt));
        } else {
          mask = segmenter_.segment(cache->get(*frames, job.frame), job.prompt);
        }
      }
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
