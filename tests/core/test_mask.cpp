#include "mask/mask.h"
#include "mask/mask_io.h"
#include "mask/metrics.h"
#include "errors.h"
#include "test_paths.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace permanence;

namespace {
Mask rectMask(int w, int h, cv::Rect r) {
  cv::Mat m = cv::Mat::zeros(h, w, CV_8UC1);
  cv::rectangle(m, r, 255, cv::FILLED);
  return Mask::fromMat(m);
}
}  // namespace

TEST(Mask, RoundTripsThroughRle) {
  cv::Mat m = cv::Mat::zeros(37, 53, CV_8UC1);
  cv::circle(m, {20, 18}, 11, 255, cv::FILLED);
  m.at<uchar>(0, 0) = 7;  // any non-zero value is foreground, also the very first pixel
  m.at<uchar>(36, 52) = 1;
  const Mask mask = Mask::fromMat(m);
  EXPECT_EQ(mask.area(), cv::countNonZero(m));
  EXPECT_EQ(cv::countNonZero(mask.toMat() != ((m != 0) & 255)), 0);
  EXPECT_EQ(mask.boundingBox(), cv::Rect(0, 0, 53, 37));
}

TEST(Mask, EmptyAndBoundingBox) {
  const Mask empty(10, 8);
  EXPECT_TRUE(empty.isEmpty());
  EXPECT_EQ(empty.boundingBox(), cv::Rect());
  const Mask r = rectMask(40, 30, {5, 7, 10, 4});
  EXPECT_EQ(r.area(), 40);
  EXPECT_EQ(r.boundingBox(), cv::Rect(5, 7, 10, 4));
  EXPECT_NE(r, empty);
  EXPECT_EQ(r, rectMask(40, 30, {5, 7, 10, 4}));
}

TEST(Mask, ColourImagesCountAnyChannel) {
  cv::Mat bgr = cv::Mat::zeros(4, 4, CV_8UC3);
  bgr.at<cv::Vec3b>(1, 2) = {0, 0, 128};
  EXPECT_EQ(Mask::fromMat(bgr).area(), 1);
}

TEST(MaskIo, PngRoundTripAndErrors) {
  test::TempDir dir;
  const Mask r = rectMask(33, 21, {3, 4, 5, 6});
  saveMaskPng(dir / "m.png", r);
  EXPECT_EQ(loadMaskPng(dir / "m.png"), r);
  const cv::Mat written = cv::imread(dir / "m.png", cv::IMREAD_UNCHANGED);
  EXPECT_EQ(written.type(), CV_8UC1);
  double maxVal = 0;
  cv::minMaxLoc(written, nullptr, &maxVal);
  EXPECT_EQ(maxVal, 255);
  try {
    loadMaskPng(dir / "missing.png");
    FAIL() << "missing file accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("missing.png"), std::string::npos);
  }
}

TEST(Metrics, IouAndOccludedIou) {
  const Mask a = rectMask(20, 20, {0, 0, 10, 10});
  const Mask b = rectMask(20, 20, {5, 0, 10, 10});
  EXPECT_NEAR(iou(a, b), 50.0 / 150.0, 1e-12);
  EXPECT_DOUBLE_EQ(iou(Mask(20, 20), Mask(20, 20)), 1.0);

  // truth = 0..10 wide, modal = left half visible; prediction covers the hidden half.
  const Mask truth = rectMask(20, 20, {0, 0, 10, 10});
  const Mask modal = rectMask(20, 20, {0, 0, 5, 10});
  const Mask pred = rectMask(20, 20, {0, 0, 8, 10});
  const auto occ = meanIouOccluded({pred, modal}, {truth, modal}, {modal, modal});
  ASSERT_TRUE(occ.has_value());  // only frame 0 has a hidden part
  EXPECT_NEAR(*occ, 3.0 / 5.0, 1e-12);
  EXPECT_FALSE(meanIouOccluded({modal}, {modal}, {modal}).has_value());
  EXPECT_NEAR(meanIou({pred, modal}, {truth, modal}), (0.8 + 1.0) / 2, 1e-12);
  EXPECT_NEAR(davisJ({a, pred}, {a, truth}), 0.8, 1e-12);
}
