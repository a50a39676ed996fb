#include "amodal/background_evidence.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

using namespace permanence;

namespace {

// A static textured scene: an object (its mask only matters) slides right by 4 px
// a frame, a textured occluder slides left by 6 px a frame; the camera stands still.
struct Scene {
  std::vector<cv::Mat> frames, masks;
  std::vector<MotionFit> camera;
  cv::Rect occluderAt(int t) const { return {150 - 6 * t, 40, 30, 40}; }
  explicit Scene(int count) {
    cv::Mat background(120, 200, CV_8UC3), occluder(40, 30, CV_8UC3);
    cv::randu(background, cv::Scalar::all(0), cv::Scalar::all(255));
    cv::GaussianBlur(background, background, {0, 0}, 2);
    cv::randu(occluder, cv::Scalar::all(0), cv::Scalar::all(255));
    cv::GaussianBlur(occluder, occluder, {0, 0}, 1);
    for (int t = 0; t < count; ++t) {
      cv::Mat frame = background.clone(), mask = cv::Mat::zeros(background.size(), CV_8U);
      cv::circle(mask, {20 + 4 * t, 60}, 15, 255, cv::FILLED);
      occluder.copyTo(frame(occluderAt(t)));
      frames.push_back(frame);
      masks.push_back(mask);
      if (t > 0) camera.emplace_back();
    }
    for (auto& fit : camera) fit.quality = 1;
  }
};

}  // namespace

TEST(BackgroundEvidence, StaticBackgroundIsExplainedAMovingOccluderIsNot) {
  const Scene scene(17);
  const int t = 8;
  const cv::Mat explained = explainedByBackground(scene.frames, scene.masks, scene.camera, t);
  ASSERT_EQ(explained.type(), CV_8U);
  // Plain background far from the object's and occluder's paths.
  EXPECT_GT(cv::mean(explained(cv::Rect(10, 95, 180, 20)))[0], 250);
  // The occluder's interior matches no other frame.
  cv::Rect inner = scene.occluderAt(t);
  inner = {inner.x + 4, inner.y + 4, inner.width - 8, inner.height - 8};
  EXPECT_LT(cv::mean(explained(inner))[0], 25);
}

TEST(BackgroundEvidence, FramesShowingTheObjectThereSayNothing) {
  Scene scene(17);
  // The object stays put: no frame ever shows the background behind it.
  for (auto& mask : scene.masks) {
    mask.setTo(0);
    cv::circle(mask, {60, 60}, 15, 255, cv::FILLED);
  }
  const cv::Mat explained = explainedByBackground(scene.frames, scene.masks, scene.camera, 8);
  EXPECT_EQ(cv::countNonZero(explained(cv::Rect(50, 50, 20, 20))), 0);
}
