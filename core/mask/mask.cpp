#include "mask/mask.h"

#include <opencv2/imgproc.hpp>

#include <stdexcept>

namespace permanence {

Mask::Mask(int width, int height) : width_(width), height_(height) {
  if (width < 0 || height < 0) throw std::invalid_argument("Mask: negative size");
  if (width > 0 && height > 0) runs_.push_back(static_cast<std::uint32_t>(width) * height);
}

Mask Mask::fromMat(const cv::Mat& image) {
  if (image.empty()) return Mask();
  cv::Mat binary;
  if (image.channels() == 1) {
    binary = image;
  } else {
    std::vector<cv::Mat> planes;
    cv::split(image, planes);
    binary = planes[0] != 0;
    for (size_t i = 1; i < planes.size(); ++i) binary |= planes[i] != 0;
  }
  if (binary.depth() != CV_8U) binary = binary != 0;
  Mask mask;
  mask.width_ = image.cols;
  mask.height_ = image.rows;
  bool inside = false;
  std::uint32_t run = 0;
  for (int y = 0; y < binary.rows; ++y) {
    const auto* row = binary.ptr<std::uint8_t>(y);
    for (int x = 0; x < binary.cols; ++x) {
      const bool on = row[x] != 0;
      if (on != inside) {
        mask.runs_.push_back(run);
        run = 0;
        inside = on;
      }
      ++run;
      if (on) ++mask.area_;
    }
  }
  mask.runs_.push_back(run);
  return mask;
}

cv::Mat Mask::toMat() const {
  cv::Mat out(height_, width_, CV_8UC1);
  decodeInto(out);
  return out;
}

void Mask::decodeInto(cv::Mat& out) const {
  if (out.rows != height_ || out.cols != width_ || out.type() != CV_8UC1 || !out.isContinuous())
    out.create(height_, width_, CV_8UC1);
  auto* data = out.ptr<std::uint8_t>();
  std::uint8_t value = 0;
  for (std::uint32_t run : runs_) {
    std::fill(data, data + run, value);
    data += run;
    value = value ? 0 : 255;
  }
}

cv::Rect Mask::boundingBox() const {
  if (area_ == 0) return {};
  int minX = width_, minY = height_, maxX = -1, maxY = -1;
  std::uint64_t pos = 0;
  bool on = false;
  for (std::uint32_t run : runs_) {
    if (on && run > 0) {
      const std::uint64_t first = pos, last = pos + run - 1;
      const int y0 = static_cast<int>(first / width_), y1 = static_cast<int>(last / width_);
      minY = std::min(minY, y0);
      maxY = std::max(maxY, y1);
      if (y0 != y1) {
        minX = 0;
        maxX = width_ - 1;
      } else {
        minX = std::min(minX, static_cast<int>(first % width_));
        maxX = std::max(maxX, static_cast<int>(last % width_));
      }
    }
    pos += run;
    on = !on;
  }
  return {minX, minY, maxX - minX + 1, maxY - minY + 1};
}

bool Mask::operator==(const Mask& other) const {
  // The encoding is canonical (no empty runs but a leading one), so runs compare directly.
  return width_ == other.width_ && height_ == other.height_ && runs_ == other.runs_;
}

}  // namespace permanence
