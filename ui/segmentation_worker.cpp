#include "segmentation_worker.h"

#include <QMetaObject>
#include <QString>

namespace permanence::ui {

SegmentationWorker::SegmentationWorker(QObject* parent)
    : QObject(parent),
      worker_([this](Request& r, const Superseded&) { segment(r); }, [] { Segmenter::prepare(); },
              [](const Request& r) { return Key(r.job.object, r.job.frame); }) {}

SegmentationWorker::~SegmentationWorker() = default;

void SegmentationWorker::setSource(FrameSource* frames, FrameCache* cache) {
  cancelAll();
  frames_ = frames;
  cache_ = cache;
}

void SegmentationWorker::request(SegmentationJob job) { worker_.post({std::move(job), frames_, cache_}); }

void SegmentationWorker::cancelAll() { worker_.cancel(); }

void SegmentationWorker::segment(const Request& request) {
  const SegmentationJob& job = request.job;
  Mask mask;
  QString error;
  try {
    if (request.frames && request.cache)
      mask = segmenter_.segment(request.cache->get(*request.frames, job.frame), job.prompt);
  } catch (const std::exception& e) {
    error = QString::fromStdString(e.what());
  }
  // Emitted from the GUI thread: the posted call is dropped if this object is gone.
  QMetaObject::invokeMethod(
      this, [this, job, mask, error] { Q_EMIT segmented(job.object, job.frame, job.generation, mask, error); },
      Qt::QueuedConnection);
}

}  // namespace permanence::ui
