#include "complete/texture_fill.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

using namespace permanence;

namespace {

cv::Mat colourNoise(cv::Size size, std::uint64_t seed) {
  cv::RNG rng(seed);
  cv::Mat out(size, CV_8UC3);
  rng.fill(out, cv::RNG::UNIFORM, cv::Scalar::all(30), cv::Scalar::all(226));
  cv::GaussianBlur(out, out, cv::Size(), 1.0);
  return out;
}

// Mean absolute difference between neighbours (dx, dy) inside `where`.
double variation(const cv::Mat& bgr, const cv::Mat& where, int dx, int dy) {
  cv::Mat gray, shifted, diff, inner;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  gray.convertTo(gray, CV_32F);
  cv::warpAffine(gray, shifted, cv::Matx23d(1, 0, -dx, 0, 1, -dy), gray.size());
  cv::absdiff(gray, shifted, diff);
  cv::erode(where, inner, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
  return cv::mean(diff, inner)[0];
}

}  // namespace

// A hole in a noise texture, bordered by the texture on one side only (as where an
// occluder hides the bottom of an object): the fill varies like the texture in both
// directions, where a smooth fill is flat and a smeared one streaks.
TEST(TextureFill, FillsWithTheObjectsOwnTextureInBothDirections) {
  cv::Mat image = colourNoise({200, 160}, 5);
  const cv::Mat truth = image.clone();
  cv::Mat known = cv::Mat::zeros(image.size(), CV_8U), hole = cv::Mat::zeros(image.size(), CV_8U);
  known(cv::Rect(20, 10, 160, 140)).setTo(255);
  hole(cv::Rect(40, 100, 120, 50)).setTo(255);  // the object's lower part
  image.setTo(cv::Scalar(0, 255, 0), hole);     // whatever hid it must not survive
  synthesiseTexture(image, hole, known, 1);
  for (const auto& [dx, dy] : {std::pair{1, 0}, std::pair{0, 1}}) {
    const double own = variation(truth, known & ~hole, dx, dy), fill = variation(image, hole, dx, dy);
    EXPECT_GT(fill, 0.7 * own) << (dx ? "across" : "along") << ": fill " << fill << ", texture " << own;
    EXPECT_LT(fill, 1.5 * own) << (dx ? "across" : "along") << ": fill " << fill << ", texture " << own;
  }
  cv::Mat channels[3];
  cv::split(image, channels);
  EXPECT_EQ(cv::countNonZero((channels[1] > channels[0] + 60) & (channels[1] > channels[2] + 60) & hole), 0);
  // Same seed, same fill.
  cv::Mat again = truth.clone();
  synthesiseTexture(again, hole, known, 1);
  EXPECT_EQ(cv::norm(again, image, cv::NORM_INF), 0);
}

TEST(TextureFill, LeavesTheHoleWhenNothingIsKnown) {
  cv::Mat image(50, 50, CV_8UC3, cv::Scalar(1, 2, 3));
  const cv::Mat hole(50, 50, CV_8U, cv::Scalar(255));
  synthesiseTexture(image, hole, cv::Mat::zeros(50, 50, CV_8U));
  EXPECT_EQ(image.at<cv::Vec3b>(25, 25), cv::Vec3b(1, 2, 3));
}
