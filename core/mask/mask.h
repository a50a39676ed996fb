#pragma once
// A binary mask stored run-length encoded: masks of long clips stay small in memory.
// Runs alternate background/foreground in row-major order, starting with background
// (the first run may be 0 long).
#include <opencv2/core.hpp>

#include <cstdint>
#include <vector>

namespace permanence {

class Mask {
 public:
  Mask() = default;
  // An empty (all-background) mask of the given size.
  Mask(int width, int height);
  // Any non-zero pixel of a single-channel image is foreground; multi-channel
  // images count a pixel as foreground when any channel is non-zero.
  static Mask fromMat(const cv::Mat& image);

  // 8-bit single channel, 0 or 255.
  cv::Mat toMat() const;
  // Writes 0/255 into an existing CV_8UC1 image of the mask's size (no allocation).
  void decodeInto(cv::Mat& out) const;

  int width() const { return width_; }
  int height() const { return height_; }
  cv::Size size() const { return {width_, height_}; }
  bool isNull() const { return width_ == 0 || height_ == 0; }
  std::int64_t area() const { return area_; }
  bool isEmpty() const { return area_ == 0; }
  // Tight bounding box of the foreground; empty rect when the mask is empty.
  cv::Rect boundingBox() const;
  const std::vector<std::uint32_t>& runs() const { return runs_; }

  bool operator==(const Mask& other) const;
  bool operator!=(const Mask& other) const { return !(*this == other); }

 private:
  int width_ = 0;
  int height_ = 0;
  std::int64_t area_ = 0;
  std::vector<std::uint32_t> runs_;
};

}  // namespace permanence
