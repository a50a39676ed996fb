#include "track/mask_propagator.h"

#include "track/patch_motion.h"
#include "track/work_image.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

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

// The pixels of `candidates` whose own motion (reliable: the forward and backward
// flows agree there) is none of the object's likely motions (its flow this frame, its
// recent velocity): something else moving, such as an occluder sliding over it. Two
// motions, because the flow of an object that is mostly covered is dragged by the
// occluder.
cv::Mat movingOtherwise(const FrameMotion& motion, const cv::Mat& candidates,
                        const std::vector<cv::Point2d>& objectMotions, const TrackOptions& options) {
  std::vector<double> tolerances;
  for (const cv::Point2d& m : objectMotions)
    tolerances.push_back(std::max(options.otherMotionTolerance, options.otherMotionShare * cv::norm(m)));
  cv::Mat other = candidates & ~motion.doubtful;
  for (int y = 0; y < other.rows; ++y) {
    const cv::Vec2f* source = motion.source.ptr<cv::Vec2f>(y);
    uchar* out = other.ptr<uchar>(y);
    for (int x = 0; x < other.cols; ++x) {
      for (size_t i = 0; out[x] && i < objectMotions.size(); ++i) {
        const double dx = x - source[x][0] - objectMotions[i].x, dy = y - source[x][1] - objectMotions[i].y;
        if (dx * dx + dy * dy <= tolerances[i] * tolerances[i]) out[x] = 0;
      }
    }
  }
  return other;
}

cv::Mat shifted(const cv::Mat& mask, cv::Point2f motion) {
  const cv::Matx23d translation(1, 0, motion.x, 0, 1, motion.y);
  cv::Mat result;
  cv::warpAffine(mask, result, translation, mask.size(), cv::INTER_NEAREST, cv::BORDER_CONSTANT, 0);
  return result;
}

constexpr size_t kVelocityFrames = 5;

cv::Point2d componentwiseMedian(const std::deque<cv::Point2d>& steps) {
  std::vector<double> xs, ys;
  for (const cv::Point2d& s : steps) {
    xs.push_back(s.x);
    ys.push_back(s.y);
  }
  std::nth_element(xs.begin(), xs.begin() + xs.size() / 2, xs.end());
  std::nth_element(ys.begin(), ys.begin() + ys.size() / 2, ys.end());
  return {xs[xs.size() / 2], ys[ys.size() / 2]};
}

cv::Point2d boxCenter(const cv::Rect& box) {
  return {box.x + box.width / 2.0, box.y + box.height / 2.0};
}

}  // namespace

MaskPropagator::MaskPropagator(const cv::Mat& keyFrame, const Mask& keyMask, const TrackOptions& options)
    : options_(options), fullSize_(keyFrame.size()) {
  // A small object is tracked at a finer scale (up to the frame's own): at the usual
  // work size its flow is the background's and the cut's band is most of it.
  double scale = workScale(fullSize_, options_.workLongSide);
  const double side = std::sqrt(static_cast<double>(keyMask.area())) * scale;
  if (side > 0 && side < options_.smallObjectSide)
    scale = std::min(1.0, scale * std::min(options_.smallObjectSide / side, options_.smallObjectMaxScaleUp));
  workSize_ = scaledSize(fullSize_, scale);
  const cv::Mat image = toWorkImage(keyFrame, workSize_);
  previousMask_ = toWorkMask(keyMask, workSize_);
  previousImage_ = image;
  appearance_ = AppearanceModel(image, previousMask_);
  usualArea_ = cv::countNonZero(previousMask_);
  hidden_ = usualArea_ == 0;
  if (!hidden_) learn(image, previousMask_);
}

Mask MaskPropagator::next(const FrameMotion& motion) {
  const cv::Mat& image = motion.image;
  flowMotion_.reset();
  const bool searching = hidden_;
  cv::Mat mask = hidden_ ? reacquire(image) : followFlow(motion);
  const int area = cv::countNonZero(mask);
  hidden_ = area == 0 || area < options_.hiddenFraction * usualArea_;
  // A re-acquired object is shown once it has kept most of its usual size for a few
  // frames: something of its colours (a hand, a bracelet) is found for a frame or two
  // and shrinks away. Until then it is followed but not shown, and nothing is learnt.
  if (searching && !hidden_) unconfirmedFrames_ = options_.confirmFrames;
  if (unconfirmedFrames_ > 0) {
    if (hidden_ || area < options_.confirmFraction * usualArea_) {
      hidden_ = true;
      unconfirmedFrames_ = 0;
    } else {
      --unconfirmedFrames_;
    }
  }
  if (hidden_) mask.setTo(0);
  previousImage_ = image;
  ++framesSinceFullyVisible_;
  ++framesSinceShape_;
  const bool shown = !hidden_ && unconfirmedFrames_ == 0;
  if (shown && area >= options_.fullyVisibleFraction * usualArea_) learn(image, mask);
  previousMask_ = mask;
  return shown ? toFullMask(mask, fullSize_) : Mask(fullSize_.width, fullSize_.height);
}

