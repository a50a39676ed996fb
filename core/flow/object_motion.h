#pragma once
// How an object (or the camera, with the background as mask) moves between two
// frames: a robust similarity or affine fit to sparse flow on its visible pixels.
#include <opencv2/core.hpp>

#include <vector>

namespace permanence {

enum class MotionModel { Similarity, Affine };

struct MotionFit {
  cv::Matx23d transform = cv::Matx23d(1, 0, 0, 0, 1, 0);  // maps points of `from` into `to`
  double quality = 0;  // 0..1: inlier share, lowered for the centroid fallback
  int inliers = 0;
};

// `grayFrom`/`grayTo` are 8-bit single-channel frames of one size; `maskFrom`
// (8-bit) marks the visible pixels of the object in `from`; `maskTo` is used when
// too few features can be followed (the fit falls back to the shift of the
// masks' centroids, with low quality).
MotionFit estimateMotion(const cv::Mat& grayFrom, const cv::Mat& grayTo, const cv::Mat& maskFrom,
                         const cv::Mat& maskTo, MotionModel model);

// Composition and inverse of 2x3 affine maps: compose(b, a) applies a, then b.
cv::Matx23d compose(const cv::Matx23d& b, const cv::Matx23d& a);
cv::Matx23d invert(const cv::Matx23d& a);

// Fits of consecutive frames (i -> i+1) whose quality is low (object hidden or a
// sliver) take the nearest well measured motion: constant velocity through gaps.
// A bridged fit gets the quality kBridgedQuality; a measured one above it is "well measured".
constexpr double kBridgedQuality = 0.45;
void bridgeGaps(std::vector<MotionFit>& fits);

// Maps frame s into frame t by chaining consecutive fits (fits[i]: i -> i+1);
// the quality is the weakest link's.
MotionFit chain(const std::vector<MotionFit>& fits, int s, int t);

}  // namespace permanence
