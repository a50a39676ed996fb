#pragma once
// A correction re-tracks only what it changes. The corrected keyframe's mask is
// carried forward and backward towards the neighbouring keyframes (or the clip's
// ends), one propagation per frame as in the first track; each direction stops once
// its masks agree with the ones already there for a few frames in a row (the
// correction's effect has died out), and the frames beyond keep their masks. Where a
// direction runs towards a keyframe, its masks are blended with the ones there, which
// came from that keyframe, the nearer keyframe weighing more (as Tracker blends two
// keyframes' propagations). The editor runs it as a job; bench/ measures it.
#include "jobs/job.h"
#include "media/frame_source.h"
#include "track/mask_track.h"
#include "track/track_options.h"

#include <vector>

namespace permanence {

struct CorrectionSettings {
  // A frame agrees when the IoU of its new and old masks is at least agreeIou; a
  // direction stops after agreeFrames agreeing frames in a row (they keep their old
  // masks). Chosen with bench/harness_correction_retrack: see the README's figures.
  double agreeIou = 0.9;
  int agreeFrames = 3;
  // Whether a direction's masks are blended with the old ones towards the keyframe it
  // runs to (else they replace them up to it).
  bool blendTowardsKeyframe = true;
};

struct CorrectionResult {
  FrameRange changed;       // the frames whose masks are replaced (the keyframe included)
  std::vector<Mask> masks;  // one per frame of `changed`
  int framesTracked = 0;    // frames propagated, both directions
};

// `track` holds the corrected keyframe at `keyframe` and the masks from before the
// correction. Reports progress per frame, throws Cancelled when cancelled.
CorrectionResult retrackCorrection(FrameSource& frames, const MaskTrack& track, int keyframe,
                                   const TrackOptions& options, const CorrectionSettings& settings,
                                   JobContext& context);

// The frames a correction at `keyframe` may change: up to the neighbouring keyframes
// (exclusive) or the clip's ends.
FrameRange correctionSpan(const MaskTrack& track, int keyframe);

}  // namespace permanence
