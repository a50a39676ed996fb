#pragma once
// The on-canvas handles of the selected layer in the composite view: its outline
// as placed (drag inside to move), a square on each corner (drag to scale about
// the anchor) and a knob beyond the top edge (drag to rotate about the anchor).
// Pure geometry in frame pixels; the viewer draws it and reports the drags.
#include "compose/keyframes.h"

#include <QPointF>
#include <QRectF>

#include <array>

namespace permanence::ui {

// The layer's own pixels at the current frame, before its transform: the bounds of
// its alpha and the centroid of its alpha, which core's renderer turns it about.
struct LayerOutline {
  QRectF bounds;
  QPointF centre;
};

class TransformHandles {
 public:
  enum class Part { None, Body, Scale, Rotate };

  TransformHandles(LayerOutline outline, LayerTransform transform);

  const LayerTransform& transform() const { return transform_; }
  // Where a point of the untransformed layer lands in the composite.
  QPointF place(const QPointF& point) const;
  // The outline's corners as placed: top-left, top-right, bottom-right, bottom-left.
  std::array<QPointF, 4> corners() const;
  // The anchor as placed: scale and rotation keep it still.
  QPointF pivot() const;
  // The rotate knob, `offset` frame pixels beyond the middle of the top edge.
  QPointF rotateKnob(double offset) const;
  // The part under `point`; `tolerance` and the knob's `offset` in frame pixels.
  Part hitTest(const QPointF& point, double tolerance, double offset) const;
  // The transform after dragging `part` from `from` to `to` (frame pixels).
  LayerTransform dragged(Part part, const QPointF& from, const QPointF& to) const;

 private:
  LayerOutline outline_;
  LayerTransform transform_;
};

}  // namespace permanence::ui
