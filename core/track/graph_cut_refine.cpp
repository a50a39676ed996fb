#include "track/graph_cut_refine.h"

#include "track/frozen_model_cut.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace permanence {

namespace {

cv::Mat disk(int radius) {
  return cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * radius + 1, 2 * radius + 1});
}

constexpr int kMinBackgroundSamples = 200;

// GrabCut seeds its colour models with k-means++, drawing from the calling thread's
// cv::theRNG(): the same frame was cut differently depending on what the thread had
// cut before (harness_davis_track, libby: J 0.37 to 0.61 with the clip's place in the
// run). Each cut draws from the same fixed state, and the thread's state is put back.
class FixedCutSeed {
 public:
  FixedCutSeed() : saved_(cv::theRNG().state) { cv::theRNG().state = kSeed; }
  ~FixedCutSeed() { cv::theRNG().state = saved_; }
  FixedCutSeed(const FixedCutSeed&) = delete;
  FixedCutSeed& operator=(const FixedCutSeed&) = delete;

 private:
  static constexpr std::uint64_t kSeed = 0x5eed;
  std::uint64_t saved_;
};

// Each pixel of a connected-components label image to 255 where its label is kept.
cv::Mat paintLabels(const cv::Mat& labelImage, const std::vector<uchar>& keep) {
  cv::Mat result(labelImage.size(), CV_8UC1);
  for (int y = 0; y < labelImage.rows; ++y) {
    const int* in = labelImage.ptr<int>(y);
    uchar* out = result.ptr<uchar>(y);
    for (int x = 0; x < labelImage.cols; ++x) out[x] = keep[in[x]];
  }
  return result;
}

// GrabCut on `labels` (updated in place). Both colour models are learnt from the
// labels; with a kept object model, the learnt object model is replaced by it.
void cutWithModels(const cv::Mat& image, cv::Mat& labels, const RefineOptions& options, ColourModels* models) {
  const FixedCutSeed seed;
  cv::Mat background, object;
  const bool keep = options.keepObjectModel && models && !models->object.empty();
  if (!keep) {
    cv::grabCut(image, labels, cv::Rect(), background, object, options.iterations, cv::GC_INIT_WITH_MASK);
    if (options.keepObjectModel && models) models->object = object;
    return;
  }
  // The background model learns from the sure background only (beyond the band), so
  // object parts the previous frames lost do not teach it object colours.
  cv::Mat learning = labels.clone();
  if (cv::countNonZero(labels == cv::GC_BGD) >= kMinBackgroundSamples) learning.setTo(cv::GC_PR_FGD, labels == cv::GC_PR_BGD);
  // Colour statistics need no full resolution: learn on every other pixel.
  cv::Mat learnImage, learnLabels;
  cv::resize(image, learnImage, cv::Size(), 0.5, 0.5, cv::INTER_NEAREST);
  cv::resize(learning, learnLabels, learnImage.size(), 0, 0, cv::INTER_NEAREST);
  if (cv::countNonZero(learnLabels & 1) == 0 || cv::countNonZero((learnLabels & 1) == 0) == 0) {
    learnImage = image;
    learnLabels = learning;
  }
  cv::grabCut(learnImage, learnLabels, cv::Rect(), background, object, 0, cv::GC_INIT_WITH_MASK);  // learns only
  // With both models frozen, every iteration would make the same cut: one is enough.
  cutWithFrozenModels(image, labels, background, models->object);
}

}  // namespace

