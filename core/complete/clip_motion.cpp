#include "complete/clip_motion.h"

#include <opencv2/imgproc.hpp>

namespace permanence {
namespace {

constexpr double kWorkingSide = 480;

// A fit measured at `scale` expressed at full resolution: S^-1 * T * S.
MotionFit toFullResolution(MotionFit fit, double scale) {
  fit.transform(0, 2) /= scale;
  fit.transform(1, 2) /= scale;
  return fit;
}

}  // namespace

std::vector<MotionFit> measureClipMotion(FrameSource& frames, const std::function<cv::Mat(int)>& regionOf,
                                         JobContext& context, const std::string& label) {
  const cv::Size full = frames.frameSize();
  const double scale = std::min(1.0, kWorkingSide / std::max(full.width, full.height));
  const cv::Size small(static_cast<int>(full.width * scale), static_cast<int>(full.height * scale));
  std::vector<MotionFit> fits;
  cv::Mat previousGray, previousRegion;
  const int count = frames.frameCount();
  for (int i = 0; i < count; ++i) {
    cv::Mat gray, region;
    cv::cvtColor(frames.readFrame(i), gray, cv::COLOR_BGR2GRAY);
    cv::resize(gray, gray, small, 0, 0, cv::INTER_AREA);
    cv::resize(regionOf(i), region, small, 0, 0, cv::INTER_NEAREST);
    if (i > 0)
      fits.push_back(toFullResolution(
          estimateMotion(previousGray, gray, previousRegion, region, MotionModel::Similarity), scale));
    previousGray = gray;
    previousRegion = region;
    context.report(i + 1, count, label);
  }
  bridgeGaps(fits);
  return fits;
}

}  // namespace permanence
