#include "amodal/amodal_masker.h"
#include "errors.h"
#include "mask/metrics.h"
#include "media/memory_frame_source.h"
#include "synth/synthetic_scene.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>

using namespace permanence;

namespace {

struct Fixture {
  SyntheticScene scene;
  MemoryFrameSource source;
  AmodalInput input;
  explicit Fixture(SyntheticSceneSpec spec) : scene(makeSyntheticScene(spec)), source(scene.frames) {
    input.frames = &source;
    input.modal = scene.target.modal;
  }
};

std::vector<AmodalSample> run(const AmodalInput& input, int k = 1, std::uint64_t seed = 0) {
  auto context = JobContext::detached();
  return makeAmodalMasker("classic")->infer(input, {k, seed}, context);
}

bool contains(const Mask& outer, const Mask& inner) {
  return cv::countNonZero(inner.toMat() & ~outer.toMat()) == 0;
}

}  // namespace

TEST(Amodal, StitchesTheHiddenPartFromOtherFrames) {
  Fixture f({});
  const auto samples = run(f.input);
  ASSERT_EQ(samples.size(), 1u);
  const auto occ = meanIouOccluded(samples[0].masks, f.scene.target.amodal, f.scene.target.modal);
  ASSERT_TRUE(occ.has_value());
  EXPECT_GT(*occ, 0.5);  // the modal mask alone scores 0 here
  EXPECT_GT(meanIou(samples[0].masks, f.scene.target.amodal), meanIou(f.scene.target.modal, f.scene.target.amodal));
}

TEST(Amodal, RecoversAnObjectHiddenCompletelyForAWhile) {
  SyntheticSceneSpec spec;
  spec.occluderSize = 1.6;
  Fixture f(spec);
  int hiddenFrames = 0;
  const auto samples = run(f.input);
  for (size_t t = 0; t < f.scene.frames.size(); ++t) {
    if (!f.scene.target.modal[t].isEmpty()) continue;
    ++hiddenFrames;
    EXPECT_GT(iou(samples[0].masks[t], f.scene.target.amodal[t]), 0.5) << "frame " << t;
  }
  EXPECT_GT(hiddenFrames, 0) << "the scene must hide the object fully in some frames";
}

TEST(Amodal, InvariantsHold) {
  SyntheticSceneSpec spec;
  spec.nonRigid = true;
  Fixture f(spec);
  const auto samples = run(f.input, 3);
  ASSERT_EQ(samples.size(), 3u);
  for (size_t k = 0; k < samples.size(); ++k) {
    if (k > 0) {
      EXPECT_GE(samples[k - 1].score, samples[k].score);  // ranked
    }
    for (size_t t = 0; t < f.input.modal.size(); ++t)
      ASSERT_TRUE(contains(samples[k].masks[t], f.input.modal[t])) << "sample " << k << " frame " << t;
  }
  // Same seed, same output; another seed gives other hypotheses.
  const auto again = run(f.input, 3);
  for (size_t t = 0; t < f.input.modal.size(); ++t) EXPECT_EQ(again[1].masks[t], samples[1].masks[t]);
  EXPECT_NE(run(f.input, 1, 7)[0].label, samples[0].label);
}

TEST(Amodal, EmptyInEmptyOut) {
  Fixture f({});
  for (auto& m : f.input.modal) m = Mask(m.width(), m.height());
  const auto samples = run(f.input);
  for (const auto& m : samples[0].masks) EXPECT_TRUE(m.isEmpty());
}

TEST(Amodal, RefusesInconsistentInput) {
  Fixture f({});
  AmodalInput missing = f.input;
  missing.modal.pop_back();
  EXPECT_THROW(run(missing), InputError);
  AmodalInput wrongSize = f.input;
  wrongSize.modal[3] = Mask(10, 10);
  EXPECT_THROW(run(wrongSize), InputError);
  EXPECT_THROW(makeAmodalMasker("diffusion"), InputError);
  EXPECT_THROW(makeAmodalMasker("nonsense"), InputError);
}

TEST(Amodal, OccluderMasksRestrictWhereTheObjectMayHide) {
  Fixture f({});
  AmodalInput withCue = f.input;
  // Claim nothing occludes the object: nothing may be added.
  for (const auto& m : f.scene.target.modal) withCue.occluders.push_back(Mask(m.width(), m.height()));
  const auto samples = run(withCue);
  for (size_t t = 0; t < f.input.modal.size(); ++t) EXPECT_EQ(samples[0].masks[t], f.input.modal[t]);
}

// A clip longer than one processing window (300 frames): the windows' results are
// stitched back at the right frames, and frames far from the first window are
// completed as well as those in it.
TEST(Amodal, LongClipsAreProcessedInWindowsAndStitchedInPlace) {
  SyntheticSceneSpec spec;
  spec.width = 160;
  spec.height = 120;
  const SyntheticScene scene = makeSyntheticScene(spec);
  // Play the scene forward and back (continuous motion) until the clip is long.
  std::vector<cv::Mat> frames;
  std::vector<Mask> modal, amodal;
  for (int i = 0; frames.size() < 700; ++i) {
    const int period = 2 * spec.frames - 2, phase = i % period;
    const int t = phase < spec.frames ? phase : period - phase;
    frames.push_back(scene.frames[t]);
    modal.push_back(scene.target.modal[t]);
    amodal.push_back(scene.target.amodal[t]);
  }
  MemoryFrameSource source(frames);
  AmodalInput input;
  input.frames = &source;
  input.modal = modal;
  const auto masks = run(input)[0].masks;
  ASSERT_EQ(masks.size(), frames.size());
  const auto part = [](const std::vector<Mask>& v, int first, int end) {
    return std::vector<Mask>(v.begin() + first, v.begin() + end);
  };
  for (const auto& [first, end] : {std::pair{0, 300}, std::pair{300, 600}, std::pair{600, 700}}) {
    const auto occ = meanIouOccluded(part(masks, first, end), part(amodal, first, end), part(modal, first, end));
    ASSERT_TRUE(occ.has_value());
    EXPECT_GT(*occ, 0.5) << "frames " << first << ".." << end;
    EXPECT_GT(meanIou(part(masks, first, end), part(amodal, first, end)), 0.9) << "frames " << first << ".." << end;
  }
}
