#include "compose/linear_light.h"

#include <array>
#include <cmath>

namespace permanence {

float srgbToLinear(float encoded) {
  // IEC 61966-2-1: a linear toe below 0.04045, a 2.4 power above.
  return encoded <= 0.04045f ? encoded / 12.92f : std::pow((encoded + 0.055f) / 1.055f, 2.4f);
}

std::vector<cv::Mat> linearRgbPlanes(const cv::Mat& bgr8) {
  CV_Assert(bgr8.depth() == CV_8U && (bgr8.channels() == 3 || bgr8.channels() == 4));
  static const std::array<float, 256> table = [] {
    std::array<float, 256> t{};
    for (int v = 0; v < 256; ++v) t[v] = srgbToLinear(v / 255.0f);
    return t;
  }();
  std::vector<cv::Mat> planes(3);
  for (cv::Mat& plane : planes) plane.create(bgr8.size(), CV_32FC1);
  const int step = bgr8.channels();
  for (int y = 0; y < bgr8.rows; ++y) {
    const uchar* in = bgr8.ptr<uchar>(y);
    float* r = planes[0].ptr<float>(y);
    float* g = planes[1].ptr<float>(y);
    float* b = planes[2].ptr<float>(y);
    for (int x = 0; x < bgr8.cols; ++x, in += step) {
      b[x] = table[in[0]];
      g[x] = table[in[1]];
      r[x] = table[in[2]];
    }
  }
  return planes;
}

}  // namespace permanence
