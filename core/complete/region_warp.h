#pragma once
// Small pieces shared by the object completion and the background plate: copying
// pixels of one frame into a region of another through a motion, with exposure
// matched.
#include <opencv2/core.hpp>

namespace permanence {

// Affine map of a frame into the region `roi` of another, given the map `m` between
// the whole frames.
cv::Matx23d intoRoi(const cv::Matx23d& m, const cv::Rect& roi);

// Per-channel gain (clamped to +-10 %) that makes `source` match `target` where
// `overlap` is set; 1 when the overlap is too small to tell.
cv::Scalar gainBetween(const cv::Mat& source, const cv::Mat& target, const cv::Mat& overlap);

// `r` grown by `by` pixels on each side, clipped to `bounds`.
cv::Rect grow(const cv::Rect& r, int by, cv::Size bounds);

}  // namespace permanence
