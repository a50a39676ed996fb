#include "complete/static_scene.h"

#include "amodal/background_evidence.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace permanence {
namespace {

// Frames are compared reduced to this size and blurred, so that sensor noise alone
// does not fail the match; it also keeps the pass cheap.
constexpr int kWorkLongSide = 640;
// The background test compares frames at most this far apart.
constexpr int kReach = 8;

std::vector<MotionFit> scaled(std::vector<MotionFit> fits, double scale) {
  for (MotionFit& fit : fits) {
    fit.transform(0, 2) *= scale;
    fit.transform(1, 2) *= scale;
  }
  return fits;
}

}  // namespace

std::vector<Mask> findStaticScene(FrameSource& frames, const std::function<cv::Mat(int)>& holeOf,
                                  const std::vector<MotionFit>& camera, JobContext& context) {
  const int count = frames.frameCount();
  const cv::Size size = frames.frameSize();
  const double scale = std::min(1.0, static_cast<double>(kWorkLongSide) / std::max(size.width, size.height));
  const cv::Size work(std::max(1, cvRound(size.width * scale)), std::max(1, cvRound(size.height * scale)));
  const std::vector<MotionFit> workCamera = scaled(camera, scale);
  // Only the frames within reach of the one tested are held; the others stay empty.
  std::vector<cv::Mat> small(count), holes(count);
  std::vector<Mask> staticScene;
  staticScene.reserve(count);
  int next = 0;
  for (int t = 0; t < count; ++t) {
    context.throwIfCancelled();
    for (; next < count && next <= t + kReach; ++next) {
      cv::resize(frames.readFrame(next), small[next], work, 0, 0, cv::INTER_AREA);
      cv::GaussianBlur(small[next], small[next], {5, 5}, 0);
      cv::resize(holeOf(next), holes[next], work, 0, 0, cv::INTER_NEAREST);
    }
    if (const int old = t - kReach - 1; old >= 0) {
      small[old].release();
      holes[old].release();
    }
    // Only sizeable moving regions count: single pixels and thin lines that miss the
    // match (noise, sub-pixel misregistration) would break a fill into pieces.
    cv::Mat moving = ~explainedByBackground(small, holes, workCamera, t), scene;
    cv::morphologyEx(moving, moving, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_ELLIPSE, {7, 7}));
    cv::dilate(moving, moving, cv::getStructuringElement(cv::MORPH_ELLIPSE, {5, 5}));
    cv::resize(~moving, scene, size, 0, 0, cv::INTER_NEAREST);
    staticScene.push_back(Mask::fromMat(scene));
    context.report(t + 1, count, "static scene");
  }
  return staticScene;
}

}  // namespace permanence
