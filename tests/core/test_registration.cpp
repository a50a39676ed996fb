#include "complete/registration.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include <cmath>

using namespace permanence;

namespace {

cv::Mat grayNoise(cv::Size size, std::uint64_t seed) {
  cv::RNG rng(seed);
  cv::Mat out(size, CV_32F);
  rng.fill(out, cv::RNG::UNIFORM, 0, 255);
  cv::GaussianBlur(out, out, cv::Size(), 1.5);
  return out;
}

}  // namespace

// The source is the target moved by a known sub-pixel shift; a guess that is off by
// more than a pixel is corrected to within a tenth of a pixel.
TEST(Registration, RecoversASubPixelShiftFromAPoorGuess) {
  const cv::Size size(320, 240);
  const cv::Mat target = grayNoise(size, 3);
  const cv::Point2d truth(5.3, -2.6);  // source = target moved by this
  cv::Mat source;
  cv::warpAffine(target, source, cv::Matx23d(1, 0, truth.x, 0, 1, truth.y), size, cv::INTER_CUBIC, cv::BORDER_REFLECT);
  // source -> target is a shift by -truth; the guess is 1.2 px and 0.9 px off.
  const cv::Matx23d guess(1, 0, -truth.x + 1.2, 0, 1, -truth.y - 0.9);
  const cv::Rect roi(80, 60, 160, 120);
  cv::Mat known = cv::Mat::zeros(roi.size(), CV_8U), hidden = cv::Mat::zeros(roi.size(), CV_8U);
  known(cv::Rect(0, 0, 100, 120)).setTo(255);
  hidden(cv::Rect(100, 0, 60, 120)).setTo(255);
  const cv::Mat sourceKnown(size, CV_8U, cv::Scalar(255));
  const cv::Matx23d refined = refineRegistration(target, source, guess, roi, pixelsToMatch(known, hidden, 40), sourceKnown, {});
  EXPECT_NEAR(refined(0, 2), -truth.x, 0.1);
  EXPECT_NEAR(refined(1, 2), -truth.y, 0.1);
}

// Nothing to lock on (a flat image): the guess stands.
TEST(Registration, KeepsTheGuessWithoutTexture) {
  const cv::Size size(200, 200);
  const cv::Mat flat(size, CV_32F, cv::Scalar(100));
  const cv::Matx23d guess(1, 0, 2.5, 0, 1, -1.5);
  const cv::Rect roi(50, 50, 100, 100);
  const cv::Mat known(roi.size(), CV_8U, cv::Scalar(255)), hidden = cv::Mat::zeros(roi.size(), CV_8U);
  const cv::Matx23d refined =
      refineRegistration(flat, flat, guess, roi, pixelsToMatch(known, hidden, 40), cv::Mat(size, CV_8U, cv::Scalar(255)), {});
  EXPECT_EQ(refined(0, 2), guess(0, 2));
  EXPECT_EQ(refined(1, 2), guess(1, 2));
}