cv::Mat refineMaskByGraphCut(const cv::Mat& image, const cv::Mat& prior, const cv::Mat& doubtful,
                             const RefineOptions& options, ColourModels* models, const cv::Mat& excluded) {
  const cv::Mat object = prior > 127;
  const int area = cv::countNonZero(object);
  if (area == 0) return cv::Mat::zeros(image.size(), CV_8UC1);
  const int band = std::clamp(static_cast<int>(std::lround(options.bandFraction * std::sqrt(area))),
                              options.minBand, options.maxBand);
  cv::Mat core, reach;
  cv::erode(object, core, disk(std::max(1, static_cast<int>(std::lround(options.shrinkShare * band)))));
  cv::dilate(object, reach, disk(band));
  if (!doubtful.empty()) core.setTo(0, doubtful);

  cv::Mat labels(image.size(), CV_8UC1, cv::Scalar(cv::GC_BGD));
  labels.setTo(cv::GC_PR_BGD, reach);
  labels.setTo(cv::GC_PR_FGD, object);
  labels.setTo(cv::GC_FGD, core);
  if (!excluded.empty()) labels.setTo(cv::GC_BGD, excluded & reach);

  // Only the band's bounding box (plus a margin of sure background) takes part.
  const cv::Rect roi = (cv::boundingRect(reach) + cv::Size(8, 8) - cv::Point(4, 4)) &
                       cv::Rect(0, 0, image.cols, image.rows);
  cv::Mat roiLabels = labels(roi);
  const bool hasBackground = cv::countNonZero((roiLabels == cv::GC_BGD) | (roiLabels == cv::GC_PR_BGD)) > 0;
  if (!hasBackground) return object.clone();
  cv::Mat result = cv::Mat::zeros(image.size(), CV_8UC1);
  if (roi.area() <= options.maxCutPixels) {
    cutWithModels(image(roi), roiLabels, options, models);
    result(roi).setTo(255, roiLabels & 1);
    return result;
  }
  const double scale = std::sqrt(static_cast<double>(options.maxCutPixels) / roi.area());
  const cv::Size cutSize(std::max(1, static_cast<int>(roi.width * scale)), std::max(1, static_cast<int>(roi.height * scale)));
  cv::Mat cutImage, cutLabels, cutObject;
  cv::resize(image(roi), cutImage, cutSize, 0, 0, cv::INTER_AREA);
  cv::resize(roiLabels, cutLabels, cutSize, 0, 0, cv::INTER_NEAREST);
  cutWithModels(cutImage, cutLabels, options, models);
  cv::resize((cutLabels & 1) * 255, cutObject, roi.size(), 0, 0, cv::INTER_LINEAR);
  result(roi).setTo(255, cutObject > 127);
  return result;
}

cv::Mat keepMainComponents(const cv::Mat& mask, double minFraction) {
  cv::Mat labelImage, stats, centroids;
  const int count = cv::connectedComponentsWithStats(mask, labelImage, stats, centroids, 8, CV_32S);
  if (count <= 2) return mask.clone();
  int largest = 0;
  for (int i = 1; i < count; ++i) largest = std::max(largest, stats.at<int>(i, cv::CC_STAT_AREA));
  std::vector<uchar> keep(count, 0);
  for (int i = 1; i < count; ++i)
    keep[i] = stats.at<int>(i, cv::CC_STAT_AREA) >= minFraction * largest ? 255 : 0;
  return paintLabels(labelImage, keep);
}

cv::Mat keepComponentsAt(const cv::Mat& mask, const std::vector<cv::Point>& points) {
  cv::Mat labelImage;
  const int count = cv::connectedComponents(mask, labelImage, 8, CV_32S);
  std::vector<uchar> keep(count, 0);
  for (const cv::Point& p : points)
    if (const int label = labelImage.at<int>(p); label > 0) keep[label] = 255;
  return paintLabels(labelImage, keep);
}

cv::Mat dropSmallComponents(const cv::Mat& mask, double minArea) {
  cv::Mat labelImage, stats, centroids;
  const int count = cv::connectedComponentsWithStats(mask, labelImage, stats, centroids, 8, CV_32S);
  std::vector<uchar> keep(count, 0);
  for (int i = 1; i < count; ++i) keep[i] = stats.at<int>(i, cv::CC_STAT_AREA) >= minArea ? 255 : 0;
  return paintLabels(labelImage, keep);
}

}  // namespace permanence
