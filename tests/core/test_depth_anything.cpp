// Depth Anything V2 against the official repository (../shared/golden/depth_anything_v2.*).
#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include "depth/depth_anything_v2.h"
#include "depth/depth_image.h"
#include "diffusion_golden.h"
#include "nn/state_dict.h"

namespace permanence::depth {
namespace {

constexpr double kAtol = 1e-5, kRtol = 1e-4;

// The golden model: vits layout narrowed to embed 32 / 2 heads, head features 16.
DepthAnythingV2Config goldenConfig() {
  DepthAnythingV2Config c = DepthAnythingV2Config::forEncoder("vits");
  c.backbone.embedDim = 32;
  c.backbone.numHeads = 2;
  c.features = 16;
  c.outChannels = {8, 16, 32, 32};
  return c;
}

class DepthAnythingGolden : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (test::goldenDir().empty()) GTEST_SKIP() << "../shared/golden absent: Depth Anything V2 parity not checked";
    model = DepthAnythingV2(goldenConfig());
    nn::loadStateDict(*model, (test::goldenDir() / "depth_anything_v2.weights.safetensors").string());
    model->eval();
    inputs = test::loadGolden("depth_anything_v2", "inputs");
    expected = test::loadGolden("depth_anything_v2", "expected");
  }

  DepthAnythingV2 model{nullptr};
  nn::TensorMap inputs, expected;
};

TEST_P(DepthAnythingGolden, DepthAndBackboneFeatures) {
  torch::NoGradGuard noGrad;
  const std::string c = GetParam();
  const torch::Tensor image = inputs[c + ".image"];
  auto features = model->pretrained->intermediateLayers(image, model->config.intermediateLayers);
  ASSERT_EQ(features.size(), 4u);
  for (size_t i = 0; i < features.size(); ++i) {
    const std::string feat = c + ".inter.feat" + std::to_string(i);
    EXPECT_TRUE(test::matchesGolden(feat + ".tokens", features[i].first, expected[feat + ".tokens"], kAtol, kRtol));
    EXPECT_TRUE(test::matchesGolden(feat + ".cls", features[i].second, expected[feat + ".cls"], kAtol, kRtol));
  }
  EXPECT_TRUE(test::matchesGolden(c + ".depth", model->forward(image), expected[c + ".depth"], kAtol, kRtol));
}

INSTANTIATE_TEST_SUITE_P(Cases, DepthAnythingGolden, ::testing::Values("case1", "case2"));

TEST_F(DepthAnythingGolden, RefusesSidesThatAreNotMultiplesOf14) {
  EXPECT_THROW(model->forward(torch::zeros({1, 3, 56, 57})), std::invalid_argument);
}

}  // namespace

TEST(DepthAnythingConfig, OfficialEncodersAndUnknownName) {
  EXPECT_EQ(DepthAnythingV2Config::forEncoder("vitl").intermediateLayers, (std::vector<int64_t>{4, 11, 17, 23}));
  EXPECT_EQ(DepthAnythingV2Config::forEncoder("vitb").backbone.embedDim, 768);
  EXPECT_THROW(DepthAnythingV2Config::forEncoder("vitg"), std::invalid_argument);
  // Real vits parameter count (24.8 M, the published checkpoint's size).
  DepthAnythingV2 vits(DepthAnythingV2Config::forEncoder("vits"));
  int64_t count = 0;
  for (const auto& p : vits->parameters()) count += p.numel();
  EXPECT_NEAR(static_cast<double>(count), 24.8e6, 0.2e6);
}

TEST(DepthPreprocess, ResizesToMultipleOf14KeepingAspectAndNormalises) {
  cv::Mat frame(480, 854, CV_8UC3, cv::Scalar(255, 0, 0));  // pure blue in BGR
  torch::Tensor t = depthPreprocess(frame);
  // lower_bound: height 480 -> 518; width 854 * 518/480 = 921.6 -> 924 (66 x 14).
  ASSERT_EQ(t.sizes(), (std::vector<int64_t>{1, 3, 518, 924}));
  EXPECT_NEAR(t[0][0][10][10].item<double>(), (0.0 - 0.485) / 0.229, 1e-4);
  EXPECT_NEAR(t[0][2][10][10].item<double>(), (1.0 - 0.406) / 0.225, 1e-4);
  EXPECT_THROW(depthPreprocess(cv::Mat(10, 10, CV_8UC1)), std::invalid_argument);
}

TEST(DepthNormalize, MinMaxToUnitRange) {
  torch::Tensor n = normalizeDepthMinMax(torch::tensor({2.0f, 4.0f, 3.0f}));
  EXPECT_TRUE(torch::allclose(n, torch::tensor({0.0f, 1.0f, 0.5f})));
  EXPECT_EQ(normalizeDepthMinMax(torch::full({3}, 7.0f)).sum().item<float>(), 0.0f);
}

}  // namespace permanence::depth
