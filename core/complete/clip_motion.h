#pragma once
// The motion of a region (an object, or the background for the camera) through a
// clip, measured on downscaled frames and expressed at full resolution.
#include "flow/object_motion.h"
#include "jobs/job.h"
#include "mask/mask.h"
#include "media/frame_source.h"

#include <functional>
#include <string>
#include <vector>

namespace permanence {

// fits[i] maps frame i into frame i+1. `regionOf(i)` gives the region to follow in
// frame i (a mask of the frame size), asked once per frame in order, so callers need
// not hold a clip of masks. Gaps are bridged (see bridgeGaps).
std::vector<MotionFit> measureClipMotion(FrameSource& frames, const std::function<cv::Mat(int)>& regionOf,
                                         JobContext& context, const std::string& label);

}  // namespace permanence
