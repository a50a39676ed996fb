// SLIC superpixels and the GrabCut on them that click-to-mask runs.
#include "track/frozen_model_cut.h"
#include "track/superpixel_grab_cut.h"
#include "track/superpixels.h"

#include <opencv2/imgproc.hpp>

#include <gtest/gtest.h>

#include <set>

using namespace permanence;

namespace {

// Two flat halves split at a column off the superpixel grid, with mild noise.
cv::Mat twoHalves(int split) {
  cv::Mat image(120, 200, CV_8UC3);
  cv::RNG rng(3);
  rng.fill(image, cv::RNG::NORMAL, cv::Scalar(90, 90, 90), cv::Scalar::all(6));
  cv::Mat right = image.colRange(split, image.cols);
  right += cv::Scalar(0, 60, 110);
  return image;
}

}  // namespace

TEST(Superpixels, CoverTheImageWithConnectedRegionsOnAGrid) {
  const Superpixels sp = computeSuperpixels(twoHalves(101), 8);
  // About one per grid cell (25 x 15), connectivity merges a few slivers.
  EXPECT_GT(sp.count, 300);
  EXPECT_LE(sp.count, 400);
  std::set<int> seen;
  for (int y = 0; y < sp.labels.rows; ++y)
    for (int x = 0; x < sp.labels.cols; ++x) seen.insert(sp.labels.at<int>(y, x));
  EXPECT_EQ(static_cast<int>(seen.size()), sp.count);
  EXPECT_EQ(*seen.begin(), 0);
  EXPECT_EQ(*seen.rbegin(), sp.count - 1);
  for (int label = 0; label < sp.count; ++label) {
    cv::Mat components;
    EXPECT_EQ(cv::connectedComponents(sp.labels == label, components, 4), 2) << "superpixel " << label;
  }
}

TEST(Superpixels, FollowAStrongEdge) {
  const int split = 101;
  const Superpixels sp = computeSuperpixels(twoHalves(split), 8);
  std::vector<int> left(sp.count, 0), right(sp.count, 0);
  for (int y = 0; y < sp.labels.rows; ++y)
    for (int x = 0; x < sp.labels.cols; ++x) ++(x < split ? left : right)[sp.labels.at<int>(y, x)];
  int straddling = 0;
  for (int label = 0; label < sp.count; ++label) straddling += left[label] > 0 && right[label] > 0;
  EXPECT_EQ(straddling, 0);
}

TEST(SuperpixelGrabCut, SameLabelsGiveTheSameMaskWhateverTheRandomState) {
  cv::Mat image(180, 320, CV_8UC3);
  cv::RNG rng(11);
  rng.fill(image, cv::RNG::UNIFORM, cv::Scalar::all(30), cv::Scalar::all(220));
  cv::GaussianBlur(image, image, cv::Size(0, 0), 2.0);
  cv::ellipse(image, {150, 90}, {60, 40}, 20, 0, 360, cv::Scalar(40, 60, 200), cv::FILLED);
  cv::Mat labels(image.size(), CV_8UC1, cv::Scalar(cv::GC_PR_BGD));
  cv::circle(labels, {150, 90}, 50, cv::GC_PR_FGD, cv::FILLED);
  cv::circle(labels, {150, 90}, 2, cv::GC_FGD, cv::FILLED);
  const SuperpixelGrabCut cut(image);
  const cv::Mat first = cut.cut(labels, 3);
  for (int i = 0; i < 1000; ++i) cv::theRNG().next();
  const cv::Mat second = SuperpixelGrabCut(image).cut(labels, 3);
  EXPECT_EQ(cv::countNonZero(first != second), 0);
  EXPECT_GT(cv::countNonZero(first), 0.8 * CV_PI * 60 * 40);
}

