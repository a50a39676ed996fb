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

SegmentationWorker::SegmentationWorker(QObject* parent)
    : QObject(parent),
      worker_([this](Request& r, const Superseded&) { serve(r); }, [] { Segmenter::prepare(); },
              [](const Request& r) { return r.prepareOnly ? kPrepareKey : Key(r.job.object, r.job.frame); }) {}

SegmentationWorker::~SegmentationWorker() = default;

void SegmentationWorker::setSource(FrameSource* frames, FrameCache* cache) {
  cancelAll();
  frames_ = frames;
  cache_ = cache;
}

void SegmentationWorker::request(SegmentationJob job) {
  worker_.post({std::move(job), false, frames_, cache_, learned_});
}

void SegmentationWorker::setLearnedTracker(std::shared_ptr<LearnedTracker> tracker) { learned_ = std::move(tracker); }

void SegmentationWorker::prepare(int frame) {
  if (!learned_) return;
  SegmentationJob job;
  job.frame = frame;
  worker_.post({job, true, frames_, cache_, learned_});
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

void SegmentationWorker::cancelAll() { worker_.cancel(); }

void SegmentationWorker::serve(const Request& request) {
  const SegmentationJob& job = request.job;
  const bool readable = request.frames && request.cache;
  if (request.prepareOnly) {
    if (!readable) return;
    try {
      if (PromptTracker* tracker = startedLearnedTracker(request.learned)) {
        CachedFrameSource cached(*request.frames, *request.cache);
        tracker->prepare(cached, job.frame);
      }
    } catch (const std::exception&) {
      // Only a head start: the click on that frame computes it again and reports why not.
    }
    return;
  }
  Mask mask;
  QString error;
  try {
    if (!readable) {
      // No clip: a null mask, as for a frame that cannot be read.
    } else if (PromptTracker* tracker = startedLearnedTracker(request.learned)) {
      CachedFrameSource cached(*request.frames, *request.cache);
      mask = tracker->segment(cached, learnedPrompt(job.frame, job.prompt));
    } else {
      mask = segmenter_.segment(request.cache->get(*request.frames, job.frame), job.prompt);
    }
  } catch (const std::exception& e) {
    error = QString::fromStdString(e.what());
  }
  // Emitted from the GUI thread: the posted call is dropped if this object is gone.
  QMetaObject::invokeMethod(
      this, [this, job, mask, error] { Q_EMIT segmented(job.object, job.frame, job.generation, mask, error); },
      Qt::QueuedConnection);
}

}  // namespace permanence::ui
