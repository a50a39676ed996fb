#pragma once
// Tracking and segmentation work on a downscaled copy of the frame: graph cuts and
// optical flow cost grows with the pixel count, and masks lose little when upscaled.
#include "mask/mask.h"

#include <opencv2/core.hpp>

namespace permanence {

// Scale factor (<= 1) that brings the long side of `size` to at most `longSide`.
double workScale(cv::Size size, int longSide);

// Size of `size` scaled by `scale`, at least 1x1.
cv::Size scaledSize(cv::Size size, double scale);

// The frame resized to `workSize` (area interpolation).
cv::Mat toWorkImage(const cv::Mat& frame, cv::Size workSize);

// The mask resized to `workSize` as 8-bit 0/255.
cv::Mat toWorkMask(const Mask& mask, cv::Size workSize);

// A 0/255 work-size mask upscaled to `fullSize` with smooth (interpolated) edges.
Mask toFullMask(const cv::Mat& workMask, cv::Size fullSize);

}  // namespace permanence
