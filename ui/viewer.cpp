#include "viewer.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace permanence::ui {

Viewer::Viewer(QWidget* parent) : QWidget(parent) {
  setMinimumSize(320, 180);
  setMouseTracking(false);
  setFocusPolicy(Qt::ClickFocus);
}

void Viewer::setFrame(const QImage& frame) {
  const bool sizeChanged = frame.size() != frame_.size();
  frame_ = frame;
  if (sizeChanged || fitting_) fitToWindow();
  update();
}

void Viewer::setOverlays(std::vector<MaskOverlay> overlays) {
  overlays_ = std::move(overlays);
  update();
}

void Viewer::setOverlayOpacity(double opacity) {
  opacity_ = std::clamp(opacity, 0.0, 1.0);
  update();
}

void Viewer::fitToWindow() {
  fitting_ = true;
  if (frame_.isNull()) return;
  zoom_ = std::min(width() / double(frame_.width()), height() / double(frame_.height()));
  offset_ = QPointF((width() - frame_.width() * zoom_) / 2, (height() - frame_.height() * zoom_) / 2);
  update();
}

void Viewer::showActualSize() {
  fitting_ = false;
  const QPointF centre = toImage(QPointF(width() / 2.0, height() / 2.0));
  zoom_ = 1.0;
  offset_ = QPointF(width() / 2.0, height() / 2.0) - centre;
  update();
}

QPointF Viewer::toImage(const QPointF& widgetPos) const { return (widgetPos - offset_) / zoom_; }

QPointF Viewer::toWidget(const QPointF& imagePos) const { return imagePos * zoom_ + offset_; }

QImage Viewer::tinted(const MaskOverlay& overlay) const {
  QImage out(overlay.mask.size(), QImage::Format_ARGB32_Premultiplied);
  out.fill(Qt::transparent);
  const QRgb colour = qPremultiply(overlay.colour.rgb());
  for (int y = 0; y < overlay.mask.height(); ++y) {
    const uchar* in = overlay.mask.constScanLine(y);
    auto* row = reinterpret_cast<QRgb*>(out.scanLine(y));
    for (int x = 0; x < overlay.mask.width(); ++x)
      if (in[x] && (!overlay.hatched || ((x + y) / 4) % 2 == 0)) row[x] = colour;
  }
  return out;
}

void Viewer::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), QColor(24, 24, 24));
  if (frame_.isNull()) return;
  const QRectF target(offset_, QSizeF(frame_.width() * zoom_, frame_.height() * zoom_));
  painter.setRenderHint(QPainter::SmoothPixmapTransform, zoom_ < 1.0);
  painter.drawImage(target, frame_);
  painter.setOpacity(opacity_);
  for (const MaskOverlay& overlay : overlays_) painter.drawImage(target, tinted(overlay));
}

void Viewer::wheelEvent(QWheelEvent* event) {
  if (frame_.isNull()) return;
  const QPointF anchor = event->position();
  const QPointF imagePoint = toImage(anchor);
  const double factor = std::pow(1.0015, event->angleDelta().y());
  zoom_ = std::clamp(zoom_ * factor, 0.05, 32.0);
  offset_ = anchor - imagePoint * zoom_;
  fitting_ = false;
  update();
}

void Viewer::mousePressEvent(QMouseEvent* event) {
  if (event->button() == Qt::MiddleButton || event->button() == Qt::RightButton) {
    panning_ = true;
    panStart_ = event->position();
    return;
  }
  if (event->button() == Qt::LeftButton && !frame_.isNull()) {
    const QPointF p = toImage(event->position());
    Q_EMIT imageClicked(QPoint(int(std::floor(p.x())), int(std::floor(p.y()))), event->modifiers());
  }
}

void Viewer::mouseMoveEvent(QMouseEvent* event) {
  if (!panning_) return;
  offset_ += event->position() - panStart_;
  panStart_ = event->position();
  fitting_ = false;
  update();
}

void Viewer::mouseReleaseEvent(QMouseEvent*) { panning_ = false; }

void Viewer::resizeEvent(QResizeEvent*) {
  if (fitting_) fitToWindow();
}

}  // namespace permanence::ui
