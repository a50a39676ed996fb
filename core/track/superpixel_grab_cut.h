#pragma once
// GrabCut on superpixels: the same energy as OpenCV's GrabCut (colour GMMs for object
// and background, contrast-sensitive smoothness between neighbouring pixels), but
// each superpixel takes one label, so the max-flow runs on a graph of a few hundred
// nodes instead of one node per pixel. A final pixel-level cut, only in a narrow band
// around the result's edge, gives back the edges the superpixels miss.
// Deterministic: no random start, so equal inputs give equal masks.
#include "track/colour_gmm.h"
#include "track/superpixels.h"

#include <opencv2/core.hpp>

#include <vector>

namespace permanence {

struct SuperpixelGrabCutOptions {
  int superpixelStep = 8;    // SLIC grid spacing, pixels
  double compactness = 20;   // SLIC's spatial weight against Lab colour distance
  // Scale of the smoothness between superpixels. Their borders follow the object's
  // edge only roughly, so the pixel weights summed along them overstate what cutting
  // along the true edge costs; at full weight a click on a low-contrast object (DAVIS
  // dog) kept only the clicked superpixel. Measured with bench/harness_click_segment.
  double superpixelSmoothness = 0.5;
  int refineBand = 3;        // half-width of the pixel-level band, pixels (0: none)
};

class SuperpixelGrabCut {
 public:
  // `image` 8-bit BGR. Computes the superpixels and the smoothness weights once: many
  // cuts with different seeds can follow.
  explicit SuperpixelGrabCut(const cv::Mat& image, SuperpixelGrabCutOptions options = {});

  // `labels` GrabCut's (cv::GC_BGD, GC_FGD, GC_PR_BGD, GC_PR_FGD), continuous, the
  // image's size: the colour models start from them, and the sure labels stay (a
  // superpixel holding a sure-object pixel is object, else one holding a
  // sure-background pixel is background). `iterations` >= 1. Returns the object, 0/255.
  cv::Mat cut(const cv::Mat& labels, int iterations) const;

 private:
  struct Neighbour {
    int superpixel;
    double weight;
  };

  std::vector<uchar> superpixelConstraints(const cv::Mat& labels) const;
  double pixelWeight(int p, int q, double distance) const;
  void refineBand(const cv::Mat& labels, const std::vector<float>& objectCost,
                  const std::vector<float>& backgroundCost, std::vector<uchar>& object) const;

  SuperpixelGrabCutOptions options_;
  cv::Size size_;
  ColourSamples colours_;  // row-major pixels
  Superpixels superpixels_;
  double beta_ = 0;
  std::vector<std::vector<Neighbour>> neighbours_;  // each pair once, at the lower index
};

}  // namespace permanence
