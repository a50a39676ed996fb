// Click-to-mask quality and latency: on every 10th frame of the DAVIS 2016 sequences
// in ../shared/data/davis2016, one positive click at the object's interior point
// farthest from its boundary; IoU of the segmenter's mask with the annotation, per
// sequence and mean, and the median time of one segmentation at 1280x720 (the frame
// upscaled), which is what the editor waits for after a click.
// Usage: harness_click_segment [DAVIS_ROOT]
#include "mask/mask_io.h"
#include "mask/metrics.h"
#include "media/frame_source.h"
#include "track/segmenter.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace permanence;

namespace {

const std::vector<std::string> kSequences = {"blackswan", "car-roundabout", "cows", "dog", "libby", "soapbox"};
constexpr int kFrameStep = 10;

cv::Point deepestPoint(const Mask& mask) {
  cv::Mat padded, distance;
  cv::copyMakeBorder(mask.toMat(), padded, 1, 1, 1, 1, cv::BORDER_CONSTANT, 0);
  cv::distanceTransform(padded, distance, cv::DIST_L2, cv::DIST_MASK_PRECISE);
  cv::Point at;
  cv::minMaxLoc(distance, nullptr, nullptr, nullptr, &at);
  return at - cv::Point(1, 1);
}

double segmentMilliseconds(const cv::Mat& frame, cv::Point click) {
  cv::Mat large;
  cv::resize(frame, large, {1280, 720}, 0, 0, cv::INTER_LINEAR);
  SegmentRequest request;
  request.clicks.push_back({{click.x * 1280 / frame.cols, click.y * 720 / frame.rows}, true});
  const auto start = std::chrono::steady_clock::now();
  Segmenter().segment(large, request);
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const fs::path root = argc > 1 ? fs::path(argv[1]) : fs::path(PERMANENCE_SOURCE_DIR) / ".." / "shared" / "data" / "davis2016";
  if (!fs::exists(root / "JPEGImages")) {
    std::printf("DAVIS data not found at %s: skipped\n", root.string().c_str());
    return 0;
  }
  std::printf("%-16s %6s %8s %8s\n", "sequence", "clicks", "IoU", "ms@720p");
  double sumIou = 0;
  std::vector<double> allTimes;
  for (const std::string& name : kSequences) {
    auto source = openFrameSource((root / "JPEGImages" / "480p" / name).string());
    double iouSum = 0;
    std::vector<double> times;
    int clicks = 0;
    for (int t = 0; t < source->frameCount(); t += kFrameStep, ++clicks) {
      const Mask truth = loadMaskPng((root / "Annotations" / "480p" / name / (indexedFrameName(t) + ".png")).string());
      const cv::Mat frame = source->readFrame(t);
      SegmentRequest request;
      request.clicks.push_back({deepestPoint(truth), true});
      iouSum += iou(Segmenter().segment(frame, request), truth);
      times.push_back(segmentMilliseconds(frame, request.clicks[0].point));
    }
    std::sort(times.begin(), times.end());
    allTimes.insert(allTimes.end(), times.begin(), times.end());
    std::printf("%-16s %6d %8.3f %8.1f\n", name.c_str(), clicks, iouSum / clicks, times[times.size() / 2]);
    sumIou += iouSum / clicks;
  }
  std::sort(allTimes.begin(), allTimes.end());
  std::printf("%-16s %6zu %8.3f %8.1f\n", "mean", allTimes.size(), sumIou / kSequences.size(),
              allTimes[allTimes.size() / 2]);
  return 0;
}
