#include "complete/background_plate.h"

#include "complete/classic_content_completer.h"
#include "complete/clip_motion.h"
#include "errors.h"
#include "media/frame_cache.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/photo.hpp>

namespace permanence {

void fillBackground(FrameSource& frames, const std::vector<Mask>& remove, const BackgroundOptions& options,
                    const std::function<void(int, const cv::Mat&)>& sink, JobContext& context) {
  const int count = frames.frameCount();
  if (static_cast<int>(remove.size()) != count)
    throw InputError("background: " + std::to_string(remove.size()) + " masks for " + std::to_string(count) + " frames");
  const cv::Mat grow = cv::getStructuringElement(cv::MORPH_ELLIPSE,
                                                 {2 * options.dilatePixels + 1, 2 * options.dilatePixels + 1});
  std::vector<cv::Mat> background(count);  // where each frame shows background
  for (int i = 0; i < count; ++i) {
    if (remove[i].size() != frames.frameSize())
      throw InputError("background: mask of frame " + frames.frameName(i) + " does not have the frame size");
    cv::Mat hole;
    cv::dilate(remove[i].toMat(), hole, grow);
    background[i] = ~hole;
  }
  const std::vector<MotionFit> camera = measureClipMotion(frames, background, context, "camera");
  FrameCache cache(static_cast<std::size_t>(2 * options.reach + 3) * frames.frameSize().area() * 3);
  for (int t = 0; t < count; ++t) {
    cv::Mat out = cache.get(frames, t).clone();
    const cv::Mat hole = ~background[t];
    if (cv::countNonZero(hole) > 0) {
      const cv::Mat filled = propagateFromNeighbours(
          out, hole, t, count, options.reach, false, camera, [&](int s) { return cache.get(frames, s); },
          [&](int s) { return background[s]; }, background[t]);
      const cv::Mat rest = hole & ~filled;
      if (cv::countNonZero(rest) > 0) cv::inpaint(out, rest, out, 5, cv::INPAINT_TELEA);
    }
    sink(t, out);
    context.report(t + 1, count, "background");
  }
}

}  // namespace permanence
