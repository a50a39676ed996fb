#include "amodal/background_evidence.h"

#include <opencv2/imgproc.hpp>

namespace permanence {
namespace {

// Frames compared with t: far enough that a moving occluder has left the pixel,
// near enough that the scene and lighting are the same.
constexpr int kOffsets[] = {-8, -4, 4, 8};

}  // namespace

cv::Mat explainedByBackground(const std::vector<cv::Mat>& frames, const std::vector<cv::Mat>& masks,
                              const std::vector<MotionFit>& camera, int t, double tolerance) {
  const int count = static_cast<int>(frames.size());
  const cv::Size size = frames[t].size();
  // Per pixel: how many frames could see the background there, and how many of
  // them match. A moving occluder may match one of them by chance (a uniform
  // patch that slid onto itself); plain background matches most of them.
  cv::Mat informative = cv::Mat::zeros(size, CV_8U), matching = cv::Mat::zeros(size, CV_8U);
  const cv::Mat margin = cv::getStructuringElement(cv::MORPH_ELLIPSE, {5, 5});
  cv::Mat warped, warpedMask, diff, close;
  for (int offset : kOffsets) {
    const int s = t + offset;
    if (s < 0 || s >= count) continue;
    const MotionFit m = chain(camera, s, t);
    cv::warpAffine(frames[s], warped, m.transform, size, cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar::all(0));
    // Where frame s showed the object (or nothing: outside its image) it says
    // nothing about the background.
    cv::Mat objectOrOutside;
    cv::dilate(masks[s], objectOrOutside, margin);
    cv::warpAffine(objectOrOutside, warpedMask, m.transform, size, cv::INTER_NEAREST, cv::BORDER_CONSTANT,
                   cv::Scalar(255));
    cv::absdiff(frames[t], warped, diff);
    cv::Mat channels[3];
    cv::split(diff, channels);
    close = (channels[0] <= tolerance) & (channels[1] <= tolerance) & (channels[2] <= tolerance);
    cv::add(informative, 1, informative, ~warpedMask);
    cv::add(matching, 1, matching, close & ~warpedMask);
  }
  cv::Mat twice;
  cv::multiply(matching, 2, twice);
  return (matching >= 2) & (twice > informative);
}

}  // namespace permanence
