#pragma once
// Which pixels of each frame show the static scene, seen through the camera's motion,
// rather than something moving across it (a person walking past, a bar sliding in
// front of the removed object). Background fills take their pixels from the static
// scene first, so a passing occluder is not pasted into the hole where the removed
// object was.
#include "flow/object_motion.h"
#include "jobs/job.h"
#include "mask/mask.h"
#include "media/frame_source.h"

#include <functional>
#include <vector>

namespace permanence {

// `holeOf(t)`: the pixels of frame t (8-bit, frame size) that say nothing about the
// scene (the objects being removed). `camera[i]` maps frame i into frame i+1. Frames
// are read once, in order, and compared at reduced size; returns one mask per frame.
std::vector<Mask> findStaticScene(FrameSource& frames, const std::function<cv::Mat(int)>& holeOf,
                                  const std::vector<MotionFit>& camera, JobContext& context);

}  // namespace permanence
