// Click-to-mask quality and latency: on every 10th frame of the DAVIS 2016 sequences
// in ../shared/data/davis2016, one positive click at the object's interior point
// farthest from its boundary; IoU of the segmenter's mask with the annotation, per
// sequence and mean, and the median time of one segmentation at 1280x720 (the frame
// upscaled), which is what the editor waits for after a click. The same for a box
// around the object (its bounding box grown by a tenth on each side).
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

cv::Rect boxAround(const Mask& mask) {
  const cv::Rect tight = mask.boundingBox();
  const cv::Point margin(tight.width / 10, tight.height / 10);
  return cv::Rect(tight.tl() - margin, tight.br() + margin) & cv::Rect(0, 0, mask.width(), mask.height());
}

// The request scaled to 1280x720.
SegmentRequest to720p(const SegmentRequest& request, cv::Size from) {
  auto scale = [&](cv::Point p) { return cv::Point(p.x * 1280 / from.width, p.y * 720 / from.height); };
  SegmentRequest large;
  for (const Click& click : request.clicks) large.clicks.push_back({scale(click.point), click.positive});
  if (request.box) large.box = cv::Rect(scale(request.box->tl()), scale(request.box->br()));
  return large;
}

double segmentMilliseconds(const cv::Mat& frame, const SegmentRequest& request) {
  cv::Mat large;
  cv::resize(frame, large, {1280, 720}, 0, 0, cv::INTER_LINEAR);
  const SegmentRequest largeRequest = to720p(request, frame.size());
  const auto start = std::chrono::steady_clock::now();
  Segmenter().segment(large, largeRequest);
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

struct Result {
  double iouSum = 0;
  std::vector<double> times;
};

void measure(const cv::Mat& frame, const Mask& truth, const SegmentRequest& request, Result& result) {
  result.iouSum += iou(Segmenter().segment(frame, request), truth);
  result.times.push_back(segmentMilliseconds(frame, request));
}

double percentile(std::vector<double> times, double share) {
  std::sort(times.begin(), times.end());
  return times[std::min(times.size() - 1, static_cast<size_t>(share * times.size()))];
}

}  // namespace

int main(int argc, char** argv) {
  const fs::path root = argc > 1 ? fs::path(argv[1]) : fs::path(PERMANENCE_SOURCE_DIR) / ".." / "shared" / "data" / "davis2016";
  if (!fs::exists(root / "JPEGImages")) {
    std::printf("DAVIS data not found at %s: skipped\n", root.string().c_str());
    return 0;
  }
  std::printf("%-16s %6s %8s %8s %8s %8s\n", "sequence", "clicks", "IoU", "ms@720p", "boxIoU", "box ms");
  double clickIouSum = 0, boxIouSum = 0;
  std::vector<double> clickTimes, boxTimes;
  for (const std::string& name : kSequences) {
    auto source = openFrameSource((root / "JPEGImages" / "480p" / name).string());
    Result click, box;
    int count = 0;
    for (int t = 0; t < source->frameCount(); t += kFrameStep, ++count) {
      const Mask truth = loadMaskPng((root / "Annotations" / "480p" / name / (indexedFrameName(t) + ".png")).string());
      const cv::Mat frame = source->readFrame(t);
      SegmentRequest clickRequest;
      clickRequest.clicks.push_back({deepestPoint(truth), true});
      measure(frame, truth, clickRequest, click);
      SegmentRequest boxRequest;
      boxRequest.box = boxAround(truth);
      measure(frame, truth, boxRequest, box);
    }
    std::printf("%-16s %6d %8.3f %8.1f %8.3f %8.1f\n", name.c_str(), count, click.iouSum / count,
                percentile(click.times, 0.5), box.iouSum / count, percentile(box.times, 0.5));
    clickIouSum += click.iouSum / count;
    boxIouSum += box.iouSum / count;
    clickTimes.insert(clickTimes.end(), click.times.begin(), click.times.end());
    boxTimes.insert(boxTimes.end(), box.times.begin(), box.times.end());
  }
  const double sequences = static_cast<double>(kSequences.size());
  std::printf("%-16s %6zu %8.3f %8.1f %8.3f %8.1f\n", "mean", clickTimes.size(), clickIouSum / sequences,
              percentile(clickTimes, 0.5), boxIouSum / sequences, percentile(boxTimes, 0.5));
  std::printf("ms@720p click: median %.1f, p90 %.1f, max %.1f; box: median %.1f, p90 %.1f, max %.1f\n",
              percentile(clickTimes, 0.5), percentile(clickTimes, 0.9), percentile(clickTimes, 1.0),
              percentile(boxTimes, 0.5), percentile(boxTimes, 0.9), percentile(boxTimes, 1.0));
  return 0;
}
