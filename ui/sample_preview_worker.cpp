#include "sample_preview_worker.h"

#include "media/frame_source.h"
#include "media/image_codec.h"
#include "worker_priority.h"

#include <QMetaObject>

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace permanence::ui {
namespace {

constexpr double kFrameDimming = 0.5;

cv::Mat shrink(const cv::Mat& image, cv::Size size) {
  cv::Mat small;
  cv::resize(image, small, size, 0, 0, cv::INTER_AREA);
  return small;
}

}  // namespace

QImage compositePreview(const cv::Mat& frameBgr, const cv::Mat& layerBgra) {
  QImage out(frameBgr.cols, frameBgr.rows, QImage::Format_RGB32);
  for (int y = 0; y < frameBgr.rows; ++y) {
    const cv::Vec3b* frame = frameBgr.ptr<cv::Vec3b>(y);
    const cv::Vec4b* layer = layerBgra.empty() ? nullptr : layerBgra.ptr<cv::Vec4b>(y);
    auto* line = reinterpret_cast<QRgb*>(out.scanLine(y));
    for (int x = 0; x < frameBgr.cols; ++x) {
      const double a = layer ? layer[x][3] / 255.0 : 0.0;
      auto mix = [&](int c) {
        const double under = frame[x][c] * kFrameDimming;
        return static_cast<int>(layer ? under * (1 - a) + layer[x][c] * a : under);
      };
      line[x] = qRgb(mix(2), mix(1), mix(0));
    }
  }
  return out;
}

SamplePreviewWorker::SamplePreviewWorker(QObject* parent)
    : QObject(parent),
      worker_([this](Request& r, const Superseded& s) { make(r, s); }, [] { lowerCurrentThreadPriority(); }) {}

SamplePreviewWorker::~SamplePreviewWorker() { stop(); }

void SamplePreviewWorker::stop() { worker_.cancel(); }

void SamplePreviewWorker::start(const QString& clipPath, ObjectSamples samples, std::vector<int> frames, int width) {
  worker_.post({clipPath.toStdString(), std::move(samples), std::move(frames), width});
}

void SamplePreviewWorker::make(const Request& request, const Superseded& superseded) {
  try {
    auto source = openFrameSource(request.clipPath);
    const cv::Size full = source->frameSize();
    const cv::Size size(request.width, std::max(1, request.width * full.height / std::max(1, full.width)));
    for (std::size_t step = 0; step < request.frames.size(); ++step) {
      const cv::Mat frame = shrink(source->readFrame(request.frames[step]), size);
      for (std::size_t k = 0; k < request.samples->size(); ++k) {
        if (superseded()) return;
        const std::vector<uchar>& png = request.samples->at(k).layers.at(request.frames[step]);
        const cv::Mat layer = png.empty() ? cv::Mat() : decodeImage(png, ImageLayout::Bgra, "completed layer");
        const QImage preview = compositePreview(frame, layer.type() == CV_8UC4 ? shrink(layer, size) : cv::Mat());
        QMetaObject::invokeMethod(
            this,
            [this, k, step, preview, superseded] {
              if (!superseded()) Q_EMIT previewReady(static_cast<int>(k), static_cast<int>(step), preview);
            },
            Qt::QueuedConnection);
      }
    }
  } catch (const std::exception&) {
    // An unreadable frame or layer leaves its preview out; the viewer reports the frame.
  }
}

}  // namespace permanence::ui
