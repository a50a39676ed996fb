#include "depth/depth_image.h"

#include <opencv2/imgproc.hpp>

#include <stdexcept>

namespace permanence::depth {

torch::Tensor depthPreprocess(const cv::Mat& bgr, int64_t inputSize) {
  if (bgr.empty() || bgr.type() != CV_8UC3) throw std::invalid_argument("depthPreprocess: expected a BGR 8-bit image");
  const auto [height, width] = depthInputShape(bgr.rows, bgr.cols, inputSize);
  cv::Mat rgb, resized;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  rgb.convertTo(rgb, CV_32FC3, 1.0 / 255.0);
  cv::resize(rgb, resized, cv::Size(static_cast<int>(width), static_cast<int>(height)), 0, 0, cv::INTER_CUBIC);
  torch::Tensor t = torch::from_blob(resized.data, {height, width, 3}, torch::kFloat32).permute({2, 0, 1}).clone();
  return normalizeLikeImageNet(t.unsqueeze(0));
}

}  // namespace permanence::depth
