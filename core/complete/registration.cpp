#include "complete/registration.h"

#include "flow/object_motion.h"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace permanence {
namespace {

// Fewer matched pixels than this say too little about the shift.
constexpr int kMinPixels = 150;
// Blur of the coarse and the fine level (px): the coarse one reaches a couple of
// pixels of misregistration, the fine one settles the sub-pixel part.
constexpr double kLevels[] = {2.0, 0.8};
constexpr int kIterations = 6;
constexpr double kConverged = 0.02;  // px
// The smaller eigenvalue of the gradients' matrix per matched pixel (grey levels^2 a
// px^2) below which the shift is not determined (a flat patch; a blurred noise
// texture of sigma 6 has about 3), and its least share of the larger one (a patch
// of stripes determines one direction only).
constexpr double kMinTexture = 0.25;
constexpr double kMinIsotropy = 0.05;

cv::Point2d translationOf(const cv::Matx23d& m) { return {m(0, 2), m(1, 2)}; }

// The part of the source that the roi maps back onto, with a margin for the shift
// and the blur.
cv::Rect sourceRect(const cv::Matx23d& roiFromSource, cv::Size roi, cv::Size frame, int margin) {
  const cv::Matx23d back = invert(roiFromSource);
  std::vector<cv::Point2f> corners;
  for (const cv::Point2d c : {cv::Point2d(0, 0), cv::Point2d(roi.width, 0), cv::Point2d(0, roi.height),
                              cv::Point2d(roi.width, roi.height)})
    corners.emplace_back(static_cast<float>(back(0, 0) * c.x + back(0, 1) * c.y + back(0, 2)),
                         static_cast<float>(back(1, 0) * c.x + back(1, 1) * c.y + back(1, 2)));
  cv::Rect r = cv::boundingRect(corners);
  r = cv::Rect(r.x - margin, r.y - margin, r.width + 2 * margin, r.height + 2 * margin);
  return r & cv::Rect({0, 0}, frame);
}

}  // namespace

cv::Mat pixelsToMatch(const cv::Mat& targetKnown, const cv::Mat& hidden, int band) {
  // Match what lies next to the hidden part: for a deforming object, the motion there
  // is what the hidden part shares.
  cv::Mat near;
  cv::dilate(hidden, near, cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * band + 1, 2 * band + 1}));
  const cv::Mat where = targetKnown & near;
  return cv::countNonZero(where) >= kMinPixels ? where : targetKnown;
}

cv::Matx23d refineRegistration(const cv::Mat& targetGray, const cv::Mat& sourceGray, const cv::Matx23d& guess,
                               const cv::Rect& roi, const cv::Mat& match, const cv::Mat& sourceKnown,
                               const RegistrationSettings& settings, bool startFine) {
  if (cv::countNonZero(match) < kMinPixels) return guess;
  // Only the box of the matched pixels is compared.
  const cv::Rect box = cv::boundingRect(match);
  const cv::Mat where = match(box);
  const cv::Rect area = box + roi.tl();  // in the target frame
  cv::Matx23d m = guess;                 // source -> area
  m(0, 2) -= area.x;
  m(1, 2) -= area.y;
  const int margin = static_cast<int>(std::ceil(settings.maxCorrection + 3 * kLevels[0])) + 2;
  const cv::Rect from = sourceRect(m, area.size(), sourceGray.size(), margin);
  if (from.empty()) return guess;
  m(0, 2) += m(0, 0) * from.x + m(0, 1) * from.y;  // now: source crop -> area
  m(1, 2) += m(1, 0) * from.x + m(1, 1) * from.y;
  const cv::Point2d start = translationOf(m);
  cv::Mat sourceValid;
  cv::erode(sourceKnown(from), sourceValid, cv::getStructuringElement(cv::MORPH_ELLIPSE, {5, 5}));

  cv::Mat warped, warpedValid, gx, gy, residual;
  for (const double sigma : kLevels) {
    if (startFine && sigma != kLevels[1]) continue;
    cv::Mat target, source;
    cv::GaussianBlur(targetGray(area), target, cv::Size(), sigma);
    cv::GaussianBlur(sourceGray(from), source, cv::Size(), sigma);
    // Inverse compositional: the target's gradients stay fixed through the iterations.
    cv::Sobel(target, gx, CV_32F, 1, 0, 3, 1.0 / 8);
    cv::Sobel(target, gy, CV_32F, 0, 1, 3, 1.0 / 8);
    for (int iteration = 0; iteration < kIterations; ++iteration) {
      cv::warpAffine(source, warped, m, area.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
      cv::warpAffine(sourceValid, warpedValid, m, area.size(), cv::INTER_NEAREST, cv::BORDER_CONSTANT, 0);
      const cv::Mat valid = where & warpedValid;
      const int n = cv::countNonZero(valid);
      if (n < kMinPixels) return guess;
      residual = warped - target;
      // The source image is the target shifted by d: warped - target ~ grad(target) . d
      double hxx = 0, hxy = 0, hyy = 0, bx = 0, by = 0;
      for (int y = 0; y < area.height; ++y) {
        const uchar* v = valid.ptr<uchar>(y);
        const float *ax = gx.ptr<float>(y), *ay = gy.ptr<float>(y), *r = residual.ptr<float>(y);
        for (int x = 0; x < area.width; ++x)
          if (v[x]) {
            hxx += ax[x] * ax[x];
            hxy += ax[x] * ay[x];
            hyy += ay[x] * ay[x];
            bx += ax[x] * r[x];
            by += ay[x] * r[x];
          }
      }
      const double trace = hxx + hyy, det = hxx * hyy - hxy * hxy;
      const double spread = std::sqrt(std::max(0.0, trace * trace / 4 - det));
      const double smaller = trace / 2 - spread, larger = trace / 2 + spread;
      if (smaller / n < kMinTexture || smaller < kMinIsotropy * larger) break;
      const double dx = (hyy * bx - hxy * by) / det, dy = (hxx * by - hxy * bx) / det;
      m(0, 2) += dx;
      m(1, 2) += dy;
      if (std::hypot(dx, dy) < kConverged) break;
    }
  }
  const cv::Point2d correction = translationOf(m) - start;
  if (std::hypot(correction.x, correction.y) > settings.maxCorrection) return guess;
  cv::Matx23d out = guess;
  out(0, 2) += correction.x;
  out(1, 2) += correction.y;
  return out;
}

}  // namespace permanence
