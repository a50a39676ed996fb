#include "complete/region_warp.h"

#include <algorithm>

namespace permanence {

cv::Matx23d intoRoi(const cv::Matx23d& m, const cv::Rect& roi) {
  cv::Matx23d out = m;
  out(0, 2) -= roi.x;
  out(1, 2) -= roi.y;
  return out;
}

cv::Scalar gainBetween(const cv::Mat& source, const cv::Mat& target, const cv::Mat& overlap) {
  if (cv::countNonZero(overlap) < 50) return cv::Scalar::all(1);
  const cv::Scalar a = cv::mean(source, overlap), b = cv::mean(target, overlap);
  cv::Scalar gain;
  for (int c = 0; c < 3; ++c) gain[c] = std::clamp(a[c] > 1 ? b[c] / a[c] : 1.0, 0.9, 1.1);
  return gain;
}

cv::Rect grow(const cv::Rect& r, int by, cv::Size bounds) {
  return cv::Rect(r.x - by, r.y - by, r.width + 2 * by, r.height + 2 * by) & cv::Rect({0, 0}, bounds);
}

}  // namespace permanence
