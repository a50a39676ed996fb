#include "track/segmenter.h"

#include "errors.h"
#include "track/graph_cut_refine.h"
#include "track/work_image.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace permanence {

namespace {

std::string describe(cv::Point p) { return std::to_string(p.x) + "," + std::to_string(p.y); }

void validate(const cv::Mat& frame, const SegmentRequest& request) {
  const cv::Rect bounds(0, 0, frame.cols, frame.rows);
  bool located = request.box.has_value() || (!request.previous.isNull() && !request.previous.isEmpty());
  for (const Click& click : request.clicks) {
    if (!bounds.contains(click.point))
      throw InputError("click " + describe(click.point) + " lies outside the " +
                       std::to_string(frame.cols) + "x" + std::to_string(frame.rows) + " frame");
    located = located || click.positive;
  }
  if (!request.previous.isNull() && request.previous.size() != frame.size())
    throw InputError("mask to refine is " + std::to_string(request.previous.width()) + "x" +
                     std::to_string(request.previous.height()) + ", the frame is " +
                     std::to_string(frame.cols) + "x" + std::to_string(frame.rows));
  if (!located) throw InputError("segmentation needs a positive click, a box or a non-empty mask");
}

cv::Point toWork(cv::Point p, double scale, cv::Size workSize) {
  return {std::clamp(static_cast<int>(p.x * scale), 0, workSize.width - 1),
          std::clamp(static_cast<int>(p.y * scale), 0, workSize.height - 1)};
}

struct WorkClicks {
  std::vector<cv::Point> positive, negative;
};

// The pixels of the disk whose colour stays near the click's (flood fill from the
// click): the likely-object region of a click on a small object, or the region a
// negative click rejects.
cv::Mat colourSeed(const cv::Mat& image, cv::Point click, int radius, double tolerance) {
  cv::Mat flooded = cv::Mat::zeros(image.rows + 2, image.cols + 2, CV_8UC1);
  const cv::Scalar range = cv::Scalar::all(tolerance);
  cv::floodFill(image, flooded, click, cv::Scalar(), nullptr, range, range,
                8 | cv::FLOODFILL_MASK_ONLY | cv::FLOODFILL_FIXED_RANGE | (255 << 8));
  cv::Mat disk = cv::Mat::zeros(image.size(), CV_8UC1);
  cv::circle(disk, click, radius, 255, cv::FILLED);
  return flooded(cv::Rect(1, 1, image.cols, image.rows)) & disk;
}

// The clicks themselves are certain and win over everything else. A negative click
// also marks the region of its colour around it (within negativeRadius) as
// background: it must teach the background model the colours it rejects, and must not
// reject a neighbour of another colour (the object next to the clicked table).
// A positive click inside a negative click's region stays object.
void markClicks(const cv::Mat& image, cv::Mat& labels, const WorkClicks& clicks, int negativeRadius,
                double colourTolerance) {
  for (const cv::Point& p : clicks.negative) {
    labels.setTo(cv::GC_BGD, colourSeed(image, p, negativeRadius, colourTolerance));
    cv::circle(labels, p, 2, cv::GC_BGD, cv::FILLED);
  }
  for (const cv::Point& p : clicks.positive) cv::circle(labels, p, 2, cv::GC_FGD, cv::FILLED);
}

// A cut from initial labels, the clicks marked on them.
cv::Mat cut(const cv::Mat& image, const SuperpixelGrabCut& grabCut, cv::Mat labels, const WorkClicks& clicks,
            int negativeRadius, const SegmenterOptions& options) {
  markClicks(image, labels, clicks, negativeRadius, options.colourTolerance);
  return grabCut.cut(labels, options.iterations);
}

// Share of the mask's pixels whose colour (Lab) lies near the colour under one of
// the positive clicks. A mask that is mostly something else than what was clicked
// (the table under a clicked ball) has a small share.
double clickedColourShare(const cv::Mat& lab, const cv::Mat& mask, const std::vector<cv::Point>& clicks,
                          double distance) {
  std::vector<cv::Vec3f> colours;
  for (const cv::Point& p : clicks) {
    const cv::Rect around = cv::Rect(p.x - 2, p.y - 2, 5, 5) & cv::Rect({0, 0}, lab.size());
    const cv::Scalar mean = cv::mean(lab(around));
    colours.emplace_back(mean[0], mean[1], mean[2]);
  }
  int near = 0, total = 0;
  for (int y = 0; y < mask.rows; ++y)
    for (int x = 0; x < mask.cols; ++x) {
      if (!mask.at<uchar>(y, x)) continue;
      ++total;
      const cv::Vec3f c(lab.at<cv::Vec3b>(y, x));
      near += std::any_of(colours.begin(), colours.end(), [&](const cv::Vec3f& k) { return cv::norm(c - k) < distance; });
    }
  return total ? static_cast<double>(near) / total : 0;
}

// Clicks alone: a likely-object disk around each positive click seeds the cut. When
// the result is mostly not the clicked colour (the disk was larger than a small
// object and taught the model its surroundings), smaller seeds are tried, down to
// the click's own colour region; the first answer about the clicked colour wins, or
// else the one most about it.
cv::Mat segmentFromClicks(const cv::Mat& image, const SuperpixelGrabCut& grabCut, const WorkClicks& clicks,
                          int seedRadius, int negativeRadius, const SegmenterOptions& options) {
  cv::Mat lab;
  cv::cvtColor(image, lab, cv::COLOR_BGR2Lab);
  cv::Mat best;
  double bestShare = -1;
  for (int attempt = 0; attempt < 4; ++attempt) {
    cv::Mat labels(image.size(), CV_8UC1, cv::Scalar(cv::GC_PR_BGD));
    for (const cv::Point& p : clicks.positive) {
      if (attempt < 3) cv::circle(labels, p, std::max(2, seedRadius >> attempt), cv::GC_PR_FGD, cv::FILLED);
      else labels.setTo(cv::GC_PR_FGD, colourSeed(image, p, seedRadius, options.colourTolerance));
    }
    const cv::Mat object =
        keepComponentsAt(cut(image, grabCut, labels, clicks, negativeRadius, options), clicks.positive);
    const double share = clickedColourShare(lab, object, clicks.positive, options.colourTolerance);
    if (share >= options.minClickedColourShare) return object;
    if (share > bestShare) {
      best = object;
      bestShare = share;
    }
  }
  return best;
}

}  // namespace

