#pragma once
// A folder of mask PNGs aligned with a clip: one file per frame, named after the
// frame (FrameSource::frameName), each of the frame size.
#include "mask/mask.h"
#include "media/frame_source.h"

#include <string>
#include <vector>

namespace permanence {

// Throws InputError naming the first missing file or the first mask whose size
// differs from the frames'.
std::vector<Mask> loadMaskSequence(const std::string& folder, const FrameSource& frames);

}  // namespace permanence
