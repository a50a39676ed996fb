#pragma once
// Fills the frames between keyframes: each keyframe's mask is propagated forward and
// backward up to the neighbouring keyframes, and where a frame lies between two
// keyframes the two propagations are blended, the nearer keyframe weighing more.
#include "jobs/job.h"
#include "mask/mask.h"
#include "media/frame_source.h"
#include "track/mask_track.h"
#include "track/track_options.h"

#include <vector>

namespace permanence {

class Tracker {
 public:
  explicit Tracker(TrackOptions options = {});

  // Masks for frames range.first..range.last (keyframes return their own mask),
  // computed from the track's keyframes; the track is not modified (store the result
  // with MaskTrack::setMasks). No keyframe at all gives empty masks. Reports progress
  // per frame and throws Cancelled when cancelled.
  std::vector<Mask> propagate(FrameSource& frames, const MaskTrack& track, FrameRange range,
                              JobContext& context) const;

 private:
  TrackOptions options_;
};

}  // namespace permanence
