#pragma once
// Snaps a rough object mask to the image: a graph cut (OpenCV's GrabCut, colour GMMs
// learned on the spot) decides the pixels in a band around the mask's edge, while
// pixels deep inside stay object and pixels far outside stay background.
#include <opencv2/core.hpp>

namespace permanence {

struct RefineOptions {
  // Half-width of the undecided band, as a fraction of sqrt(mask area), clamped.
  double bandFraction = 0.12;
  int minBand = 3;
  int maxBand = 16;
  int iterations = 1;
};

// `image` 8-bit BGR; `prior` 8-bit, > 127 = object; `doubtful` (optional, 8-bit,
// non-zero = the prior is unreliable there, e.g. flow inconsistency) keeps pixels out
// of the certain-object core. Returns 0/255 of the image's size.
cv::Mat refineMaskByGraphCut(const cv::Mat& image, const cv::Mat& prior, const cv::Mat& doubtful,
                             const RefineOptions& options = {});

// Keeps the connected components of `mask` (0/255) that are at least `minFraction`
// of the largest one; drops specks the graph cut leaves behind.
cv::Mat keepMainComponents(const cv::Mat& mask, double minFraction);

}  // namespace permanence
