// Click-to-mask on synthetic frames with a known object.
#include "errors.h"
#include "mask/metrics.h"
#include "synthetic_track_clip.h"
#include "track/segmenter.h"

#include <opencv2/imgproc.hpp>

#include <gtest/gtest.h>

using namespace permanence;
using permanence::test::makeTrackClip;
using permanence::test::TrackScene;

namespace {

cv::Point centreOf(const Mask& mask) {
  const cv::Rect box = mask.boundingBox();
  return {box.x + box.width / 2, box.y + box.height / 2};
}

TrackScene bigFrameScene() {
  TrackScene scene;
  scene.frameSize = {1280, 720};
  scene.frameCount = 1;
  scene.object = {{260, 200}, {500, 260}, {0, 0}, {40, 60, 200}};
  return scene;
}

}  // namespace

TEST(Segmenter, OneClickInsideFindsTheObject) {
  const auto clip = makeTrackClip(bigFrameScene());
  SegmentRequest request;
  request.clicks.push_back({centreOf(clip.visible[0]), true});
  const Mask mask = Segmenter().segment(clip.frames[0], request);
  EXPECT_GT(iou(mask, clip.visible[0]), 0.85);
}

TEST(Segmenter, NegativeClickRemovesAnAdjacentLookalike) {
  TrackScene scene = bigFrameScene();
  scene.withOccluder = true;  // a second object of close colours, touching the first
  scene.occluder = {{200, 260}, {760, 200}, {0, 0}, {70, 100, 170}};
  const auto clip = makeTrackClip(scene);
  const Mask lookalike = clip.occluder[0];
  SegmentRequest request;
  request.clicks.push_back({centreOf(clip.visible[0]), true});
  const cv::Rect other = lookalike.boundingBox();
  request.clicks.push_back({{other.x + other.width / 2, other.y + other.height / 2}, false});
  const Mask mask = Segmenter().segment(clip.frames[0], request);
  EXPECT_GT(iou(mask, clip.visible[0]), 0.7);
  const cv::Mat overlap = mask.toMat() & lookalike.toMat();
  EXPECT_LT(cv::countNonZero(overlap), 0.1 * lookalike.area());
}

TEST(Segmenter, RefinesARoughPreviousMask) {
  const auto clip = makeTrackClip(bigFrameScene());
  cv::Mat rough = cv::Mat::zeros(clip.frames[0].size(), CV_8UC1);
  cv::rectangle(rough, clip.visible[0].boundingBox(), cv::Scalar(255), cv::FILLED);  // box corners are wrong
  SegmentRequest request;
  request.previous = Mask::fromMat(rough);
  const Mask mask = Segmenter().segment(clip.frames[0], request);
  EXPECT_GT(iou(mask, clip.visible[0]), iou(request.previous, clip.visible[0]));
  EXPECT_GT(iou(mask, clip.visible[0]), 0.85);
}

TEST(Segmenter, BoxAroundTheObject) {
  const auto clip = makeTrackClip(bigFrameScene());
  SegmentRequest request;
  cv::Rect box = clip.visible[0].boundingBox();
  request.box = cv::Rect(box.x - 20, box.y - 20, box.width + 40, box.height + 40);
  EXPECT_GT(iou(Segmenter().segment(clip.frames[0], request), clip.visible[0]), 0.85);
}

TEST(Segmenter, RejectsBadRequests) {
  const auto clip = makeTrackClip(bigFrameScene());
  const Segmenter segmenter;
  SegmentRequest outside;
  outside.clicks.push_back({{1280, 10}, true});
  EXPECT_THROW(segmenter.segment(clip.frames[0], outside), InputError);
  SegmentRequest onlyNegative;
  onlyNegative.clicks.push_back({{10, 10}, false});
  EXPECT_THROW(segmenter.segment(clip.frames[0], onlyNegative), InputError);
  SegmentRequest wrongSize;
  wrongSize.previous = Mask::fromMat(cv::Mat(10, 10, CV_8UC1, cv::Scalar(255)));
  EXPECT_THROW(segmenter.segment(clip.frames[0], wrongSize), InputError);
}

// A small ball on a large plain table (02_cups.mp4's case): the likely-object disk
// around the click is mostly table, which must not make the table the object.
TEST(Segmenter, OneClickOnASmallObjectOnAPlainSurfaceFindsTheObject) {
  cv::Mat frame(720, 1280, CV_8UC3);
  cv::RNG rng(5);
  rng.fill(frame, cv::RNG::NORMAL, cv::Scalar(60, 110, 70), cv::Scalar::all(25));  // foliage-like top
  cv::Mat table = frame(cv::Rect(0, 300, 1280, 420));
  rng.fill(table, cv::RNG::NORMAL, cv::Scalar(235, 238, 240), cv::Scalar::all(3));
  cv::Mat truth = cv::Mat::zeros(frame.size(), CV_8UC1);
  cv::circle(frame, {400, 462}, 36, cv::Scalar(40, 200, 230), cv::FILLED, cv::LINE_AA);
  cv::circle(truth, {400, 462}, 36, 255, cv::FILLED);
  SegmentRequest request;
  request.clicks.push_back({{400, 462}, true});
  const Mask mask = Segmenter().segment(frame, request);
  EXPECT_GT(iou(mask, Mask::fromMat(truth)), 0.8) << "area " << mask.area() << " of a ball of " << cv::countNonZero(truth);
}
