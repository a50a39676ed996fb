#pragma once
// The background plate for re-composition: every frame with the chosen objects
// removed and each hole pixel filled from the nearest frame (within a reach, either
// direction) that shows that point of the scene through the camera's motion (the
// static scene first: not a passer-by that crossed the point in a nearer frame), never
// from a frame where another object covers the spot (foreign_sources.h); what no
// frame shows is inpainted once from the surrounding background and carried along,
// so it does not flicker.
// Frames are read in order and memory does not grow with the clip's length.
#include "jobs/job.h"
#include "mask/mask.h"
#include "media/frame_source.h"

#include <functional>
#include <vector>

namespace permanence {

struct BackgroundOptions {
  int reach = 30;       // frames on each side that may give pixels
  int dilatePixels = 4;  // grow the removed region: object edges carry its colours
};

// `remove` holds, per frame, the union of the visible masks of the objects to take
// out. Calls `sink(frame, bgr)` for each filled frame, in order.
void fillBackground(FrameSource& frames, const std::vector<Mask>& remove, const BackgroundOptions& options,
                    const std::function<void(int, const cv::Mat&)>& sink, JobContext& context);

}  // namespace permanence
