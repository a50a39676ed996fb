#pragma once
// A layer's transform at any frame, interpolated between the user's keyframes.
#include "project/project.h"

#include <vector>

namespace permanence {

struct LayerTransform {
  double translateX = 0, translateY = 0;  // pixels
  double scale = 1;
  double rotationDegrees = 0;  // clockwise, about the layer's anchor
  double opacity = 1;
};

// Keyframes sorted by frame (as Layer stores them). Before the first keyframe the
// first one holds, after the last the last one holds; none gives the identity.
// Each keyframe's interpolation mode shapes the way towards the next keyframe.
LayerTransform transformAt(const std::vector<TransformKeyframe>& keyframes, double frame);

}  // namespace permanence
