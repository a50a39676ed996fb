#include "track/propagation_run.h"

#include "track/frame_feed.h"
#include "track/frame_motion.h"
#include "track/mask_propagator.h"

#include <opencv2/imgproc.hpp>

#include <future>

namespace permanence {

void runPropagation(FrameSource& source, int keyframe, const Mask& keyMask, int from, int to,
                    const TrackOptions& options, const std::function<bool(int frame, const Mask& mask)>& onMask) {
  const cv::Mat keyImage = source.readFrame(keyframe);
  MaskPropagator propagator(keyImage, keyMask, options);
  MotionEstimator motion(keyImage, propagator.workSize(), options);
  FrameFeed feed(source, from, to, propagator.workSize());
  auto estimate = [&feed, &motion] { return motion.next(feed.next()); };
  std::future<FrameMotion> nextMotion = std::async(std::launch::async, estimate);
  const int step = to >= from ? 1 : -1;
  for (int frame = from;; frame += step) {
    const FrameMotion current = nextMotion.get();
    const bool last = feed.done();
    if (!last) nextMotion = std::async(std::launch::async, estimate);
    if (!onMask(frame, propagator.next(current)) || last) return;
  }
}

Mask blendMasks(const Mask& a, const Mask& b, double weightA) {
  if (a == b) return a;
  cv::Mat mixed;
  cv::addWeighted(a.toMat(), weightA, b.toMat(), 1.0 - weightA, 0.0, mixed);
  cv::GaussianBlur(mixed, mixed, cv::Size(5, 5), 0);
  return Mask::fromMat(mixed > 127);
}

}  // namespace permanence
