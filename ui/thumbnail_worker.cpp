#include "thumbnail_worker.h"

#include "media/frame_source.h"
#include "worker_priority.h"

#include <QMetaObject>

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace permanence::ui {

std::vector<int> thumbnailFrames(int frameCount, int count) {
  std::vector<int> frames;
  count = std::min(count, frameCount);
  for (int i = 0; i < count; ++i) frames.push_back(static_cast<int>(static_cast<long long>(i) * frameCount / count));
  return frames;
}

ThumbnailWorker::ThumbnailWorker(QObject* parent)
    : QObject(parent),
      worker_([this](Request& r, const Superseded& s) { make(r, s); }, [] { lowerCurrentThreadPriority(); }) {}

ThumbnailWorker::~ThumbnailWorker() { stop(); }

void ThumbnailWorker::stop() { worker_.cancel(); }

void ThumbnailWorker::start(const QString& clipPath, int frameCount, int count, int height) {
  worker_.post({clipPath.toStdString(), thumbnailFrames(frameCount, count), height});
}

void ThumbnailWorker::make(const Request& request, const Superseded& superseded) {
  try {
    auto source = openFrameSource(request.clipPath);
    for (int frame : request.frames) {
      if (superseded()) return;
      const cv::Mat bgr = source->readFrame(frame);
      cv::Mat small, rgb;
      const int width = std::max(1, bgr.cols * request.height / std::max(1, bgr.rows));
      cv::resize(bgr, small, cv::Size(width, request.height), 0, 0, cv::INTER_AREA);
      cv::cvtColor(small, rgb, cv::COLOR_BGR2RGB);
      const QImage image = QImage(rgb.data, rgb.cols, rgb.rows, static_cast<int>(rgb.step), QImage::Format_RGB888).copy();
      // Emitted from the GUI thread, unless a newer clip came meanwhile.
      QMetaObject::invokeMethod(
          this, [this, frame, image, superseded] { if (!superseded()) Q_EMIT thumbnailReady(frame, image); },
          Qt::QueuedConnection);
    }
  } catch (const std::exception&) {
    // The viewer reports unreadable frames; the timeline simply lacks their thumbnails.
  }
}

}  // namespace permanence::ui
