#pragma once
// SLIC superpixels: compact regions of near-uniform colour that follow the image's
// edges. A graph cut over a few hundred of them costs microseconds where one over
// every pixel costs tens of milliseconds.
#include <opencv2/core.hpp>

namespace permanence {

struct Superpixels {
  cv::Mat labels;  // CV_32S, 0..count-1, each superpixel one 4-connected region
  int count = 0;
};

// `image` 8-bit BGR. `step`: the grid spacing of the initial centres (pixels);
// `compactness`: how much spatial distance weighs against colour distance (Lab).
// Deterministic: the same image gives the same partition.
Superpixels computeSuperpixels(const cv::Mat& image, int step, double compactness = 10, int iterations = 5);

}  // namespace permanence