Segmenter::Segmenter(SegmenterOptions options) : options_(options) {}

void Segmenter::prepare() {
  cv::Mat lab;
  cv::cvtColor(cv::Mat(1, 1, CV_8UC3, cv::Scalar::all(0)), lab, cv::COLOR_BGR2Lab);
}

Mask Segmenter::segment(const cv::Mat& frame, const SegmentRequest& request) const {
  validate(frame, request);
  const double scale = workScale(frame.size(), options_.workLongSide);
  const cv::Size workSize = scaledSize(frame.size(), scale);
  const cv::Mat image = toWorkImage(frame, workSize);
  WorkClicks clicks;
  for (const Click& click : request.clicks)
    (click.positive ? clicks.positive : clicks.negative).push_back(toWork(click.point, scale, workSize));
  const int longSide = std::max(workSize.width, workSize.height);
  const int seedRadius = std::max(2, static_cast<int>(options_.seedRadius * longSide));
  const int negativeRadius = seedRadius;  // the reach of a negative click's colour region

  const SuperpixelGrabCut grabCut(image, options_.superpixelCut);
  cv::Mat object;
  if (!request.previous.isNull() && !request.previous.isEmpty()) {
    cv::Mat labels(workSize, CV_8UC1, cv::Scalar(cv::GC_PR_BGD));
    labels.setTo(cv::GC_PR_FGD, toWorkMask(request.previous, workSize));
    object = keepMainComponents(cut(image, grabCut, labels, clicks, negativeRadius, options_), 0.1);
  } else if (request.box) {
    cv::Mat labels(workSize, CV_8UC1, cv::Scalar(cv::GC_BGD));
    const cv::Rect box(toWork(request.box->tl(), scale, workSize), toWork(request.box->br(), scale, workSize));
    labels(box).setTo(cv::GC_PR_FGD);
    object = keepMainComponents(cut(image, grabCut, labels, clicks, negativeRadius, options_), 0.1);
  } else {
    object = segmentFromClicks(image, grabCut, clicks, seedRadius, negativeRadius, options_);
  }
  return toFullMask(object, frame.size());
}

}  // namespace permanence
