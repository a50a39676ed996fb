// The SAM 2 video predictor's bookkeeping on a small random model: frames streamed in
// order, memory bounded over a long clip, both directions, and refused prompts.
#include <gtest/gtest.h>

#include <numeric>

#include "sam2/video_predictor.h"

namespace permanence::sam2 {
namespace {

// A reduced Hiera-T (the golden vectors' shape) with random weights.
Sam2Config smallConfig() {
  Sam2Config c;
  c.name = "reduced";
  c.trunk = {16, 1, {1, 2, 3, 1}, {5}, {8, 4, 14, 7}, {7, 7}};
  c.hiddenDim = 32;
  c.memoryDim = 8;
  c.memoryAttentionLayers = 2;
  c.memoryAttentionFeedForward = 64;
  c.imageSize = 128;
  return c;
}

class Sam2Predictor : public ::testing::Test {
 protected:
  Sam2Predictor() : model(smallConfig()) {
    torch::manual_seed(1);
    model = Sam2Model(smallConfig());
    model->eval();
  }
  VideoPredictor predictor(int frames, VideoPredictorOptions options = {}) {
    return VideoPredictor(
        model,
        [this](int t) {
          requested.push_back(t);
          torch::manual_seed(100 + t);
          return torch::randn({1, 3, 128, 128});
        },
        frames, 48, 64, options);
  }
  Sam2Model model;
  std::vector<int> requested;
  const torch::Tensor click = torch::tensor({{30.0f, 20.0f}});
  const torch::Tensor positive = torch::tensor({int64_t{1}});
};

TEST_F(Sam2Predictor, FramesAreReadOnceInOrderAndMemoryStaysBounded) {
  constexpr int kFrames = 30;
  VideoPredictor p = predictor(kFrames);
  FrameResult prompt = p.addPoints(0, click, positive);
  EXPECT_TRUE(prompt.isCond);
  EXPECT_EQ(prompt.videoResMasks.sizes(), (std::vector<int64_t>{1, 1, 48, 64}));
  std::vector<int> tracked;
  size_t mostStored = 0;
  p.propagate([&](const FrameResult& r) {
    tracked.push_back(r.frame);
    EXPECT_EQ(r.isCond, r.frame == 0);
    EXPECT_EQ(r.maskmemFeatures.scalar_type(), torch::kBFloat16);
    mostStored = std::max(mostStored, p.storedFrames());
  });
  std::vector<int> all(kFrames);
  std::iota(all.begin(), all.end(), 0);
  EXPECT_EQ(tracked, all);
  EXPECT_EQ(requested, all) << "each frame read once, in order (frame 0 kept from the click)";
  // The conditioning frame plus the retained window, whatever the clip's length.
  EXPECT_LE(mostStored, 1u + VideoPredictor::kRetainedFrames + 1);
  EXPECT_LE(p.storedFrames(), 1u + VideoPredictor::kRetainedFrames + 1);
}

TEST_F(Sam2Predictor, TracksBackwardFromTheFirstPromptedFrame) {
  VideoPredictor p = predictor(8);
  p.addPoints(5, click, positive);
  std::vector<int> forward, backward;
  p.propagate([&](const FrameResult& r) { forward.push_back(r.frame); });
  p.propagate([&](const FrameResult& r) { backward.push_back(r.frame); }, std::nullopt, std::nullopt, true);
  EXPECT_EQ(forward, (std::vector<int>{5, 6, 7}));
  EXPECT_EQ(backward, (std::vector<int>{5, 4, 3, 2, 1, 0}));
}

TEST_F(Sam2Predictor, ACorrectionCanBecomeAConditioningFrame) {
  for (bool asCond : {false, true}) {
    VideoPredictor p = predictor(4, VideoPredictorOptions{asCond});
    p.addPoints(0, click, positive);
    p.propagate([](const FrameResult&) {});
    const FrameResult correction = p.addPoints(2, torch::tensor({{10.0f, 10.0f}}), torch::tensor({int64_t{0}}));
    EXPECT_EQ(correction.isCond, asCond);
    std::vector<bool> isCond;
    p.propagate([&](const FrameResult& r) { isCond.push_back(r.isCond); });
    EXPECT_EQ(isCond, (std::vector<bool>{true, false, asCond, false}));
  }
}

TEST_F(Sam2Predictor, RefusesPromptsItCannotUse) {
  VideoPredictor p = predictor(3);
  EXPECT_THROW(p.addPoints(0, torch::zeros({0, 2}), torch::zeros({0}, torch::kInt64)), std::invalid_argument);
  EXPECT_THROW(p.addPoints(0, click, positive, torch::tensor({1.0f, 1.0f, 9.0f, 9.0f}), false), std::invalid_argument);
  EXPECT_THROW(p.addMask(0, torch::zeros({48})), std::invalid_argument);
  EXPECT_THROW(p.addPoints(3, click, positive), std::out_of_range);
  EXPECT_THROW(p.propagate([](const FrameResult&) {}), std::invalid_argument) << "nothing prompted yet";
}

}  // namespace
}  // namespace permanence::sam2
