#include "compose/exr_frames.h"

#include "compose/linear_light.h"

#include <opencv2/imgproc.hpp>

namespace permanence {
namespace {

// The box of every pixel where the layer or one of its mattes is non-zero.
cv::Rect objectBox(const PlacedLayer& placed) {
  cv::Mat alpha;
  cv::extractChannel(placed.premultiplied, alpha, 3);
  cv::Mat present = alpha > 0;
  for (const cv::Mat& matte : placed.mattes) present |= matte > 0;
  const cv::Rect box = cv::boundingRect(present);
  return box.empty() ? cv::Rect(0, 0, 1, 1) : box;
}

}  // namespace

ExrImage objectExrImage(const PlacedLayer& placed, Rational frameRate) {
  CV_Assert(placed.premultiplied.type() == CV_32FC4 && placed.mattes.size() == 2);
  const cv::Rect box = objectBox(placed);
  const cv::Mat layer = placed.premultiplied(box);
  cv::Mat r(box.size(), CV_32FC1), g(box.size(), CV_32FC1), b(box.size(), CV_32FC1), a(box.size(), CV_32FC1);
  for (int y = 0; y < box.height; ++y) {
    const cv::Vec4f* in = layer.ptr<cv::Vec4f>(y);
    float* out[] = {b.ptr<float>(y), g.ptr<float>(y), r.ptr<float>(y)};  // in OpenCV's BGR order
    float* alpha = a.ptr<float>(y);
    for (int x = 0; x < box.width; ++x) {
      const float coverage = in[x][3];
      alpha[x] = coverage;
      // Premultiplied sRGB values back to straight ones, decoded, premultiplied again.
      for (int c = 0; c < 3; ++c)
        out[c][x] = coverage > 0 ? srgbToLinear(std::min(1.0f, in[x][c] / coverage)) * coverage : 0.0f;
    }
  }
  return {placed.premultiplied.size(),
          box,
          {{"R", r}, {"G", g}, {"B", b}, {"A", a},
           {kModalMatteChannel, placed.mattes[0](box).clone()}, {kAmodalMatteChannel, placed.mattes[1](box).clone()}},
          frameRate};
}

ExrImage plateExrImage(const cv::Mat& bgr8, Rational frameRate) {
  std::vector<cv::Mat> rgb = linearRgbPlanes(bgr8);
  return {bgr8.size(), cv::Rect({0, 0}, bgr8.size()), {{"R", rgb[0]}, {"G", rgb[1]}, {"B", rgb[2]}}, frameRate};
}

}  // namespace permanence
