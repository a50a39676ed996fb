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

}  // namespace

Segmenter::Segmenter(SegmenterOptions options) : options_(options) {}

Mask Segmenter::segment(const cv::Mat& frame, const SegmentRequest& request) const {
  validate(frame, request);
  const double scale = workScale(frame.size(), options_.workLongSide);
  const cv::Size workSize = scaledSize(frame.size(), scale);
  const cv::Mat image = toWorkImage(frame, workSize);

  // Initial labels: what the request says about where the object probably is.
  cv::Mat labels(workSize, CV_8UC1, cv::Scalar(cv::GC_PR_BGD));
  if (!request.previous.isNull() && !request.previous.isEmpty()) {
    labels.setTo(cv::GC_PR_FGD, toWorkMask(request.previous, workSize));
  } else if (request.box) {
    labels.setTo(cv::GC_BGD);
    const cv::Rect box(toWork(request.box->tl(), scale, workSize), toWork(request.box->br(), scale, workSize));
    labels(box).setTo(cv::GC_PR_FGD);
  }
  const int longSide = std::max(workSize.width, workSize.height);
  const int seedRadius = std::max(2, static_cast<int>(options_.seedRadius * longSide));
  const bool seededByClicks = request.previous.isEmpty() && !request.box;
  for (const Click& click : request.clicks)
    if (click.positive && seededByClicks)
      cv::circle(labels, toWork(click.point, scale, workSize), seedRadius, cv::GC_PR_FGD, cv::FILLED);
  // The clicks themselves are certain, and win over everything else. A negative click
  // marks a larger disk: it must teach the background model the colours it rejects.
  for (const Click& click : request.clicks)
    cv::circle(labels, toWork(click.point, scale, workSize), click.positive ? 2 : std::max(2, seedRadius / 2),
               click.positive ? cv::GC_FGD : cv::GC_BGD, cv::FILLED);

  const bool hasForeground = cv::countNonZero(labels & 1) > 0;
  const bool hasBackground = cv::countNonZero((labels & 1) == 0) > 0;
  if (hasForeground && hasBackground) {
    cv::Mat bgdModel, fgdModel;
    cv::grabCut(image, labels, cv::Rect(), bgdModel, fgdModel, options_.iterations,
                cv::GC_INIT_WITH_MASK);
  }
  cv::Mat object = (labels & 1) * 255;
  // With clicks alone, they say which object is meant: keep the parts holding one.
  std::vector<cv::Point> positives;
  for (const Click& click : request.clicks)
    if (click.positive) positives.push_back(toWork(click.point, scale, workSize));
  object = seededByClicks ? keepComponentsAt(object, positives) : keepMainComponents(object, 0.1);
  return toFullMask(object, frame.size());
}

}  // namespace permanence
