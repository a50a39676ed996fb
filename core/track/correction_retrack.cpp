#include "track/correction_retrack.h"

#include "mask/metrics.h"
#include "track/propagation_run.h"

namespace permanence {
namespace {

constexpr const char* kProgressLabel = "re-tracking the correction";

struct Direction {
  int end;          // the last frame it may change (inclusive)
  int farKeyframe;  // the keyframe beyond `end`, or -1 at the clip's end
};

// The masks of frames keyframe±1, ±2, ... up to where the correction's effect dies
// out (the agreeing frames at the end left out: they keep their masks).
std::vector<Mask> carry(FrameSource& frames, const MaskTrack& track, int keyframe, Direction direction,
                        const TrackOptions& options, const CorrectionSettings& settings, JobContext& context,
                        std::int64_t& done, std::int64_t total, int& tracked) {
  std::vector<Mask> masks;
  if (direction.end == keyframe) return masks;
  const int step = direction.end > keyframe ? 1 : -1;
  const int length = (direction.end - keyframe) * step;
  int agreeing = 0;
  runPropagation(frames, keyframe, track.keyframeMask(keyframe), keyframe + step, direction.end, options,
                 [&](int frame, const Mask& mask) {
                   context.report(++done, total, kProgressLabel);
                   ++tracked;
                   const Mask& old = track.mask(frame);
                   agreeing = iou(mask, old) >= settings.agreeIou ? agreeing + 1 : 0;
                   const double weightNew =
                       direction.farKeyframe < 0 || !settings.blendTowardsKeyframe
                           ? 1.0
                           : static_cast<double>(direction.farKeyframe - frame) / (direction.farKeyframe - keyframe);
                   masks.push_back(weightNew >= 1.0 ? mask : blendMasks(mask, old, weightNew));
                   return agreeing < settings.agreeFrames;
                 });
  if (agreeing >= settings.agreeFrames) {
    masks.resize(masks.size() - agreeing);
    done += length - static_cast<int>(masks.size()) - agreeing;  // the frames it did not need
  }
  return masks;
}

}  // namespace

FrameRange correctionSpan(const MaskTrack& track, int keyframe) {
  const int previous = track.previousKeyframe(keyframe);
  const int next = track.nextKeyframe(keyframe);
  return {previous + 1, next < 0 ? track.frameCount() - 1 : next - 1};
}

CorrectionResult retrackCorrection(FrameSource& frames, const MaskTrack& track, int keyframe,
                                   const TrackOptions& options, const CorrectionSettings& settings,
                                   JobContext& context) {
  const FrameRange span = correctionSpan(track, keyframe);
  const int previous = track.previousKeyframe(keyframe);
  const int next = track.nextKeyframe(keyframe);
  const std::int64_t total = span.size() - 1;
  std::int64_t done = 0;
  CorrectionResult result;
  const std::vector<Mask> backward = carry(frames, track, keyframe, {span.first, previous}, options, settings,
                                           context, done, total, result.framesTracked);
  const std::vector<Mask> forward = carry(frames, track, keyframe, {span.last, next}, options, settings, context,
                                          done, total, result.framesTracked);
  context.report(total, total, kProgressLabel);
  result.changed = {keyframe - static_cast<int>(backward.size()), keyframe + static_cast<int>(forward.size())};
  result.masks.assign(backward.rbegin(), backward.rend());
  result.masks.push_back(track.keyframeMask(keyframe));
  result.masks.insert(result.masks.end(), forward.begin(), forward.end());
  return result;
}

}  // namespace permanence
