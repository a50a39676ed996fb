#include "track/work_image.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace permanence {

double workScale(cv::Size size, int longSide) {
  const int longest = std::max(size.width, size.height);
  return longest > longSide ? static_cast<double>(longSide) / longest : 1.0;
}

cv::Size scaledSize(cv::Size size, double scale) {
  return {std::max(1, static_cast<int>(std::lround(size.width * scale))),
          std::max(1, static_cast<int>(std::lround(size.height * scale)))};
}

cv::Mat toWorkImage(const cv::Mat& frame, cv::Size workSize) {
  if (frame.size() == workSize) return frame;
  cv::Mat small;
  cv::resize(frame, small, workSize, 0, 0, cv::INTER_AREA);
  return small;
}

cv::Mat toWorkMask(const Mask& mask, cv::Size workSize) {
  cv::Mat full = mask.toMat();
  if (full.size() == workSize) return full;
  cv::Mat small;
  cv::resize(full, small, workSize, 0, 0, cv::INTER_AREA);
  return small > 127;
}

Mask toFullMask(const cv::Mat& workMask, cv::Size fullSize) {
  if (workMask.size() == fullSize) return Mask::fromMat(workMask);
  cv::Mat full;
  cv::resize(workMask, full, fullSize, 0, 0, cv::INTER_LINEAR);
  return Mask::fromMat(full > 127);
}

}  // namespace permanence
