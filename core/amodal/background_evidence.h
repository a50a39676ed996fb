#pragma once
// The "something moved in front" cue: a pixel next to the object that shows the
// same thing as it did in other frames where the object was not there (after
// following the camera's motion) is plain background, not a hidden part of the
// object. A pixel covered by a moving occluder matches no such frame.
#include "flow/object_motion.h"

#include <opencv2/core.hpp>

#include <vector>

namespace permanence {

// `frames`: BGR 8-bit, one size; `masks`: the object's visible masks (8-bit,
// same size); `camera[i]`: the background's motion i -> i+1. Returns an 8-bit
// mask of the pixels of frame t that match, within `tolerance` grey levels per
// channel, a frame a few steps away that showed no object there.
cv::Mat explainedByBackground(const std::vector<cv::Mat>& frames, const std::vector<cv::Mat>& masks,
                              const std::vector<MotionFit>& camera, int t, double tolerance = 8);

}  // namespace permanence
