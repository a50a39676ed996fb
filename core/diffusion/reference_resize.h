#pragma once
// The reference resizes its inputs with torchvision's Resize on PIL images: bilinear
// with an antialiasing filter when shrinking. INTER_AREA is OpenCV's closest match
// for shrinking; enlarging is plain bilinear in both.
#include <opencv2/imgproc.hpp>

namespace permanence::diffusion {

inline cv::Mat resizeLikeReference(const cv::Mat& image, cv::Size size) {
  const bool shrinking = size.width < image.cols && size.height < image.rows;
  cv::Mat out;
  cv::resize(image, out, size, 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
  return out;
}

}  // namespace permanence::diffusion
