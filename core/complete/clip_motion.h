#pragma once
// The motion of a region (an object, or the background for the camera) through a
// clip, measured on downscaled frames and expressed at full resolution.
#include "flow/object_motion.h"
#include "jobs/job.h"
#include "mask/mask.h"
#include "media/frame_source.h"

#include <vector>

namespace permanence {

// fits[i] maps frame i into frame i+1. `regions` gives the region to follow in
// each frame (a mask of the frame size). Gaps are bridged (see bridgeGaps).
std::vector<MotionFit> measureClipMotion(FrameSource& frames, const std::vector<cv::Mat>& regions,
                                         JobContext& context, const std::string& label);

}  // namespace permanence
