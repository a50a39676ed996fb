#pragma once
// One run of mask propagation: a keyframe's mask carried over the frames from `from`
// towards `to` (either order, both inclusive), one frame at a time. Two stages run side
// by side: while frame i's mask is refined on the calling thread, frame i+1 is read and
// its optical flow computed on another (the flow does not depend on the mask). The
// tracker's fill between keyframes and the editor's correction re-track are both runs.
#include "mask/mask.h"
#include "media/frame_source.h"
#include "track/track_options.h"

#include <functional>

namespace permanence {

// `onMask(frame, mask)` is called for each frame in order; it returns false to end the
// run there. An exception it throws (a cancelled job) ends the run too.
void runPropagation(FrameSource& source, int keyframe, const Mask& keyMask, int from, int to,
                    const TrackOptions& options, const std::function<bool(int frame, const Mask& mask)>& onMask);

// Weighted vote of two masks: `weightA` for a, the rest for b; edges are smoothed so
// the switch between two propagations (from two keyframes) is not a seam.
Mask blendMasks(const Mask& a, const Mask& b, double weightA);

}  // namespace permanence
