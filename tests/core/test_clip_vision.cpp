// CLIPVisionModelWithProjection against transformers (../shared/golden/clip_vision.*).
#include <gtest/gtest.h>

#include <fstream>

#include "diffusion/clip_vision.h"
#include "diffusion_golden.h"

namespace permanence::diffusion {
namespace {

constexpr double kTol = 1e-4;

class ClipVisionGolden : public ::testing::Test {
 protected:
  void SetUp() override {
    if (test::goldenDir().empty()) GTEST_SKIP() << "../shared/golden absent: CLIP vision parity not checked";
    configPath = (test::goldenDir() / "clip_vision.config.json").string();
    configJson = nlohmann::json::parse(std::ifstream(configPath))["resolved_config"];
    inputs = test::loadGolden("clip_vision", "inputs");
    expected = test::loadGolden("clip_vision", "expected");
  }

  CLIPVisionModelWithProjection build(const nlohmann::json& json) {
    CLIPVisionModelWithProjection model(ClipVisionConfig::fromJson(json, configPath));
    loadClipVisionWeights(*model, (test::goldenDir() / "clip_vision.weights.safetensors").string());
    model->eval();
    return model;
  }

  std::string configPath;
  nlohmann::json configJson;
  nn::TensorMap inputs, expected;
};

TEST_F(ClipVisionGolden, GeluImageEmbedsAndLastHiddenState) {
  torch::NoGradGuard noGrad;
  ClipVisionOutput out = build(configJson)->forward(inputs["pixel_values"]);
  EXPECT_TRUE(test::matchesGolden("clip image_embeds", out.imageEmbeds, expected["image_embeds"], kTol, kTol));
  EXPECT_TRUE(
      test::matchesGolden("clip last_hidden_state", out.lastHiddenState, expected["last_hidden_state"], kTol, kTol));
}

TEST_F(ClipVisionGolden, QuickGeluImageEmbeds) {
  torch::NoGradGuard noGrad;
  nlohmann::json quick = configJson;
  quick["hidden_act"] = "quick_gelu";
  ClipVisionOutput out = build(quick)->forward(inputs["pixel_values"]);
  EXPECT_TRUE(test::matchesGolden("clip quick_gelu.image_embeds", out.imageEmbeds,
                                  expected["quick_gelu.image_embeds"], kTol, kTol));
}

TEST_F(ClipVisionGolden, RefusesUnknownActivationAndWrongImageSize) {
  nlohmann::json bad = configJson;
  bad["hidden_act"] = "relu";
  EXPECT_THROW(ClipVisionConfig::fromJson(bad, configPath), std::runtime_error);
  EXPECT_THROW(build(configJson)->forward(torch::zeros({1, 3, 31, 32})), std::invalid_argument);
}

}  // namespace

TEST(ClipPreprocess, ResizesTo224AndNormalisesWithClipStatistics) {
  torch::NoGradGuard noGrad;
  // A constant image stays constant through blur and resize; only normalisation acts.
  torch::Tensor grey = torch::zeros({2, 3, 576, 1024});
  torch::Tensor out = clipPreprocess(grey);
  ASSERT_EQ(out.sizes(), (std::vector<int64_t>{2, 3, 224, 224}));
  EXPECT_NEAR(out[0][0][100][100].item<double>(), (0.5 - 0.48145466) / 0.26862954, 1e-5);
  EXPECT_NEAR(out[1][2][0][223].item<double>(), (0.5 - 0.40821073) / 0.27577711, 1e-5);
  // A fine checkerboard is averaged away by the anti-alias filter rather than aliased.
  torch::Tensor checker = (torch::arange(1024).remainder(2) * 2 - 1).to(torch::kFloat32).expand({1, 3, 1024, 1024});
  torch::Tensor smoothed = clipPreprocess(checker.contiguous()) * 0.26862954 + 0.48145466 - 0.5;
  EXPECT_LT(smoothed[0][0].abs().max().item<double>(), 0.05);
}

}  // namespace permanence::diffusion
