#include "track/tracker.h"

#include "track/propagation_run.h"

#include <algorithm>

namespace permanence {

namespace {

// Frames strictly between two keyframes (either may be -1 / absent).
struct Gap {
  int from = -1;  // keyframe before, or -1
  int to = -1;    // keyframe after, or -1
  int first = 0;
  int last = -1;
};

std::vector<Gap> gapsTouching(const MaskTrack& track, FrameRange range) {
  std::vector<Gap> gaps;
  std::vector<int> keys = track.keyframes();
  if (keys.empty()) return gaps;
  keys.insert(keys.begin(), -1);
  keys.push_back(track.frameCount());
  for (size_t i = 0; i + 1 < keys.size(); ++i) {
    Gap gap{keys[i], keys[i + 1] == track.frameCount() ? -1 : keys[i + 1], keys[i] + 1, keys[i + 1] - 1};
    if (gap.last >= gap.first && gap.first <= range.last && gap.last >= range.first) gaps.push_back(gap);
  }
  return gaps;
}

// Propagates the keyframe's mask over frames `from`..`to` (towards `to`).
std::vector<Mask> propagateFrom(FrameSource& source, const MaskTrack& track, int keyframe, int from, int to,
                                const TrackOptions& options, JobContext& context, std::int64_t& done,
                                std::int64_t total) {
  std::vector<Mask> masks;
  runPropagation(source, keyframe, track.keyframeMask(keyframe), from, to, options, [&](int, const Mask& mask) {
    context.report(++done, total, "tracking");
    masks.push_back(mask);
    return true;
  });
  return masks;
}

}  // namespace

Tracker::Tracker(TrackOptions options) : options_(options) {}

std::vector<Mask> Tracker::propagate(FrameSource& source, const MaskTrack& track, FrameRange range,
                                     JobContext& context) const {
  range.first = std::max(range.first, 0);
  range.last = std::min(range.last, track.frameCount() - 1);
  std::vector<Mask> result(std::max(0, range.size()), Mask(track.frameSize().width, track.frameSize().height));
  for (int frame = range.first; frame <= range.last; ++frame)
    if (track.isKeyframe(frame)) result[frame - range.first] = track.keyframeMask(frame);

  const std::vector<Gap> gaps = gapsTouching(track, range);
  std::int64_t total = 0, done = 0;
  for (const Gap& gap : gaps) total += (gap.last - gap.first + 1) * ((gap.from >= 0) + (gap.to >= 0));

  for (const Gap& gap : gaps) {
    std::vector<Mask> forward, backward;
    if (gap.from >= 0)
      forward = propagateFrom(source, track, gap.from, gap.first, gap.last, options_, context, done, total);
    if (gap.to >= 0) {
      backward = propagateFrom(source, track, gap.to, gap.last, gap.first, options_, context, done, total);
      std::reverse(backward.begin(), backward.end());
    }
    for (int f = std::max(gap.first, range.first); f <= std::min(gap.last, range.last); ++f) {
      const size_t i = static_cast<size_t>(f - gap.first);
      Mask& out = result[f - range.first];
      if (forward.empty()) {
        out = backward[i];
      } else if (backward.empty()) {
        out = forward[i];
      } else {
        const double weightForward = static_cast<double>(gap.to - f) / (gap.to - gap.from);
        out = blendMasks(forward[i], backward[i], weightForward);
      }
    }
  }
  context.report(total, total, "tracking");
  return result;
}

}  // namespace permanence
