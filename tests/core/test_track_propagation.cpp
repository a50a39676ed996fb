// Mask propagation on synthetic clips whose visible masks are known: the IoU
// thresholds fail when the tracker drifts, leaks onto an occluder, keeps a mask on a
// hidden object, or does not re-acquire it.
#include "mask/mask_io.h"
#include "mask/metrics.h"
#include "media/frame_source.h"
#include "media/memory_frame_source.h"
#include "synth/synthetic_scene.h"
#include "synthetic_track_clip.h"
#include "test_paths.h"
#include "track/tracker.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>

#include <filesystem>

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

TEST(Tracker, AnOccluderSlidingAcrossTakesNothingAndThePartBeyondItIsFollowed) {
  // The generated sample: a textured disc moves right behind a striped bar moving left
  // (frames 21-33), with strokes of the same colours on both. The mask must not take
  // the bar, and the part of the disc that comes out on the bar's far side must be
  // followed before the part on the near side disappears.
  SyntheticSceneSpec spec;
  spec.width = 640;
  spec.height = 360;
  spec.frames = 50;  // as `permanence-cli sample` makes it
  const SyntheticScene scene = makeSyntheticScene(spec);
  MemoryFrameSource source(scene.frames);
  MaskTrack maskTrack(source.frameCount(), source.frameSize());
  maskTrack.setKeyframe(0, scene.target.modal[0]);
  JobContext context = JobContext::detached();
  const std::vector<Mask> masks = Tracker().propagate(source, maskTrack, {0, spec.frames - 1}, context);
  double sum = 0;
  for (int i = 21; i <= 35; ++i) {
    const cv::Mat ours = masks[i].toMat(), truth = scene.target.modal[i].toMat();
    const int visible = cv::countNonZero(truth);
    EXPECT_LE(cv::countNonZero(ours & ~truth), 0.06 * visible) << "frame " << i << " leaks";
    const double overlap = iou(masks[i], scene.target.modal[i]);
    EXPECT_GT(overlap, 0.7) << "frame " << i << " lost part of the object";
    sum += overlap;
  }
  EXPECT_GT(sum / 15, 0.85);
}

TEST(Tracker, ALookalikeSeenForOneFrameWhileTheObjectIsHiddenIsNotTaken) {
  // While a board hides the object, its exact appearance flashes on the board for one
  // frame (as a hand or a bracelet of its colours would): a re-acquisition must hold
  // up for a few frames before it is shown.
  TrackScene scene;
  scene.frameCount = 40;
  scene.object = {{60, 50}, {130, 95}, {1, 0}, {40, 60, 200}};
  scene.withOccluder = true;
  scene.occluder = {{120, 240}, {330, 0}, {-8, 0}, {200, 120, 40}};
  TrackClip clip = makeTrackClip(scene);
  int flash = -1;
  for (int i = 0; i < scene.frameCount && flash < 0; ++i)
    if (clip.visible[i].isEmpty()) flash = i + 2;
  ASSERT_GT(flash, 0);
  ASSERT_TRUE(clip.visible[flash].isEmpty());
  const cv::Rect was = scene.object.at(0), now = scene.object.at(flash);
  clip.frames[0](was).copyTo(clip.frames[flash](now), clip.visible[0].toMat()(was));
  MemoryFrameSource source(clip.frames);
  MaskTrack maskTrack(source.frameCount(), source.frameSize());
  maskTrack.setKeyframe(0, clip.visible[0]);
  JobContext context = JobContext::detached();
  const std::vector<Mask> masks = Tracker().propagate(source, maskTrack, {0, scene.frameCount - 1}, context);
  for (int i = flash; i <= flash + 2; ++i) EXPECT_LT(masks[i].area(), 200) << "frame " << i;
}

// GrabCut seeds its colour models from the thread's random generator: the same clip
// was tracked differently depending on what the thread had drawn before (libby's J
// swung between 0.37 and 0.61 with its place in the harness's run).
TEST(Tracker, TracksTheSameWhateverTheThreadDrewBefore) {
  const std::filesystem::path davis = sharedDir() / "data/davis2016";
  ASSERT_TRUE(std::filesystem::exists(davis / "JPEGImages/480p/libby")) << "the shared DAVIS data is missing";
  auto source = openFrameSource(davis / "JPEGImages/480p/libby");
  constexpr int kFrames = 12;  // the track covers the clip's first frames only
  MaskTrack maskTrack(kFrames, source->frameSize());
  maskTrack.setKeyframe(0, loadMaskPng((davis / "Annotations/480p/libby/00000.png").string()));
  JobContext context = JobContext::detached();
  const std::vector<Mask> first = Tracker().propagate(*source, maskTrack, {0, kFrames - 1}, context);
  for (int i = 0; i < 1000; ++i) cv::theRNG().next();
  const std::vector<Mask> second = Tracker().propagate(*source, maskTrack, {0, kFrames - 1}, context);
  for (int i = 0; i < kFrames; ++i) EXPECT_TRUE(first[i] == second[i]) << "frame " << i;
}