cv::Mat MaskPropagator::followFlow(const FrameMotion& motion) {
  cv::Mat warped;
  cv::remap(previousMask_, warped, motion.source, cv::noArray(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
  // The whole-object shift adds what a failing per-pixel flow loses; the graph cut decides.
  cv::Point2f objectMotion = medianMotion(motion.forward, previousMask_);
  cv::Mat warpedObject = warped > 127;
  if (const std::optional<cv::Point2f> matched = matchedMotion(motion.image, objectMotion)) {
    // The flow followed something else (the background behind a small, faint object):
    // its per-pixel warp is dropped and the object moves as its pixels say.
    objectMotion = *matched;
    warpedObject = shifted(previousMask_, objectMotion);
  }
  flowMotion_ = cv::Point2d(objectMotion);
  // What the flow did not carry along with the object and moves otherwise is not the
  // object, whatever its colour: the whole-object shift would push the object's edge
  // onto an occluder sliding the other way.
  const cv::Mat moved = shifted(previousMask_, objectMotion);
  const cv::Mat other =
      movingOtherwise(motion, moved & ~warpedObject, {cv::Point2d(objectMotion), velocity_}, options_);
  const cv::Mat prior = (warpedObject | moved) & ~other;
  const cv::Mat reemerging = reemergingParts(motion.image, prior) & ~other;
  const cv::Mat refined =
      refineMaskByGraphCut(motion.image, prior | reemerging, motion.doubtful, options_.refine, &colourModels_, other);
  // A part coming out behind an occluder is narrow: the cut's smoothness would drop
  // it, so it is taken as found (the next frames carry and refine it), and kept even
  // when it is much smaller than the part still in view.
  return keepMainComponents(refined, 0.1) | reemerging;
}

// The shift that matching the object's pixels finds, where it fits them clearly
// better than the flow's shift and lies away from it; empty otherwise.
std::optional<cv::Point2f> MaskPropagator::matchedMotion(const cv::Mat& image, cv::Point2f flowMotion) const {
  // Not while much of the object is covered: the pixels of a part that is going under
  // an occluder fit almost anywhere better than there, and the mask would jump off the
  // object instead of shrinking with it (Tracker.FullOcclusionGivesEmptyMasksThenReacquires).
  if (options_.patchSearchRadius <= 0 || previousImage_.empty() ||
      cv::countNonZero(previousMask_) < options_.patchMinVisibleShare * usualArea_)
    return std::nullopt;
  const std::optional<cv::Point2f> matched =
      matchPatch(previousImage_, previousMask_, image, cv::Point2f(velocity_), options_.patchSearchRadius);
  if (!matched || cv::norm(*matched - flowMotion) < options_.patchMinDisagreement) return std::nullopt;
  const double flowCost = patchCost(previousImage_, previousMask_, image, flowMotion);
  const double matchedCost = patchCost(previousImage_, previousMask_, image, *matched);
  if (!(flowCost > options_.patchCostRatio * matchedCost)) return std::nullopt;
  return matched;
}

// Where the last fully visible shape, carried along at the object's velocity, shows
// the object's colours away from what is tracked: parts of a partly hidden object
// that come into view again. Empty while the object is fully in view.
cv::Mat MaskPropagator::reemergingParts(const cv::Mat& image, const cv::Mat& prior) const {
  cv::Mat parts = cv::Mat::zeros(image.size(), CV_8UC1);
  if (shape_.empty() || !appearance_.isValid() || cv::countNonZero(previousMask_) >= options_.fullyVisibleFraction * usualArea_)
    return parts;
  // Carried with the velocity it had while in view: the flow of what remains in view
  // is dragged by the occluder next to it.
  const cv::Point2d shift = velocity_ * (framesSinceShape_ + 1);
  const cv::Point at(cvRound(shapeTopLeft_.x + shift.x), cvRound(shapeTopLeft_.y + shift.y));
  const cv::Rect placed = cv::Rect(at, shape_.size()) & cv::Rect({0, 0}, image.size());
  if (placed.empty()) return parts;
  shape_(placed - at).copyTo(parts(placed));
  cv::Mat tracked;
  cv::dilate(prior, tracked, cv::getStructuringElement(cv::MORPH_ELLIPSE, {9, 9}));
  parts.setTo(0, tracked);
  // Averaged over a neighbourhood: single noisy pixels must not decide. Only around
  // the placed shape, with the blur's reach as margin.
  const cv::Rect around = (placed + cv::Size(6, 6) - cv::Point(3, 3)) & cv::Rect({0, 0}, image.size());
  cv::Mat probability;
  cv::blur(appearance_.objectProbability(image(around)), probability, {7, 7});
  parts(around).setTo(0, probability < options_.reemergeProbability);
  cv::morphologyEx(parts, parts, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_ELLIPSE, {5, 5}));
  parts = dropSmallComponents(parts, std::max(20.0, options_.reemergeMinArea * usualArea_));
  return parts;
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
  if (flowMotion_) {
    // The object's flow while fully in view, not its box: a box shrinks on one side as
    // an occluder starts to cover it. The median of the recent frames' motions.
    recentMotions_.push_back(*flowMotion_);
    if (recentMotions_.size() > kVelocityFrames) recentMotions_.pop_front();
    velocity_ = componentwiseMedian(recentMotions_);
  }
  if (shape_.empty() || area >= options_.wholeShapeFraction * usualArea_) {
    shape_ = mask(box).clone();
    shapeTopLeft_ = box.tl();
    framesSinceShape_ = 0;
    shapeScore_ = cv::mean(appearance_.objectProbability(image(box)), shape_)[0];
  }
  shapeCenter_ = center;
  framesSinceFullyVisible_ = 0;
  usualArea_ = 0.9 * usualArea_ + 0.1 * area;
}

}  // namespace permanence
