#pragma once
// The background plate of a project: its frames with the given objects' visible
// masks removed and filled from the scene (complete/background_plate.h). Their
// hidden parts stay: there the plate shows what hides them.
#include "complete/background_plate.h"
#include "pipeline/object_masks.h"

namespace permanence {

// Calls `sink(frame, bgr)` for every frame of `frames`, in order.
void makeBackgroundPlate(FrameSource& frames, const ObjectsMasks& removed,
                         const std::function<void(int, const cv::Mat&)>& sink, JobContext& context);

}  // namespace permanence
