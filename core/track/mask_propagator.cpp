#include "track/mask_propagator.h"

#include "track/work_image.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace permanence {

namespace {

// The object's overall displacement: the median of the forward flow over its pixels.
// Robust where the per-pixel flow fails on parts of the object (dark, blurred).
cv::Point2f medianMotion(const cv::Mat& forward, const cv::Mat& mask) {
  std::vector<float> dx, dy;
  for (int y = 0; y < mask.rows; ++y) {
    const uchar* m = mask.ptr<uchar>(y);
    const cv::Vec2f* f = forward.ptr<cv::Vec2f>(y);
    for (int x = 0; x < mask.cols; ++x)
      if (m[x]) {
        dx.push_back(f[x][0]);
        dy.push_back(f[x][1]);
      }
  }
  if (dx.empty()) return {0, 0};
  const size_t mid = dx.size() / 2;
  std::nth_element(dx.begin(), dx.begin() + mid, dx.end());
  std::nth_element(dy.begin(), dy.begin() + mid, dy.end());
  return {dx[mid], dy[mid]};
}

cv::Mat shifted(const cv::Mat& mask, cv::Point2f motion) {
  const cv::Matx23d translation(1, 0, motion.x, 0, 1, motion.y);
  cv::Mat result;
  cv::warpAffine(mask, result, translation, mask.size(), cv::INTER_NEAREST, cv::BORDER_CONSTANT, 0);
  return result;
}

cv::Point2d boxCenter(const cv::Rect& box) {
  return {box.x + box.width / 2.0, box.y + box.height / 2.0};
}

}  // namespace

MaskPropagator::MaskPropagator(const cv::Mat& keyFrame, const Mask& keyMask, const TrackOptions& options)
    : options_(options), fullSize_(keyFrame.size()) {
  workSize_ = scaledSize(fullSize_, workScale(fullSize_, options_.workLongSide));
  const cv::Mat image = toWorkImage(keyFrame, workSize_);
  previousMask_ = toWorkMask(keyMask, workSize_);
  appearance_ = AppearanceModel(image, previousMask_);
  usualArea_ = cv::countNonZero(previousMask_);
  hidden_ = usualArea_ == 0;
  if (!hidden_) learn(image, previousMask_);
}

Mask MaskPropagator::next(const FrameMotion& motion) {
  const cv::Mat& image = motion.image;
  cv::Mat mask = hidden_ ? reacquire(image) : followFlow(motion);
  const int area = cv::countNonZero(mask);
  hidden_ = area == 0 || area < options_.hiddenFraction * usualArea_;
  if (hidden_) mask.setTo(0);
  ++framesSinceFullyVisible_;
  if (!hidden_ && area >= options_.fullyVisibleFraction * usualArea_) learn(image, mask);
  previousMask_ = mask;
  return toFullMask(mask, fullSize_);
}

cv::Mat MaskPropagator::followFlow(const FrameMotion& motion) {
  cv::Mat warped;
  cv::remap(previousMask_, warped, motion.source, cv::noArray(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
  // The whole-object shift adds what a failing per-pixel flow loses; the graph cut decides.
  const cv::Mat moved = shifted(previousMask_, medianMotion(motion.forward, previousMask_));
  const cv::Mat warpedObject = warped > 127;
  const cv::Mat refined = refineMaskByGraphCut(motion.image, warpedObject | moved, motion.doubtful, options_.refine, &colourModels_);
  return keepMainComponents(refined, 0.1);
}

cv::Mat MaskPropagator::reacquire(const cv::Mat& image) {
  cv::Mat none = cv::Mat::zeros(workSize_, CV_8UC1);
  if (shape_.empty() || !appearance_.isValid()) return none;
  const cv::Point2d predicted = shapeCenter_ + velocity_ * framesSinceFullyVisible_;
  const int margin = std::max(shape_.cols, shape_.rows) * (1 + framesSinceFullyVisible_ / 10);
  const cv::Rect search = cv::Rect(cv::Point(static_cast<int>(predicted.x) - shape_.cols / 2 - margin,
                                             static_cast<int>(predicted.y) - shape_.rows / 2 - margin),
                                   cv::Size(shape_.cols + 2 * margin, shape_.rows + 2 * margin)) &
                          cv::Rect(0, 0, workSize_.width, workSize_.height);
  if (search.width < shape_.cols || search.height < shape_.rows) return none;

  const cv::Mat probability = appearance_.objectProbability(image(search));
  cv::Mat shapeWeights, scores;
  shape_.convertTo(shapeWeights, CV_32F, 1.0 / (255.0 * cv::countNonZero(shape_)));
  cv::matchTemplate(probability, shapeWeights, scores, cv::TM_CCORR);
  double best = 0;
  cv::Point at;
  cv::minMaxLoc(scores, nullptr, &best, nullptr, &at);
  if (best < options_.reacquireScore * shapeScore_) return none;

  cv::Mat placed = none.clone();
  shape_.copyTo(placed(cv::Rect(search.tl() + at, shape_.size())));
  return keepMainComponents(refineMaskByGraphCut(image, placed, cv::Mat(), options_.refine), 0.1);
}

void MaskPropagator::learn(const cv::Mat& image, const cv::Mat& mask) {
  const int area = cv::countNonZero(mask);
  const cv::Rect box = cv::boundingRect(mask);
  const cv::Point2d center = boxCenter(box);
  if (!shape_.empty()) {
    const cv::Point2d step = (center - shapeCenter_) / std::max(1, framesSinceFullyVisible_);
    velocity_ = 0.5 * velocity_ + 0.5 * step;
  }
  shape_ = mask(box).clone();
  shapeCenter_ = center;
  framesSinceFullyVisible_ = 0;
  usualArea_ = 0.9 * usualArea_ + 0.1 * area;
  shapeScore_ = cv::mean(appearance_.objectProbability(image(box)), shape_)[0];
}

}  // namespace permanence
