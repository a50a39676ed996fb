#include "viewer.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPolygonF>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace permanence::ui {

Viewer::Viewer(QWidget* parent) : QWidget(parent) {
  setMinimumSize(320, 180);
  setMouseTracking(false);
  setFocusPolicy(Qt::ClickFocus);
  setAutoFillBackground(false);
}

void Viewer::setFrameSize(const QSize& size) {
  frame_ = QImage();
  if (size != frameSize_) {
    frameSize_ = size;
    zoomToFit();
  }
  update();
}

void Viewer::setPlaceholder(const QString& text) {
  placeholder_ = text;
  update();
}

void Viewer::setFrame(const QImage& frame) {
  frame_ = frame;
  if (frame.size() != frameSize_) {
    frameSize_ = frame.size();
    zoomToFit();
  }
  update();
}

void Viewer::setOverlays(std::vector<ViewerOverlay> overlays) {
  overlays_ = std::move(overlays);
  update();
}

void Viewer::setMarkers(std::vector<ClickMarker> markers) {
  markers_ = std::move(markers);
  update();
}

void Viewer::setPromptBox(const QRect& box) {
  promptBox_ = box;
  update();
}

void Viewer::setTool(ViewerTool tool) {
  tool_ = tool;
  boxing_ = false;
  setCursor(tool == ViewerTool::Box ? Qt::CrossCursor : Qt::ArrowCursor);
  update();
}

void Viewer::setOverlayOpacity(double opacity) {
  opacity_ = std::clamp(opacity, 0.0, 1.0);
  update();
}

void Viewer::setHandles(std::optional<TransformHandles> handles) {
  handles_ = std::move(handles);
  update();
}

void Viewer::zoomToFit() {
  fitting_ = true;
  if (frameSize_.isEmpty()) return;
  scale_ = std::min(width() / double(frameSize_.width()), height() / double(frameSize_.height()));
  origin_ = QPointF((width() - frameSize_.width() * scale_) / 2, (height() - frameSize_.height() * scale_) / 2);
  update();
}

void Viewer::zoomActualSize() {
  fitting_ = false;
  const QPointF centre(width() / 2.0, height() / 2.0);
  const QPointF frameCentre = toFrame(centre);
  scale_ = 1.0;
  origin_ = centre - frameCentre;
  update();
}

QPointF Viewer::toFrame(const QPointF& widgetPos) const { return (widgetPos - origin_) / scale_; }
QPointF Viewer::toWidget(const QPointF& framePos) const { return framePos * scale_ + origin_; }

void Viewer::zoomAbout(const QPointF& widgetPos, double factor) {
  fitting_ = false;
  const QPointF anchor = toFrame(widgetPos);
  scale_ = std::clamp(scale_ * factor, 0.05, 32.0);
  origin_ = widgetPos - anchor * scale_;
  update();
}

void Viewer::clickAt(const QPoint& widgetPos, Qt::KeyboardModifiers modifiers) {
  const QPointF p = toFrame(widgetPos);
  const QPoint pixel(static_cast<int>(std::floor(p.x())), static_cast<int>(std::floor(p.y())));
  if (!QRect(QPoint(0, 0), frameSize_).contains(pixel)) return;
  Q_EMIT frameClicked(pixel, modifiers.testFlag(Qt::AltModifier));
}

QRect Viewer::frameRectBetween(const QPointF& a, const QPointF& b) const {
  const QPointF p = toFrame(a), q = toFrame(b);
  const QRect spanned(QPoint(static_cast<int>(std::floor(std::min(p.x(), q.x()))), static_cast<int>(std::floor(std::min(p.y(), q.y())))),
                      QPoint(static_cast<int>(std::floor(std::max(p.x(), q.x()))), static_cast<int>(std::floor(std::max(p.y(), q.y())))));
  return spanned.intersected(QRect(QPoint(0, 0), frameSize_));
}

