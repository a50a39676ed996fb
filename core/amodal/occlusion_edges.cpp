#include "amodal/occlusion_edges.h"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace permanence {
namespace {

// Frames compared with t: far enough for the object to have moved past a still edge.
constexpr int kOffsets[] = {-3, 3};
// A silhouette pixel within this distance (px) of the other frame's silhouette is at
// the same place; the object must have moved at least kMinShift px there meanwhile.
constexpr float kSamePlace = 1.0f;
constexpr double kMinShift = 2.0;

cv::Mat silhouette(const cv::Mat& mask) {
  cv::Mat inner;
  cv::erode(mask, inner, cv::Mat());
  return mask & ~inner;
}

cv::Point2d apply(const cv::Matx23d& m, cv::Point p) {
  return {m(0, 0) * p.x + m(0, 1) * p.y + m(0, 2), m(1, 0) * p.x + m(1, 1) * p.y + m(1, 2)};
}

}  // namespace

cv::Mat beyondOcclusionEdges(const std::vector<cv::Mat>& masks, const std::vector<MotionFit>& object,
                             const std::vector<MotionFit>& camera, int t, int reach) {
  const int count = static_cast<int>(masks.size());
  const cv::Mat& visible = masks[t];
  cv::Mat edges = cv::Mat::zeros(visible.size(), CV_8U);
  const cv::Mat outline = silhouette(visible);
  std::vector<cv::Point> points;
  cv::findNonZero(outline, points);
  if (points.empty()) return edges;
  // Only the silhouette's surroundings matter: the distances are measured in its box.
  const cv::Rect box = cv::boundingRect(points) & cv::Rect({0, 0}, visible.size());
  const cv::Rect area(box.x - 2, box.y - 2, box.width + 4, box.height + 4);
  const cv::Rect inside = area & cv::Rect({0, 0}, visible.size());
  cv::Mat warped, distance;
  for (const int offset : kOffsets) {
    const int s = t + offset;
    if (s < 0 || s >= count || cv::countNonZero(masks[s]) == 0) continue;
    const cv::Matx23d objectMotion = invert(chain(object, s, t).transform);  // t -> s
    // Still in the image frame, or still in the scene (following the camera).
    for (const cv::Matx23d& into : {cv::Matx23d(1, 0, 0, 0, 1, 0), chain(camera, s, t).transform}) {
      cv::Matx23d intoInside = into;
      intoInside(0, 2) -= inside.x;
      intoInside(1, 2) -= inside.y;
      cv::warpAffine(masks[s], warped, intoInside, inside.size(), cv::INTER_NEAREST, cv::BORDER_CONSTANT, 0);
      cv::distanceTransform(~silhouette(warped), distance, cv::DIST_L2, 3);
      const cv::Matx23d sceneMotion = invert(into);
      for (const cv::Point p : points) {
        if (distance.at<float>(p - inside.tl()) > kSamePlace) continue;
        const cv::Point2d apart = apply(objectMotion, p) - apply(sceneMotion, p);  // where each puts p in s
        if (std::hypot(apart.x, apart.y) >= kMinShift) edges.at<uchar>(p) = 255;
      }
    }
  }
  cv::Mat near;
  cv::dilate(edges, near, cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * reach + 1, 2 * reach + 1}));
  return near & ~visible;
}

}  // namespace permanence
