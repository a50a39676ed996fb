#include "track/tracker.h"

#include "track/frame_motion.h"
#include "track/mask_propagator.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <future>

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

// Propagates the keyframe's mask over `frames` (in the order given). Two stages run
// side by side: while frame i's mask is refined here, frame i+1 is decoded and its
// optical flow computed on another thread (the flow does not depend on the mask).
std::vector<Mask> propagateFrom(FrameSource& source, const MaskTrack& track, int keyframe,
                                const std::vector<int>& frames, const TrackOptions& options,
                                JobContext& context, std::int64_t& done, std::int64_t total) {
  const cv::Mat keyImage = source.readFrame(keyframe);
  MaskPropagator propagator(keyImage, track.keyframeMask(keyframe), options);
  MotionEstimator motion(keyImage, propagator.workSize(), options);
  std::vector<Mask> masks;
  masks.reserve(frames.size());
  auto estimate = [&source, &motion](int frame) { return motion.next(source.readFrame(frame)); };
  std::future<FrameMotion> nextMotion;
  if (!frames.empty()) nextMotion = std::async(std::launch::async, estimate, frames[0]);
  for (size_t i = 0; i < frames.size(); ++i) {
    const FrameMotion current = nextMotion.get();
    if (i + 1 < frames.size()) nextMotion = std::async(std::launch::async, estimate, frames[i + 1]);
    context.report(done++, total, "tracking");
    masks.push_back(propagator.next(current));
  }
  return masks;
}

// Weighted vote of two masks: `weightA` for a, the rest for b; edges are smoothed so
// the switch between the two is not a seam.
Mask blend(const Mask& a, const Mask& b, double weightA) {
  if (a == b) return a;
  cv::Mat mixed;
  cv::addWeighted(a.toMat(), weightA, b.toMat(), 1.0 - weightA, 0.0, mixed);
  cv::GaussianBlur(mixed, mixed, cv::Size(5, 5), 0);
  return Mask::fromMat(mixed > 127);
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
    std::vector<int> forwardFrames, backwardFrames;
    for (int f = gap.first; f <= gap.last; ++f) forwardFrames.push_back(f);
    backwardFrames.assign(forwardFrames.rbegin(), forwardFrames.rend());
    std::vector<Mask> forward, backward;
    if (gap.from >= 0)
      forward = propagateFrom(source, track, gap.from, forwardFrames, options_, context, done, total);
    if (gap.to >= 0) {
      backward = propagateFrom(source, track, gap.to, backwardFrames, options_, context, done, total);
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
        out = blend(forward[i], backward[i], weightForward);
      }
    }
  }
  context.report(total, total, "tracking");
  return result;
}

}  // namespace permanence
