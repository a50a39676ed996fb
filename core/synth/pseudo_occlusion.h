#pragma once
// Pseudo-occlusion, the papers' recipe for exact amodal ground truth on real
// footage: paste another object's pixels and mask as an occluder that slides over
// the target; the target's original mask and pixels are then the amodal truth.
#include "mask/mask.h"

#include <opencv2/core.hpp>

#include <vector>

namespace permanence {

struct OccluderCutout {
  cv::Mat bgr;   // cropped to the object's bounding box
  cv::Mat mask;  // 8-bit, same size
};

struct PseudoOccludedClip {
  std::vector<cv::Mat> frames;      // with the occluder pasted in front
  std::vector<Mask> modal;          // target minus occluder
  std::vector<Mask> amodal;         // the target's original mask (truth)
  std::vector<cv::Mat> amodalBgr;   // the original frames (truth for hidden pixels)
  std::vector<Mask> occluder;       // where the occluder is
};

// Cuts the object out of a frame by its mask (throws InputError when empty).
OccluderCutout cutOut(const cv::Mat& bgr, const Mask& mask);

// Slides `occluder`, scaled to `coverage` of the target's height, across the
// target's bounding box from left to right over the clip (a vertical offset
// `lane` in [-0.5, 0.5] of the box height moves its path up or down).
PseudoOccludedClip pseudoOcclude(const std::vector<cv::Mat>& frames, const std::vector<Mask>& target,
                                 const OccluderCutout& occluder, double coverage = 0.7, double lane = 0.0);

}  // namespace permanence
