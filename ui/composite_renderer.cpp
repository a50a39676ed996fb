#include "composite_renderer.h"

#include "compose/renderer.h"

#include <QMetaObject>

#include <opencv2/imgproc.hpp>

#include <chrono>

namespace permanence::ui {
namespace {

QImage toRgbImage(const cv::Mat& bgr) {
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  return QImage(rgb.data, rgb.cols, rgb.rows, static_cast<int>(rgb.step), QImage::Format_RGB888).copy();
}

// The layer's alpha bounds and centroid before its transform (the centroid is the
// anchor core's renderer turns and scales the layer about).
std::optional<LayerOutline> outlineOf(const cv::Mat& bgra) {
  cv::Mat alpha;
  cv::extractChannel(bgra, alpha, 3);
  const cv::Rect box = cv::boundingRect(alpha);
  const cv::Moments m = cv::moments(alpha);
  if (box.empty() || m.m00 <= 0) return std::nullopt;
  return LayerOutline{QRectF(box.x, box.y, box.width, box.height), QPointF(m.m10 / m.m00, m.m01 / m.m00)};
}

}  // namespace

CompositeFrame renderComposite(const CompositeRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  CompositeFrame out;
  out.frame = request.frame;
  out.revision = request.revision;
  out.outlineLayer = request.outlineLayer;
  try {
    out.image = toRgbImage(renderFrame(request.scene, request.frame));
    if (request.outlineLayer >= 0 && request.outlineLayer < static_cast<int>(request.scene.layers.size())) {
      out.outlineObjectId = request.scene.layers[request.outlineLayer].objectId;
      out.outline = outlineOf(request.scene.layers[request.outlineLayer].rgba->readFrameWithAlpha(request.frame));
    }
  } catch (const std::exception& e) {
    out.image = {};
    out.error = QString::fromStdString(e.what());
  }
  out.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return out;
}

CompositeRenderer::CompositeRenderer(QObject* parent)
    : QObject(parent), worker_([this](CompositeRequest& request, const Superseded&) {
        CompositeFrame frame = renderComposite(request);
        // Delivered even when a newer request waits: the view shows the newest rendered frame.
        QMetaObject::invokeMethod(this, [this, frame] { finish(frame); }, Qt::QueuedConnection);
      }) {}

CompositeRenderer::~CompositeRenderer() = default;

void CompositeRenderer::request(CompositeRequest request) { worker_.post(std::move(request)); }

bool CompositeRenderer::hasRendered(int frame, quint64 revision, int outlineLayer) const {
  return !last_.image.isNull() && last_.frame == frame && last_.revision == revision &&
         last_.outlineLayer == outlineLayer;
}

void CompositeRenderer::finish(CompositeFrame frame) {
  last_ = std::move(frame);
  Q_EMIT rendered();
}

}  // namespace permanence::ui
