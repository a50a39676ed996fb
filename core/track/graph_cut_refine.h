#pragma once
// Snaps a rough object mask to the image: a graph cut (OpenCV's GrabCut, colour GMMs
// learned on the spot) decides the pixels in a band around the mask's edge, while
// pixels deep inside stay object and pixels far outside stay background.
#include <opencv2/core.hpp>

#include <vector>

namespace permanence {

struct RefineOptions {
  // Half-width of the undecided band, as a fraction of sqrt(mask area), clamped.
  double bandFraction = 0.12;
  int minBand = 3;
  int maxBand = 16;
  // The object may lose only this share of the band at its edge (and its doubtful
  // pixels): the rest of the prior stays object, so a colour ambiguity cannot eat it.
  double shrinkShare = 1.0;
  int iterations = 1;
  // A larger region is cut at a reduced resolution: bounds the time on large objects.
  int maxCutPixels = 40000;
  // Keep the object's colour model from the first call (the keyframe's colours: it
  // cannot absorb an occluder's) while the background's is learnt on every frame.
  // Off: both are learnt on every frame.
  bool keepObjectModel = true;
};

// GrabCut's colour GMMs, carried from one frame to the next.
struct ColourModels {
  cv::Mat object;
};

// `image` 8-bit BGR; `prior` 8-bit, > 127 = object; `doubtful` (optional, 8-bit,
// non-zero = the prior is unreliable there, e.g. flow inconsistency) keeps pixels out
// of the certain-object core. Returns 0/255 of the image's size.
// `models` (optional) carries the object's colour model, as options.keepObjectModel says.
// `excluded` (optional, 8-bit, non-zero) is certainly not the object; its colours
// teach the background model.
cv::Mat refineMaskByGraphCut(const cv::Mat& image, const cv::Mat& prior, const cv::Mat& doubtful,
                             const RefineOptions& options = {}, ColourModels* models = nullptr,
                             const cv::Mat& excluded = cv::Mat());

// Keeps the connected components of `mask` (0/255) that are at least `minFraction`
// of the largest one; drops specks the graph cut leaves behind.
cv::Mat keepMainComponents(const cv::Mat& mask, double minFraction);

// Removes the connected components of `mask` (0/255) smaller than `minArea` pixels.
cv::Mat dropSmallComponents(const cv::Mat& mask, double minArea);

// Keeps the connected components of `mask` (0/255) that hold one of the points.
cv::Mat keepComponentsAt(const cv::Mat& mask, const std::vector<cv::Point>& points);

}  // namespace permanence
