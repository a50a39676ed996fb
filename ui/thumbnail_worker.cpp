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

ThumbnailWorker::ThumbnailWorker(QObject* parent) : QObject(parent) {}

ThumbnailWorker::~ThumbnailWorker() { stop(); }

void ThumbnailWorker::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  stopping_ = false;
}

void ThumbnailWorker::start(const QString& clipPath, int frameCount, int count, int height) {
  stop();
  const quint64 run = ++run_;
  thread_ = std::thread([this, path = clipPath.toStdString(), frames = thumbnailFrames(frameCount, count), height, run] {
    lowerCurrentThreadPriority();
    try {
      auto source = openFrameSource(path);
      for (int frame : frames) {
        if (stopping_) return;
        const cv::Mat bgr = source->readFrame(frame);
        cv::Mat small, rgb;
        const int width = std::max(1, bgr.cols * height / std::max(1, bgr.rows));
        cv::resize(bgr, small, cv::Size(width, height), 0, 0, cv::INTER_AREA);
        cv::cvtColor(small, rgb, cv::COLOR_BGR2RGB);
        const QImage image =
            QImage(rgb.data, rgb.cols, rgb.rows, static_cast<int>(rgb.step), QImage::Format_RGB888).copy();
        QMetaObject::invokeMethod(
            this, [this, frame, image, run] { if (run == run_) Q_EMIT thumbnailReady(frame, image); },
            Qt::QueuedConnection);
      }
    } catch (const std::exception&) {
      // The viewer reports unreadable frames; the timeline simply lacks their thumbnails.
    }
  });
}

}  // namespace permanence::ui
