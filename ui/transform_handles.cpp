#include "transform_handles.h"

#include <QLineF>
#include <QPolygonF>

#include <algorithm>
#include <cmath>

namespace permanence::ui {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kMinScale = 0.05;
constexpr double kMaxScale = 20.0;

double angleDegrees(const QPointF& v) { return std::atan2(v.y(), v.x()) * 180.0 / kPi; }

}  // namespace

TransformHandles::TransformHandles(LayerOutline outline, LayerTransform transform)
    : outline_(outline), transform_(transform) {}

QPointF TransformHandles::place(const QPointF& point) const {
  // As core's placeLayer: scale and turn clockwise about the centre, then translate.
  const double a = transform_.rotationDegrees * kPi / 180.0;
  const QPointF d = (point - outline_.centre) * transform_.scale;
  const QPointF turned(std::cos(a) * d.x() - std::sin(a) * d.y(), std::sin(a) * d.x() + std::cos(a) * d.y());
  return turned + pivot();
}

std::array<QPointF, 4> TransformHandles::corners() const {
  const QRectF& b = outline_.bounds;
  return {place(b.topLeft()), place(b.topRight()), place(b.bottomRight()), place(b.bottomLeft())};
}

QPointF TransformHandles::pivot() const {
  return outline_.centre + QPointF(transform_.translateX, transform_.translateY);
}

QPointF TransformHandles::rotateKnob(double offset) const {
  const double a = transform_.rotationDegrees * kPi / 180.0;
  const QPointF up(std::sin(a), -std::cos(a));  // the top edge's outward normal, turned
  const auto c = corners();
  return (c[0] + c[1]) / 2 + up * offset;
}

TransformHandles::Part TransformHandles::hitTest(const QPointF& point, double tolerance, double offset) const {
  if (QLineF(point, rotateKnob(offset)).length() <= tolerance) return Part::Rotate;
  for (const QPointF& corner : corners())
    if (QLineF(point, corner).length() <= tolerance) return Part::Scale;
  const auto c = corners();
  if (QPolygonF({c[0], c[1], c[2], c[3]}).containsPoint(point, Qt::OddEvenFill)) return Part::Body;
  return Part::None;
}

LayerTransform TransformHandles::dragged(Part part, const QPointF& from, const QPointF& to) const {
  LayerTransform t = transform_;
  const QPointF p = pivot();
  switch (part) {
    case Part::Body:
      t.translateX += to.x() - from.x();
      t.translateY += to.y() - from.y();
      break;
    case Part::Scale: {
      const double start = QLineF(p, from).length();
      if (start > 1e-6) t.scale = std::clamp(t.scale * QLineF(p, to).length() / start, kMinScale, kMaxScale);
      break;
    }
    case Part::Rotate: {
      // Image y points down, so a growing angle turns clockwise, as the transform does.
      double degrees = t.rotationDegrees + angleDegrees(to - p) - angleDegrees(from - p);
      t.rotationDegrees = std::remainder(degrees, 360.0);
      break;
    }
    case Part::None:
      break;
  }
  return t;
}

}  // namespace permanence::ui