TEST(SuperpixelGrabCut, TheBandCutFollowsAnEdgeInsideASuperpixel) {
  // An edge the superpixels cannot follow (coarse grid, compact): the pixel band
  // around the superpixel result puts it back.
  cv::Mat image(120, 200, CV_8UC3, cv::Scalar(200, 200, 200));
  cv::rectangle(image, cv::Rect(51, 35, 90, 45), cv::Scalar(30, 40, 180), cv::FILLED);
  cv::Mat truth = cv::Mat::zeros(image.size(), CV_8UC1);
  cv::rectangle(truth, cv::Rect(51, 35, 90, 45), 255, cv::FILLED);
  cv::Mat labels(image.size(), CV_8UC1, cv::Scalar(cv::GC_PR_BGD));
  cv::rectangle(labels, cv::Rect(70, 50, 50, 20), cv::GC_PR_FGD, cv::FILLED);
  cv::circle(labels, {95, 60}, 2, cv::GC_FGD, cv::FILLED);
  SuperpixelGrabCutOptions options;
  options.superpixelStep = 8;
  options.compactness = 200;
  options.refineBand = 0;
  const int coarseErrors = cv::countNonZero(SuperpixelGrabCut(image, options).cut(labels, 3) != truth);
  ASSERT_GT(coarseErrors, 120) << "the superpixels alone followed the edge: the test shows nothing";
  options.refineBand = 3;
  const int refinedErrors = cv::countNonZero(SuperpixelGrabCut(image, options).cut(labels, 3) != truth);
  EXPECT_LT(refinedErrors, coarseErrors / 3);
}

// The tracker's cut with frozen colour models makes the cut cv::grabCut makes with the
// same models, over the undecided pixels only: on a noisy two-colour image with a
// wide undecided band, the labels must agree (up to ties of the max-flow).
TEST(FrozenModelCut, MakesTheCutGrabCutMakes) {
  cv::RNG rng(7);
  cv::Mat image(120, 160, CV_8UC3);
  rng.fill(image, cv::RNG::NORMAL, cv::Scalar(90, 110, 70), cv::Scalar(25, 25, 25));
  cv::Mat disc(image.size(), CV_8UC1, cv::Scalar(0));
  cv::circle(disc, {80, 60}, 35, cv::Scalar(255), cv::FILLED);
  cv::Mat object(image.size(), CV_8UC3);
  rng.fill(object, cv::RNG::NORMAL, cv::Scalar(60, 150, 200), cv::Scalar(30, 30, 30));
  object.copyTo(image, disc);

  cv::Mat labels(image.size(), CV_8UC1, cv::Scalar(cv::GC_BGD));
  cv::circle(labels, {86, 64}, 50, cv::Scalar(cv::GC_PR_BGD), cv::FILLED);  // a prior off by a few px
  cv::circle(labels, {86, 64}, 36, cv::Scalar(cv::GC_PR_FGD), cv::FILLED);
  cv::circle(labels, {86, 64}, 18, cv::Scalar(cv::GC_FGD), cv::FILLED);
  cv::Mat background, objectModel, learnt = labels.clone();
  cv::grabCut(image, learnt, cv::Rect(), background, objectModel, 0, cv::GC_INIT_WITH_MASK);

  cv::Mat expected = labels.clone(), backgroundCopy = background.clone(), objectCopy = objectModel.clone();
  cv::grabCut(image, expected, cv::Rect(), backgroundCopy, objectCopy, 1, cv::GC_EVAL_FREEZE_MODEL);
  cv::Mat actual = labels.clone();
  cutWithFrozenModels(image, actual, background, objectModel);

  const int undecided = cv::countNonZero(labels >= cv::GC_PR_BGD);
  const int differing = cv::countNonZero(actual != expected);
  EXPECT_LE(differing, undecided / 500) << differing << " of " << undecided << " undecided pixels differ";
  // Not trivially equal: the cut moved the prior's edge onto the disc's.
  EXPECT_GT(cv::countNonZero((actual & 1) != (labels & 1)), 200);
  EXPECT_EQ(cv::countNonZero((actual == cv::GC_FGD) != (labels == cv::GC_FGD)), 0);
}
