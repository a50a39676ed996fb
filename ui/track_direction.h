#pragma once
// Which frames a tracking run recomputes. Forward and backward start at the current
// frame and run to the clip's end or start; a re-track after a correction covers only
// the frames between the current frame's neighbouring keyframes, the only ones a
// keyframe there changes (see MaskTrack).
#include "track/mask_track.h"

#include <QString>

namespace permanence::ui {

enum class TrackDirection { Forward, Backward, Both, BetweenKeyframes };

FrameRange trackRange(const MaskTrack& track, int frame, TrackDirection direction);

// "Track forward", ... as the undo history and the jobs list show it.
QString trackDirectionName(TrackDirection direction);

}  // namespace permanence::ui
