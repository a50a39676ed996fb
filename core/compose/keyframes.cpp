#include "compose/keyframes.h"

#include <algorithm>

namespace permanence {
namespace {

LayerTransform fromKeyframe(const TransformKeyframe& k) {
  return {k.translateX, k.translateY, k.scale, k.rotationDegrees, k.opacity};
}

// Maps linear progress t in [0,1] through the keyframe's easing.
double ease(Interpolation mode, double t) {
  switch (mode) {
    case Interpolation::Hold: return 0;
    case Interpolation::EaseInOut: return t * t * (3 - 2 * t);  // smoothstep: zero speed at both ends
    case Interpolation::Linear: break;
  }
  return t;
}

double mix(double a, double b, double t) { return a + (b - a) * t; }

}  // namespace

LayerTransform transformAt(const std::vector<TransformKeyframe>& keyframes, double frame) {
  if (keyframes.empty()) return {};
  if (frame <= keyframes.front().frame) return fromKeyframe(keyframes.front());
  if (frame >= keyframes.back().frame) return fromKeyframe(keyframes.back());
  const auto next = std::upper_bound(keyframes.begin(), keyframes.end(), frame,
                                     [](double f, const TransformKeyframe& k) { return f < k.frame; });
  const TransformKeyframe& a = *(next - 1);
  const TransformKeyframe& b = *next;
  const double t = ease(a.interpolation, (frame - a.frame) / double(b.frame - a.frame));
  return {mix(a.translateX, b.translateX, t), mix(a.translateY, b.translateY, t), mix(a.scale, b.scale, t),
          mix(a.rotationDegrees, b.rotationDegrees, t), mix(a.opacity, b.opacity, t)};
}

}  // namespace permanence
