#include "track/frame_motion.h"

#include "track/work_image.h"

#include <opencv2/imgproc.hpp>

#include <vector>

namespace permanence {

namespace {

cv::Mat toGray(const cv::Mat& image) {
  cv::Mat gray;
  cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
  return gray;
}

cv::Mat pixelGrid(cv::Size size) {
  cv::Mat grid(size, CV_32FC2);
  for (int y = 0; y < size.height; ++y) {
    auto* row = grid.ptr<cv::Vec2f>(y);
    for (int x = 0; x < size.width; ++x) row[x] = cv::Vec2f(static_cast<float>(x), static_cast<float>(y));
  }
  return grid;
}

cv::Mat magnitude(const cv::Mat& flow) {
  std::vector<cv::Mat> parts;
  cv::split(flow, parts);
  cv::Mat result;
  cv::magnitude(parts[0], parts[1], result);
  return result;
}

}  // namespace

MotionEstimator::MotionEstimator(const cv::Mat& keyFrame, cv::Size workSize, const TrackOptions& options)
    : options_(options),
      workSize_(workSize),
      grid_(pixelGrid(workSize)),
      flow_(cv::DISOpticalFlow::create(options.flowPreset)),
      previousGray_(toGray(toWorkImage(keyFrame, workSize))) {}

FrameMotion MotionEstimator::next(const cv::Mat& frame) {
  FrameMotion motion;
  motion.image = toWorkImage(frame, workSize_);
  const cv::Mat gray = toGray(motion.image);
  cv::Mat backward;
  flow_->calc(gray, previousGray_, backward);
  flow_->calc(previousGray_, gray, motion.forward);
  previousGray_ = gray;
  motion.source = grid_ + backward;
  cv::Mat forwardThere;
  cv::remap(motion.forward, forwardThere, motion.source, cv::noArray(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  const cv::Mat error = magnitude(backward + forwardThere);
  motion.doubtful = error > options_.flowInconsistency + options_.flowInconsistencyShare * magnitude(backward);
  return motion;
}

}  // namespace permanence
