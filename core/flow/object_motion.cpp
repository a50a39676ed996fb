#include "flow/object_motion.h"

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

namespace permanence {
namespace {

constexpr int kMinInliers = 6;

MotionFit centroidShift(const cv::Mat& maskFrom, const cv::Mat& maskTo) {
  MotionFit fit;
  const cv::Moments a = cv::moments(maskFrom, true), b = cv::moments(maskTo, true);
  if (a.m00 < 1 || b.m00 < 1) return fit;
  fit.transform = cv::Matx23d(1, 0, b.m10 / b.m00 - a.m10 / a.m00, 0, 1, b.m01 / b.m00 - a.m01 / a.m00);
  fit.quality = 0.15;  // masks shrink under occlusion, so their centroids are weak evidence
  return fit;
}

}  // namespace

MotionFit estimateMotion(const cv::Mat& grayFrom, const cv::Mat& grayTo, const cv::Mat& maskFrom,
                         const cv::Mat& maskTo, MotionModel model) {
  if (cv::countNonZero(maskFrom) < 16) return centroidShift(maskFrom, maskTo);
  // Corners on the mask's edge often belong to whatever hides the object there.
  cv::Mat inner;
  cv::erode(maskFrom, inner, cv::getStructuringElement(cv::MORPH_ELLIPSE, {7, 7}));
  std::vector<cv::Point2f> from, to, back;
  cv::goodFeaturesToTrack(grayFrom, from, 300, 0.005, 4, inner, 5);
  if (static_cast<int>(from.size()) < kMinInliers) return centroidShift(maskFrom, maskTo);
  std::vector<uchar> okF, okB;
  std::vector<float> err;
  const cv::Size window(15, 15);
  cv::calcOpticalFlowPyrLK(grayFrom, grayTo, from, to, okF, err, window, 3);
  cv::calcOpticalFlowPyrLK(grayTo, grayFrom, to, back, okB, err, window, 3);
  std::vector<cv::Point2f> a, b;
  for (size_t i = 0; i < from.size(); ++i) {
    const cv::Point2f d = back[i] - from[i];
    if (okF[i] && okB[i] && d.dot(d) < 1.0f) {  // forward-backward consistent within 1 px
      a.push_back(from[i]);
      b.push_back(to[i]);
    }
  }
  if (static_cast<int>(a.size()) < kMinInliers) return centroidShift(maskFrom, maskTo);
  std::vector<uchar> inliers;
  const cv::Mat m = model == MotionModel::Similarity
                        ? cv::estimateAffinePartial2D(a, b, inliers, cv::RANSAC, 1.5)
                        : cv::estimateAffine2D(a, b, inliers, cv::RANSAC, 1.5);
  if (m.empty()) return centroidShift(maskFrom, maskTo);
  MotionFit fit;
  fit.transform = cv::Matx23d(m);
  fit.inliers = cv::countNonZero(inliers);
  fit.quality = static_cast<double>(fit.inliers) / from.size();
  if (fit.inliers < kMinInliers) return centroidShift(maskFrom, maskTo);
  return fit;
}

cv::Matx23d compose(const cv::Matx23d& b, const cv::Matx23d& a) {
  const cv::Matx33d A(a(0, 0), a(0, 1), a(0, 2), a(1, 0), a(1, 1), a(1, 2), 0, 0, 1);
  const cv::Matx33d B(b(0, 0), b(0, 1), b(0, 2), b(1, 0), b(1, 1), b(1, 2), 0, 0, 1);
  const cv::Matx33d C = B * A;
  return {C(0, 0), C(0, 1), C(0, 2), C(1, 0), C(1, 1), C(1, 2)};
}

cv::Matx23d invert(const cv::Matx23d& a) {
  cv::Matx23d out;
  cv::invertAffineTransform(a, out);
  return out;
}

// While the object is hidden there is nothing to fit, and while it slides behind
// something the shrinking sliver gives only weak fits: carry the nearest well
// measured motion through such gaps (constant velocity), with a modest quality.
void bridgeGaps(std::vector<MotionFit>& fits) {
  constexpr double kBridged = kBridgedQuality;
  const int n = static_cast<int>(fits.size());
  for (int i = 0; i < n; ++i) {
    if (fits[i].quality >= kBridged) continue;
    for (int d = 1; d < n; ++d) {
      const int before = i - d, after = i + d;
      const MotionFit* source = before >= 0 && fits[before].quality > kBridged ? &fits[before]
                                : after < n && fits[after].quality > kBridged   ? &fits[after]
                                                                                : nullptr;
      if (source) {
        fits[i].transform = source->transform;
        fits[i].quality = kBridged;
        break;
      }
    }
  }
}

// Maps frame s into frame t by chaining neighbour fits; quality is the weakest link.
MotionFit chain(const std::vector<MotionFit>& fits, int s, int t) {
  MotionFit out;
  out.quality = 1;
  if (s < t) {
    for (int i = s; i < t; ++i) {
      out.transform = compose(fits[i].transform, out.transform);
      out.quality = std::min(out.quality, fits[i].quality);
    }
  } else {
    for (int i = s - 1; i >= t; --i) {
      out.transform = compose(invert(fits[i].transform), out.transform);
      out.quality = std::min(out.quality, fits[i].quality);
    }
  }
  return out;
}

}  // namespace permanence
