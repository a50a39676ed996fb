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
  // masks). bench/harness_correction_retrack, two corrections on every clip of the
  // development data (6 real DAVIS, 24 generated), dev J (mean of the two sets) and
  // frames propagated: 0.8/3 0.717 (921), 0.9/2 0.721 (1068), 0.9/3 0.714 (1182),
  // 0.9/5 0.723 (1392), 0.95/3 0.718 (1310), no stop 0.725 (1978); re-tracking
  // between the keyframes (Ctrl+R) 0.731 (3228). Worst clip 0.064 for all
  // (small-hazy:blackswan/libby).
  double agreeIou = 0.9;
  int agreeFrames = 5;
  // Whether a direction's masks are blended with the old ones towards the keyframe it
  // runs to (else they replace them up to it): on the same data 0.714 blended, 0.707
  // not (0.9/3).
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
