// Mask propagation on synthetic clips whose visible masks are known: the IoU
// thresholds fail when the tracker drifts, leaks onto an occluder, keeps a mask on a
// hidden object, or does not re-acquire it.
#include "mask/metrics.h"
#include "media/frame_source.h"
#include "synthetic_track_clip.h"
#include "test_paths.h"
#include "track/tracker.h"

#include <gtest/gtest.h>

using namespace permanence;
using namespace permanence::test;

namespace {

struct Tracked {
  TrackClip clip;
  std::vector<Mask> masks;
};

// Tracks the scene's object from the true mask on the given keyframes.
Tracked track(const TrackScene& scene, const std::vector<int>& keyframes) {
  Tracked result{makeTrackClip(scene), {}};
  TempDir dir;
  writeFrames(result.clip, dir / "frames");
  auto source = openFrameSource(dir / "frames");
  MaskTrack maskTrack(source->frameCount(), source->frameSize());
  for (int k : keyframes) maskTrack.setKeyframe(k, result.clip.visible[k]);
  JobContext context = JobContext::detached();
  result.masks = Tracker().propagate(*source, maskTrack, {0, scene.frameCount - 1}, context);
  return result;
}

double meanIouOver(const Tracked& t, int first, int last) {
  double sum = 0;
  for (int i = first; i <= last; ++i) sum += iou(t.masks[i], t.clip.visible[i]);
  return sum / (last - first + 1);
}

}  // namespace

TEST(Tracker, FollowsAMovingObjectForward) {
  const Tracked t = track(TrackScene{}, {0});
  EXPECT_GT(meanIouOver(t, 1, 29), 0.85);
  EXPECT_GT(iou(t.masks[29], t.clip.visible[29]), 0.8);
}

TEST(Tracker, FollowsBackwardFromALastKeyframe) {
  const Tracked t = track(TrackScene{}, {29});
  EXPECT_GT(meanIouOver(t, 0, 28), 0.85);
  EXPECT_GT(iou(t.masks[0], t.clip.visible[0]), 0.8);
}

TEST(Tracker, PartialOcclusionShrinksTheMaskWithoutLeaking) {
  TrackScene scene;
  scene.withOccluder = true;
  // A bar passing in front of the lower part of the object.
  scene.occluder = {{60, 40}, {300, 140}, {-7, 0}, {200, 120, 40}};
  const Tracked t = track(scene, {0});
  EXPECT_GT(meanIouOver(t, 1, 29), 0.75);
  for (int i = 1; i < 30; ++i) {
    const int onOccluder = cv::countNonZero(t.masks[i].toMat() & t.clip.occluder[i].toMat());
    EXPECT_LT(onOccluder, 0.1 * std::max<std::int64_t>(t.masks[i].area(), 1)) << "frame " << i;
  }
}

TEST(Tracker, FullOcclusionGivesEmptyMasksThenReacquires) {
  TrackScene scene;
  scene.frameCount = 40;
  scene.object = {{60, 50}, {130, 95}, {1, 0}, {40, 60, 200}};
  scene.withOccluder = true;
  // A wide board that slides over the object, hides it for a while and moves on.
  scene.occluder = {{120, 240}, {330, 0}, {-8, 0}, {200, 120, 40}};
  const Tracked t = track(scene, {0});
  int hiddenFrames = 0;
  for (int i = 0; i < 40; ++i) {
    if (!t.clip.visible[i].isEmpty()) continue;
    ++hiddenFrames;
    EXPECT_LT(t.masks[i].area(), 200) << "frame " << i << " should be empty";
  }
  EXPECT_GE(hiddenFrames, 3);
  EXPECT_GT(meanIouOver(t, 35, 39), 0.75) << "the object was not re-acquired";
}

TEST(Tracker, ObjectLeavingTheImage) {
  TrackScene scene;
  scene.object = {{60, 50}, {200, 90}, {7, 1}, {40, 60, 200}};  // gone past x=320 after ~17 frames
  const Tracked t = track(scene, {0});
  EXPECT_GT(meanIouOver(t, 1, 29), 0.85);
  for (int i = 20; i < 30; ++i) EXPECT_LT(t.masks[i].area(), 50) << "frame " << i;
}

TEST(Tracker, ObjectEnteringTheImageFromALaterKeyframe) {
  TrackScene scene;
  scene.object = {{60, 50}, {-50, 90}, {7, 1}, {40, 60, 200}};  // enters from the left
  const Tracked t = track(scene, {29});
  EXPECT_GT(meanIouOver(t, 0, 28), 0.8);
}

TEST(Tracker, TwoKeyframesBlendBothDirections) {
  TrackScene scene;
  scene.frameCount = 40;
  const Tracked t = track(scene, {0, 39});
  EXPECT_GT(meanIouOver(t, 1, 38), 0.88);
  EXPECT_EQ(t.masks[0], t.clip.visible[0]);
  EXPECT_EQ(t.masks[39], t.clip.visible[39]);
}