void Viewer::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), QColor(20, 20, 22));
  if (frameSize_.isEmpty()) {
    painter.setPen(QColor(170, 170, 175));
    painter.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
    return;
  }
  const QRectF target(origin_, QSizeF(frameSize_.width() * scale_, frameSize_.height() * scale_));
  painter.setRenderHint(QPainter::SmoothPixmapTransform, scale_ < 1.0);
  if (frame_.isNull()) painter.fillRect(target, QColor(40, 40, 44)); else painter.drawImage(target, frame_);
  for (const ViewerOverlay& overlay : overlays_) {
    painter.setOpacity(overlay.opaque ? 1.0 : opacity_);
    painter.drawImage(target, overlay.image);
  }
  painter.setOpacity(1.0);
  painter.setRenderHint(QPainter::Antialiasing);
  for (const ClickMarker& m : markers_) {
    const QPointF c = toWidget(QPointF(m.point) + QPointF(0.5, 0.5));
    painter.setPen(QPen(Qt::black, 1));
    painter.setBrush(m.positive ? QColor(60, 220, 90) : QColor(235, 60, 60));
    painter.drawEllipse(c, 7, 7);
    painter.setPen(QPen(Qt::white, 2));
    painter.drawLine(c - QPointF(4, 0), c + QPointF(4, 0));
    if (m.positive) painter.drawLine(c - QPointF(0, 4), c + QPointF(0, 4));
  }
  painter.setBrush(Qt::NoBrush);
  if (!promptBox_.isNull()) {
    painter.setPen(QPen(QColor(255, 255, 255, 220), 1.5, Qt::DashLine));
    painter.drawRect(QRectF(toWidget(promptBox_.topLeft()), toWidget(promptBox_.bottomRight() + QPoint(1, 1))));
  }
  if (boxing_) {
    painter.setPen(QPen(QColor(255, 220, 60), 1.5, Qt::DashLine));
    painter.drawRect(QRectF(boxStart_, boxEnd_).normalized());
  }
  if (handles_) paintHandles(painter);
}

void Viewer::paintHandles(QPainter& painter) const {
  const auto corners = handles_->corners();
  QPolygonF outline;
  for (const QPointF& c : corners) outline << toWidget(c);
  const QColor accent(90, 200, 255);
  painter.setBrush(Qt::NoBrush);
  painter.setPen(QPen(accent, 1.5, Qt::DashLine));
  painter.drawPolygon(outline);
  const QPointF top = (outline[0] + outline[1]) / 2;
  const QPointF knob = toWidget(handles_->rotateKnob(knobOffset()));
  painter.setPen(QPen(accent, 1.5));
  painter.drawLine(top, knob);
  painter.setBrush(QColor(20, 20, 22));
  painter.drawEllipse(knob, 6, 6);
  painter.setBrush(accent);
  for (const QPointF& c : outline) painter.drawRect(QRectF(c - QPointF(4, 4), QSizeF(8, 8)));
  painter.drawEllipse(toWidget(handles_->pivot()), 3, 3);
}

void Viewer::wheelEvent(QWheelEvent* event) {
  const double steps = event->angleDelta().y() / 120.0;
  zoomAbout(event->position(), std::pow(1.25, steps));
}

void Viewer::mousePressEvent(QMouseEvent* event) {
  if (event->button() == Qt::MiddleButton) {
    panning_ = true;
    fitting_ = false;
    panStart_ = event->position();
  } else if (event->button() == Qt::LeftButton) {
    const QPointF at = toFrame(event->position());
    const auto part = handles_ ? handles_->hitTest(at, handleTolerance(), knobOffset()) : TransformHandles::Part::None;
    if (part != TransformHandles::Part::None) {
      dragFrom_ = handles_;
      dragPart_ = part;
      dragStart_ = at;
      Q_EMIT handleDragStarted(part);
    } else if (clicksEnabled_ && tool_ == ViewerTool::Box) {
      boxing_ = true;
      boxStart_ = boxEnd_ = event->position();
    } else if (clicksEnabled_) {
      clickAt(event->position().toPoint(), event->modifiers());
    }
  }
}

void Viewer::mouseMoveEvent(QMouseEvent* event) {
  if (dragFrom_) {
    Q_EMIT handleDragged(dragPart_, dragFrom_->dragged(dragPart_, dragStart_, toFrame(event->position())));
    return;
  }
  if (boxing_) {
    boxEnd_ = event->position();
    update();
  }
  if (!panning_) return;
  origin_ += event->position() - panStart_;
  panStart_ = event->position();
  update();
}

void Viewer::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() == Qt::MiddleButton) panning_ = false;
  if (event->button() == Qt::LeftButton && dragFrom_) {
    dragFrom_.reset();
    Q_EMIT handleDragFinished();
    return;
  }
  if (event->button() != Qt::LeftButton || !boxing_) return;
  boxing_ = false;
  update();
  // A box smaller than a few pixels on screen is a slip, not a prompt.
  const QRectF dragged = QRectF(boxStart_, event->position()).normalized();
  const QRect box = frameRectBetween(boxStart_, event->position());
  if (dragged.width() >= 4 && dragged.height() >= 4 && box.width() >= 2 && box.height() >= 2) Q_EMIT boxDrawn(box);
}

void Viewer::resizeEvent(QResizeEvent*) {
  if (fitting_) zoomToFit();
}

}  // namespace permanence::ui
