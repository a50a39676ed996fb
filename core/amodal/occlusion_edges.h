#pragma once
// The "cut by something that stands still" cue. Where an object slides behind an
// occluder that does not move (a box on a table, a post), its visible silhouette ends
// at the same place of the image frame after frame while the object itself moves on:
// an occlusion edge. What lies just beyond such an edge is the object's hidden part,
// even though it looks the same in every frame, which the background cue
// (background_evidence.h) would take for plain background. The object's own outline
// moves with the object, so it is no such edge.
#include "flow/object_motion.h"

#include <opencv2/core.hpp>

#include <vector>

namespace permanence {

// `masks`: the visible masks (8-bit, one size); `object[i]` and `camera[i]` map frame
// i into i+1. Returns the pixels of frame t outside its visible mask within `reach`
// px of an occlusion edge: a piece of its silhouette that frames a few steps away
// show at the same place (in the image, or following the camera) while the object
// moved at least a couple of pixels there.
cv::Mat beyondOcclusionEdges(const std::vector<cv::Mat>& masks, const std::vector<MotionFit>& object,
                             const std::vector<MotionFit>& camera, int t, int reach);

}  // namespace permanence
