#pragma once
// What the user says about one object on the command line: clicks, boxes and keyframe
// masks, on any frames. Shared by `track` and `run`, checked against the frames
// before any work, then turned into the keyframes the classic tracker starts from or
// the prompts of a learned one.
#include "arguments.h"
#include "backends/prompt_tracker.h"
#include "mask/mask.h"
#include "media/frame_source.h"
#include "project/project.h"
#include "track/mask_track.h"

#include <map>
#include <string>
#include <vector>

namespace permanence::cli {

struct ObjectPrompts {
  std::string name;
  std::vector<ClickPrompt> clicks;
  std::vector<KeyframeMask> masks;  // each kept exactly on its frame (clicks on that frame refine it)
  std::vector<BoxPrompt> boxes;     // at most one per frame
};

// Throws InputError naming the object and the prompt when a click or a keyframe is
// outside the frames, a mask file is unreadable, of another size or empty, a box is not
// inside the frame or a frame has two, or a frame has only negative clicks and no mask
// or box. Returns the decoded masks by frame.
std::map<int, Mask> checkPrompts(const ObjectPrompts& object, const FrameSource& source);

// The keyframes: the given masks as they are, and for each clicked frame the
// segmenter's answer (refining that frame's mask when there is one).
MaskTrack keyframesFromPrompts(FrameSource& source, const ObjectPrompts& object, const std::map<int, Mask>& masks);

// The same prompts grouped by frame, for a learned tracker (backends/prompt_tracker.h).
std::vector<FramePrompt> framePrompts(const ObjectPrompts& object, const std::map<int, Mask>& masks);

}  // namespace permanence::cli
