// core/pipeline: the de-occlusion of one object and the plate, as `run` and the
// editor both call them.
#include "complete/background_plate.h"
#include "media/memory_frame_source.h"
#include "pipeline/background_plate_job.h"
#include "pipeline/object_deocclusion.h"
#include "pipeline/object_masks.h"
#include "synth/synthetic_scene.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace permanence;

namespace {

Mask box(int x, int y, int w, int h) {
  Mask m(8, 6);
  cv::Mat pixels = m.toMat();
  pixels(cv::Rect(x, y, w, h)).setTo(255);
  return Mask::fromMat(pixels);
}

bool same(const cv::Mat& a, const cv::Mat& b) { return a.size() == b.size() && cv::norm(a, b, cv::NORM_INF) == 0; }

// Records what the pipeline gives, in order.
struct Recorder : DeocclusionSink {
  std::vector<std::string> events;
  std::vector<AmodalSample> shapes;
  std::map<std::pair<int, int>, cv::Mat> layers;
  void shape(int k, const AmodalSample& sample) override {
    events.push_back("shape " + std::to_string(k));
    shapes.push_back(sample);
  }
  void layer(int k, int frame, const cv::Mat& bgra) override { layers[{k, frame}] = bgra.clone(); }
  void sampleDone(int k) override { events.push_back("done " + std::to_string(k)); }
};

}  // namespace

TEST(ObjectMasks, TheUnionAndTheOtherObjectsAreTakenPerFrame) {
  const ObjectsMasks objects = {{box(0, 0, 2, 2), box(1, 1, 2, 2)}, {box(4, 0, 2, 2), box(4, 4, 2, 2)}, {box(0, 4, 1, 1), Mask(8, 6)}};
  const std::vector<Mask> all = unionOfMasks(objects);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].area(), 9);
  EXPECT_EQ(all[1].area(), 8);
  const std::vector<Mask> others = otherObjectsMasks(objects, 1);
  ASSERT_EQ(others.size(), 2u);
  EXPECT_TRUE(same(others[0].toMat(), (box(0, 0, 2, 2).toMat() | box(0, 4, 1, 1).toMat())));
  EXPECT_TRUE(same(others[1].toMat(), box(1, 1, 2, 2).toMat()));
  EXPECT_TRUE(otherObjectsMasks({objects[0]}, 0).empty());  // alone: no occluder cue
  EXPECT_TRUE(unionOfMasks({}).empty());
}

// The pipeline gives what the two stages give when called by hand, sample by sample
// (best first), with one progress that never goes back and ends at the whole.
TEST(ObjectDeocclusion, GivesEachSamplesShapeThenItsLayersWithOneProgress) {
  SyntheticSceneSpec spec;
  spec.frames = 12;
  const SyntheticScene scene = makeSyntheticScene(spec);
  MemoryFrameSource frames(scene.frames);
  const std::vector<Mask> occluders = scene.occluder.modal;
  const DeocclusionStages stages = openDeocclusionStages({});
  std::vector<double> fractions;
  JobContext context(std::make_shared<CancelToken>(), [&](const Progress& p) {
    if (p.total > 0) fractions.push_back(static_cast<double>(p.done) / p.total);
  });
  Recorder sink;
  deoccludeObject({&frames, scene.target.modal, occluders, 2}, stages, sink, context);

  auto detached = JobContext::detached();
  const auto expected = stages.masker->infer({&frames, scene.target.modal, occluders, {}}, {2, 0}, detached);
  ASSERT_EQ(sink.shapes.size(), expected.size());
  ASSERT_GE(expected.size(), 1u);
  std::vector<std::string> order;
  for (std::size_t k = 0; k < expected.size(); ++k) {
    order.push_back("shape " + std::to_string(k));
    order.push_back("done " + std::to_string(k));
    EXPECT_EQ(sink.shapes[k].score, expected[k].score);
    EXPECT_EQ(sink.shapes[k].label, expected[k].label);
    std::map<int, cv::Mat> byHand;
    stages.completer->complete({&frames, scene.target.modal, expected[k].masks}, {},
                               [&](int, int t, const cv::Mat& l) { byHand[t] = l.clone(); }, detached);
    for (int t = 0; t < frames.frameCount(); ++t) {
      EXPECT_TRUE(same(sink.shapes[k].masks[t].toMat(), expected[k].masks[t].toMat())) << "sample " << k << " frame " << t;
      ASSERT_TRUE(sink.layers.count({static_cast<int>(k), t})) << "sample " << k << " frame " << t;
      EXPECT_TRUE(same(sink.layers[{static_cast<int>(k), t}], byHand.at(t))) << "sample " << k << " frame " << t;
    }
  }
  EXPECT_EQ(sink.events, order);
  ASSERT_FALSE(fractions.empty());
  for (std::size_t i = 1; i < fractions.size(); ++i) EXPECT_GE(fractions[i], fractions[i - 1]);
  EXPECT_NEAR(fractions.back(), 1.0, 1e-6);
}

TEST(ObjectDeocclusion, AnUnknownBackendFailsBeforeAnyWork) {
  DeocclusionBackends backends;
  backends.complete = "no-such-backend";
  EXPECT_THROW(openDeocclusionStages(backends), std::exception);
}

// The plate removes the union of the objects' visible masks, as fillBackground does
// when given that union.
TEST(BackgroundPlateJob, RemovesEveryGivenObjectsVisibleMask) {
  SyntheticSceneSpec spec;
  spec.frames = 10;
  const SyntheticScene scene = makeSyntheticScene(spec);
  MemoryFrameSource frames(scene.frames);
  const ObjectsMasks objects = {scene.target.modal, scene.occluder.modal};
  std::vector<cv::Mat> plate(frames.frameCount()), byHand(frames.frameCount());
  auto context = JobContext::detached();
  makeBackgroundPlate(frames, objects, [&](int t, const cv::Mat& bgr) { plate[t] = bgr.clone(); }, context);
  fillBackground(frames, unionOfMasks(objects), {}, [&](int t, const cv::Mat& bgr) { byHand[t] = bgr.clone(); }, context);
  for (int t = 0; t < frames.frameCount(); ++t) EXPECT_TRUE(same(plate[t], byHand[t])) << "frame " << t;
  // Without objects the plate is the clip itself.
  makeBackgroundPlate(frames, {}, [&](int t, const cv::Mat& bgr) { plate[t] = bgr.clone(); }, context);
  for (int t = 0; t < frames.frameCount(); ++t) EXPECT_TRUE(same(plate[t], scene.frames[t])) << "frame " << t;
}
