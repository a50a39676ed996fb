#include "track/patch_motion.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace permanence {

namespace {

// Objects larger than this are matched at a reduced scale: the shift is found as
// well, at a fraction of the cost (which grows with the box's area times the
// search's).
constexpr double kMatchSide = 40;

// The offset of a parabola's minimum through three samples (-1, 0, +1).
double parabolaMinimum(double left, double centre, double right) {
  const double curvature = left - 2 * centre + right;
  return curvature > 0 ? std::clamp(0.5 * (left - right) / curvature, -0.5, 0.5) : 0.0;
}

cv::Mat asFloat(const cv::Mat& image, double scale) {
  cv::Mat out;
  image.convertTo(out, CV_32F);
  if (scale < 1) cv::resize(out, out, cv::Size(), scale, scale, cv::INTER_AREA);
  return out;
}

}  // namespace

std::optional<cv::Point2f> matchPatch(const cv::Mat& previous, const cv::Mat& previousMask, const cv::Mat& next,
                                     cv::Point2f centre, int radius) {
  const cv::Rect box = cv::boundingRect(previousMask);
  if (box.empty()) return std::nullopt;
  const double scale = std::min(1.0, kMatchSide / std::max(box.width, box.height));
  const cv::Point shift(cvRound(centre.x), cvRound(centre.y));
  const cv::Rect search =
      (box + shift + cv::Size(2 * radius, 2 * radius) - cv::Point(radius, radius)) & cv::Rect({0, 0}, next.size());
  if (search.width < box.width || search.height < box.height) return std::nullopt;

  const cv::Mat patch = asFloat(previous(box), scale);
  cv::Mat weights = asFloat(previousMask(box), scale) / 255.0;
  cv::merge(std::vector<cv::Mat>(3, weights), weights);
  const cv::Mat region = asFloat(next(search), scale);
  if (region.cols < patch.cols || region.rows < patch.rows) return std::nullopt;
  cv::Mat costs;
  cv::matchTemplate(region, patch, costs, cv::TM_SQDIFF, weights);

  double best = 0;
  cv::Point at;
  cv::minMaxLoc(costs, &best, nullptr, &at);
  cv::Point2d sub(at);
  if (at.x > 0 && at.x + 1 < costs.cols)
    sub.x += parabolaMinimum(costs.at<float>(at.y, at.x - 1), best, costs.at<float>(at.y, at.x + 1));
  if (at.y > 0 && at.y + 1 < costs.rows)
    sub.y += parabolaMinimum(costs.at<float>(at.y - 1, at.x), best, costs.at<float>(at.y + 1, at.x));
  const cv::Point2d topLeft = cv::Point2d(search.tl()) + sub / scale;
  return cv::Point2f(topLeft - cv::Point2d(box.tl()));
}

double patchCost(const cv::Mat& previous, const cv::Mat& previousMask, const cv::Mat& next, cv::Point2f motion) {
  const cv::Rect box = cv::boundingRect(previousMask);
  const cv::Rect moved = box + cv::Point(cvRound(motion.x), cvRound(motion.y));
  if (box.empty() || (moved & cv::Rect({0, 0}, next.size())) != moved) return std::numeric_limits<double>::infinity();
  cv::Mat difference;
  cv::absdiff(previous(box), next(moved), difference);
  difference.convertTo(difference, CV_32F);
  difference = difference.mul(difference);
  const cv::Mat mask = previousMask(box);
  return cv::sum(cv::mean(difference, mask))[0];
}

}  // namespace permanence
