#pragma once
// Tracking with the learned tier (sam2) in the editor: every keyframe of the object is
// a conditioning frame with what the user gave there (its clicks and box, or its mask
// when it has no prompt, e.g. from a saved project), so a correction on any frame
// carries through every re-track. The tracker follows the whole clip; the editor keeps
// the frames it asked for.
#include "learned_tracker.h"
#include "object_session.h"

#include <QString>

#include <string>
#include <vector>

namespace permanence::ui {

std::vector<permanence::FramePrompt> learnedPrompts(const EditorObject& object);

// In a job: the masks of `range` from the learned tracker, or from the classic tracker
// on `track` when the learned one cannot start (`fellBack` then says why).
std::vector<Mask> trackWithLearned(LearnedTracker& learned, FrameSource& frames,
                                   const std::vector<permanence::FramePrompt>& prompts, const MaskTrack& track,
                                   FrameRange range, std::string& fellBack, JobContext& context);

// What the editor says before a learned track of `frames` frames starts: on the CPU
// the expected time (a quality mode for short clips); empty on a GPU.
QString learnedTrackNotice(LearnedTracker& learned, int frames);

}  // namespace permanence::ui
