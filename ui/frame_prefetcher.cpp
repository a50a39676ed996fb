#include "frame_prefetcher.h"

#include "worker_priority.h"

#include <QMetaObject>

#include <algorithm>

namespace permanence::ui {

FramePrefetcher::FramePrefetcher(QObject* parent)
    : QObject(parent),
      worker_([this](Request& r, const Superseded& s) { read(r, s); }, [] { lowerCurrentThreadPriority(); }) {}

FramePrefetcher::~FramePrefetcher() = default;

void FramePrefetcher::request(FrameSource* source, FrameCache* cache, int target, int lookahead) {
  if (!source || source->frameCount() <= 0) return cancel();
  target = std::clamp(target, 0, source->frameCount() - 1);
  worker_.post({source, cache, target, std::min(target + 1 + lookahead, source->frameCount())});
}

void FramePrefetcher::cancel() { worker_.cancel(); }

void FramePrefetcher::read(const Request& request, const Superseded& superseded) {
  // The target is read and announced even when a newer request comes meanwhile: the
  // viewer shows the newest decoded frame while the playhead moves on.
  for (int frame = request.target; frame < request.end; ++frame) {
    if (frame > request.target && superseded()) return;
    QString error;
    cv::Mat bgr;
    try {
      bgr = request.cache->get(*request.source, frame);
    } catch (const std::exception& e) {
      error = QString::fromStdString(e.what());
    }
    // Emitted from the GUI thread: the posted call is dropped if this object is gone.
    if (frame == request.target)
      QMetaObject::invokeMethod(
          this, [this, frame, bgr, error] { Q_EMIT targetReady(frame, bgr, error); }, Qt::QueuedConnection);
  }
}

}  // namespace permanence::ui
