// Keyframe and correction semantics of MaskTrack and Tracker.
#include "errors.h"
#include "mask/metrics.h"
#include "media/frame_source.h"
#include "synthetic_track_clip.h"
#include "test_paths.h"
#include "track/tracker.h"

#include <opencv2/imgproc.hpp>

#include <gtest/gtest.h>

using namespace permanence;
using namespace permanence::test;

namespace {

Mask square(int x, int y) {
  cv::Mat m = cv::Mat::zeros(48, 64, CV_8UC1);
  cv::rectangle(m, cv::Rect(x, y, 10, 10), cv::Scalar(255), cv::FILLED);
  return Mask::fromMat(m);
}

}  // namespace

TEST(MaskTrack, KeyframeRangesReachTheNeighbouringKeyframes) {
  MaskTrack track(100, {64, 48});
  FrameRange r = track.setKeyframe(10, square(1, 1));
  EXPECT_EQ(r.first, 0);
  EXPECT_EQ(r.last, 99);
  r = track.setKeyframe(50, square(2, 2));
  EXPECT_EQ(r.first, 11);
  EXPECT_EQ(r.last, 99);
  r = track.setKeyframe(30, square(3, 3));  // a correction between two keyframes
  EXPECT_EQ(r.first, 11);
  EXPECT_EQ(r.last, 49);
  r = track.setKeyframe(5, square(4, 4));
  EXPECT_EQ(r.first, 0);
  EXPECT_EQ(r.last, 9);
  EXPECT_EQ(track.keyframes(), (std::vector<int>{5, 10, 30, 50}));
  EXPECT_EQ(track.previousKeyframe(30), 10);
  EXPECT_EQ(track.nextKeyframe(30), 50);
  r = track.removeKeyframe(30);
  EXPECT_EQ(r.first, 11);
  EXPECT_EQ(r.last, 49);
  EXPECT_TRUE(track.removeKeyframe(31).isEmpty());
}

TEST(MaskTrack, KeyframesKeepTheirMasks) {
  MaskTrack track(10, {64, 48});
  track.setKeyframe(3, square(5, 5));
  track.setMasks(0, std::vector<Mask>(10, square(20, 20)));
  EXPECT_EQ(track.mask(3), square(5, 5));
  EXPECT_EQ(track.mask(4), square(20, 20));
}

TEST(MaskTrack, RejectsBadKeyframes) {
  MaskTrack track(10, {64, 48});
  EXPECT_THROW(track.setKeyframe(10, square(1, 1)), InputError);
  EXPECT_THROW(track.setKeyframe(-1, square(1, 1)), InputError);
  EXPECT_THROW(track.setKeyframe(0, Mask(32, 48)), InputError);
}

TEST(Tracker, CorrectionRecomputesOnlyUpToTheNeighbouringKeyframes) {
  TrackScene scene;
  scene.frameCount = 30;
  const TrackClip clip = makeTrackClip(scene);
  TempDir dir;
  writeFrames(clip, dir / "frames");
  auto source = openFrameSource(dir / "frames");
  JobContext context = JobContext::detached();
  const Tracker tracker;

  MaskTrack track(30, source->frameSize());
  track.setKeyframe(0, clip.visible[0]);
  track.setKeyframe(20, clip.visible[20]);
  track.setMasks(0, tracker.propagate(*source, track, {0, 29}, context));
  std::vector<Mask> before;
  for (int i = 0; i < 30; ++i) before.push_back(track.mask(i));

  // A deliberately wrong "correction" on frame 10: frames 1..19 change, 21..29 do not.
  cv::Mat shiftedMask = cv::Mat::zeros(240, 320, CV_8UC1);
  clip.visible[10].toMat()(cv::Rect(0, 0, 200, 240)).copyTo(shiftedMask(cv::Rect(100, 0, 200, 240)));
  const FrameRange range = track.setKeyframe(10, Mask::fromMat(shiftedMask));
  EXPECT_EQ(range.first, 1);
  EXPECT_EQ(range.last, 19);
  const std::vector<Mask> recomputed = tracker.propagate(*source, track, range, context);
  ASSERT_EQ(recomputed.size(), 19u);
  track.setMasks(range.first, recomputed);
  EXPECT_NE(track.mask(9), before[9]);
  EXPECT_NE(track.mask(11), before[11]);
  for (int i = 20; i < 30; ++i) EXPECT_EQ(track.mask(i), before[i]) << "frame " << i;
  EXPECT_EQ(track.mask(0), before[0]);
}

TEST(Tracker, ReportsProgressAndCancels) {
  TrackScene scene;
  scene.frameCount = 10;
  const TrackClip clip = makeTrackClip(scene);
  TempDir dir;
  writeFrames(clip, dir / "frames");
  auto source = openFrameSource(dir / "frames");
  MaskTrack track(10, source->frameSize());
  track.setKeyframe(0, clip.visible[0]);

  std::vector<Progress> reports;
  JobContext context(std::make_shared<CancelToken>(), [&](const Progress& p) { reports.push_back(p); });
  Tracker().propagate(*source, track, {0, 9}, context);
  ASSERT_FALSE(reports.empty());
  EXPECT_EQ(reports.back().done, 9);
  EXPECT_EQ(reports.back().total, 9);

  auto token = std::make_shared<CancelToken>();
  int calls = 0;
  JobContext cancelling(token, [&](const Progress&) {
    if (++calls == 3) token->cancel();
  });
  EXPECT_THROW(Tracker().propagate(*source, track, {0, 9}, cancelling), Cancelled);
}
