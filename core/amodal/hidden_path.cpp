#include "amodal/hidden_path.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <optional>

namespace permanence {
namespace {

// The fits looked at on each side of a hidden stretch for the object's velocity: the
// nearest well measured one is taken (the last frames before it hides are slivers).
constexpr int kVelocityFrames = 4;
// Per-frame scale change allowed in an extrapolation: a fit on a shrinking sliver can
// claim a strong zoom, which compounds over the hidden frames.
constexpr double kMaxStepScale = 1.03;
// A hidden shape that falls on what can hide it by at least this share is kept inside it.
constexpr double kBehindShare = 1.0 / 3;
// The shape carried into a hidden stretch is the one of the nearest of the last
// kAnchorFrames seen frames that is nearly as large as the largest of them: the frames
// just before an object hides show (and complete) only a sliver of it.
constexpr int kAnchorFrames = 8;
constexpr double kAnchorArea = 0.85;

struct Pose {
  cv::Point2d centre;
  double size = 0;  // square root of the area
};

std::optional<Pose> poseOf(const cv::Mat& shape) {
  const cv::Moments m = cv::moments(shape, true);
  if (m.m00 < 1) return std::nullopt;
  return Pose{{m.m10 / m.m00, m.m01 / m.m00}, std::sqrt(m.m00)};
}

cv::Point2d apply(const cv::Matx23d& m, cv::Point2d p) {
  return {m(0, 0) * p.x + m(0, 1) * p.y + m(0, 2), m(1, 0) * p.x + m(1, 1) * p.y + m(1, 2)};
}

double scaleOf(const cv::Matx23d& m) {
  const double s = std::sqrt(std::abs(m(0, 0) * m(1, 1) - m(0, 1) * m(1, 0)));
  return std::clamp(s, 1 / kMaxStepScale, kMaxStepScale);
}

// The object's motion per frame away from a seen frame into a hidden stretch.
struct Velocity {
  cv::Point2d shift;  // of the centroid, px per frame
  double scale = 1;   // of the size, per frame
};

// At the seen frame `anchor`, going into the stretch by `step` (+1 forward, -1
// backward): the centroid's shift per frame over the up to kVelocityFrames seen
// frames on the far side of the anchor whose shapes are about as large as its own
// (whole shapes move as the object does; a shape that grows out of a sliver does not).
// Without such frames, the nearest well measured motion fit at the centroid;
// without one, standing still.
Velocity velocity(const std::vector<MotionFit>& fits, const std::vector<cv::Mat>& shapes,
                  const std::vector<bool>& hidden, int anchor, int step) {
  const int count = static_cast<int>(shapes.size());
  const auto at = poseOf(shapes[anchor]);
  if (!at) return {};
  int farthest = 0;
  Pose far;
  for (int k = 1; k <= kVelocityFrames; ++k) {
    const int other = anchor - step * k;
    if (other < 0 || other >= count || hidden[other]) break;
    const auto p = poseOf(shapes[other]);
    if (!p || p->size < std::sqrt(kAnchorArea) * at->size || at->size < std::sqrt(kAnchorArea) * p->size) break;
    farthest = k;
    far = *p;
  }
  if (farthest > 0)
    return {(at->centre - far.centre) / farthest,
            std::clamp(std::pow(at->size / far.size, 1.0 / farthest), 1 / kMaxStepScale, kMaxStepScale)};
  for (int k = 0; k < kVelocityFrames; ++k) {
    const int i = step > 0 ? anchor - 1 - k : anchor + k;  // fits[i]: i -> i+1
    if (i < 0 || i >= static_cast<int>(fits.size())) break;
    if (fits[i].quality <= kBridgedQuality) continue;
    const cv::Matx23d m = step > 0 ? fits[i].transform : invert(fits[i].transform);
    return {apply(m, at->centre) - at->centre, scaleOf(m)};
  }
  return {};
}

// The pose `steps` frames on from `start` at the velocity `v`.
Pose extrapolate(const Pose& start, const Velocity& v, int steps) {
  return {start.centre + steps * v.shift, start.size * std::pow(v.scale, steps)};
}

// `shape` (whose pose is `from`) scaled about its centroid and moved to `to` (CV_32F, 0..1).
cv::Mat place(const cv::Mat& shape, const Pose& from, const Pose& to) {
  const double k = from.size > 0 ? to.size / from.size : 1;
  const cv::Matx23d m(k, 0, to.centre.x - k * from.centre.x, 0, k, to.centre.y - k * from.centre.y);
  cv::Mat out;
  cv::warpAffine(shape, out, m, shape.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
  out.convertTo(out, CV_32F, 1.0 / 255);
  return out;
}

// One seen side of a hidden stretch.
struct Side {
  int frame = -1;  // the seen frame next to the stretch
  Pose pose;
  Velocity velocity;  // per frame, into the stretch
};

// The seen frame next to a hidden stretch whose shape is carried into it, looking
// back from `next` (the seen frame next to the stretch) away from it by `step`.
int anchorFrame(const std::vector<cv::Mat>& shapes, const std::vector<bool>& hidden, int next, int step) {
  const int count = static_cast<int>(shapes.size());
  std::vector<std::pair<int, int>> seen;  // frame, area, nearest first
  for (int k = 0; k < kAnchorFrames; ++k) {
    const int f = next - step * k;
    if (f < 0 || f >= count || hidden[f]) break;
    seen.emplace_back(f, cv::countNonZero(shapes[f]));
  }
  int largest = 0;
  for (const auto& [f, area] : seen) largest = std::max(largest, area);
  for (const auto& [f, area] : seen)
    if (area >= kAnchorArea * largest) return f;
  return next;
}

cv::Mat keptBehind(const cv::Mat& shape, const std::vector<cv::Mat>& behind, int t) {
  if (behind.empty() || behind[t].empty()) return shape;
  const int area = cv::countNonZero(shape);
  if (area == 0 || cv::countNonZero(shape & behind[t]) < kBehindShare * area) return shape;
  return shape & behind[t];
}

}  // namespace

const char* hiddenPathName(HiddenPath path) {
  switch (path) {
    case HiddenPath::Interpolated: return "interpolated";
    case HiddenPath::Still: return "still";
    case HiddenPath::Extrapolated: return "extrapolated";
  }
  return "?";
}

std::vector<double> fillHiddenFrames(std::vector<cv::Mat>& shapes, const std::vector<bool>& hidden,
                                     const std::vector<MotionFit>& fits, const std::vector<cv::Mat>& behind,
                                     HiddenPath path) {
  const int count = static_cast<int>(shapes.size());
  std::vector<double> confidence(count, 1.0);
  for (int first = 0; first < count;) {
    if (!hidden[first]) {
      ++first;
      continue;
    }
    int end = first;
    while (end < count && hidden[end]) ++end;  // the stretch [first, end)
    Side before, after;
    if (first > 0) {
      const int f = anchorFrame(shapes, hidden, first - 1, +1);
      if (const auto p = poseOf(shapes[f])) before = {f, *p, velocity(fits, shapes, hidden, f, +1)};
    }
    if (end < count) {
      const int f = anchorFrame(shapes, hidden, end, -1);
      if (const auto p = poseOf(shapes[f])) after = {f, *p, velocity(fits, shapes, hidden, f, -1)};
    }
    for (int t = first; t < end; ++t) {
      const int n = t - before.frame, m = after.frame - t;  // steps from each side
      cv::Mat shape;
      if (before.frame >= 0 && after.frame >= 0) {
        const bool forward = n <= m;
        if (path == HiddenPath::Interpolated) {
          const double u = static_cast<double>(n) / (n + m);
          const Pose f = extrapolate(before.pose, before.velocity, n), b = extrapolate(after.pose, after.velocity, m);
          const Pose at{(1 - u) * f.centre + u * b.centre, std::exp((1 - u) * std::log(f.size) + u * std::log(b.size))};
          const cv::Mat vote = (1 - u) * place(shapes[before.frame], before.pose, at) +
                               u * place(shapes[after.frame], after.pose, at);
          shape = vote >= 0.5f;
        } else if (path == HiddenPath::Still) {
          shape = shapes[before.frame].clone();
        } else {
          const Side& s = forward ? before : after;
          const Pose to = extrapolate(s.pose, s.velocity, forward ? n : m);
          shape = place(shapes[s.frame], s.pose, to) >= 0.5f;
        }
      } else if (before.frame >= 0 || after.frame >= 0) {
        const Side& s = before.frame >= 0 ? before : after;
        const int steps = before.frame >= 0 ? n : m;
        if (steps > kMaxExtrapolatedFrames) {
          shape = cv::Mat::zeros(shapes[t].size(), CV_8U);
          confidence[t] = 0;
        } else {
          const Pose to = path == HiddenPath::Still ? s.pose : extrapolate(s.pose, s.velocity, steps);
          shape = place(shapes[s.frame], s.pose, to) >= 0.5f;
          confidence[t] = std::pow(0.5, steps / kExtrapolationHalfLife);
        }
      } else {
        shape = cv::Mat::zeros(shapes[t].size(), CV_8U);  // never seen: nothing to carry
      }
      shapes[t] = keptBehind(shape, behind, t);
    }
    first = end;
  }
  return confidence;
}

}  // namespace permanence
