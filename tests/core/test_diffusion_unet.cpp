// UNetSpatioTemporalConditionModel against diffusers 0.29.1 (../shared/golden/unet.*).
#include <gtest/gtest.h>

#include <fstream>

#include "diffusion/unet_spatio_temporal.h"
#include "diffusion_golden.h"
#include "nn/state_dict.h"
#include "errors.h"

namespace permanence::diffusion {
namespace {

constexpr double kTol = 1e-4;

class UNetGolden : public ::testing::Test {
 protected:
  void SetUp() override {
    if (test::goldenDir().empty()) GTEST_SKIP() << "../shared/golden absent: UNet parity not checked";
    auto path = test::goldenDir() / "unet.config.json";
    config = nlohmann::json::parse(std::ifstream(path))["resolved_config"];
    unet = UNetSpatioTemporalConditionModel(UNetConfig::fromJson(config, path.string()));
    nn::loadStateDict(*unet, (test::goldenDir() / "unet.weights.safetensors").string());
    unet->eval();
    inputs = test::loadGolden("unet", "inputs");
    expected = test::loadGolden("unet", "expected");
  }

  torch::Tensor run(const std::string& c, const RecordIntermediate& record = {}) {
    torch::NoGradGuard noGrad;
    return unet->forward(inputs[c + ".sample"], inputs[c + ".timestep"], inputs[c + ".encoder_hidden_states"],
                         inputs[c + ".added_time_ids"], record);
  }

  nlohmann::json config;
  UNetSpatioTemporalConditionModel unet{nullptr};
  nn::TensorMap inputs, expected;
};

TEST_F(UNetGolden, Case1WithIntermediates) {
  std::map<std::string, torch::Tensor> recorded;
  torch::Tensor out = run("case1", [&](const std::string& path, const torch::Tensor& v) { recorded[path] = v; });
  EXPECT_TRUE(test::matchesGolden("unet case1.out", out, expected["case1.out"], kTol, kTol));
  int checked = 0;
  for (const auto& [key, value] : expected) {
    const std::string prefix = "case1.inter.";
    if (key.rfind(prefix, 0) != 0) continue;
    std::string path = key.substr(prefix.size());
    ASSERT_TRUE(recorded.count(path)) << "no intermediate recorded for " << path;
    EXPECT_TRUE(test::matchesGolden("unet " + key, recorded[path], value, kTol, kTol));
    ++checked;
  }
  EXPECT_EQ(checked, 8);
}

TEST_F(UNetGolden, Case2PerSampleTimesteps) {
  EXPECT_TRUE(test::matchesGolden("unet case2.out", run("case2"), expected["case2.out"], kTol, kTol));
}

TEST_F(UNetGolden, Case3ThreeTokenContext) {
  EXPECT_TRUE(test::matchesGolden("unet case3.out", run("case3"), expected["case3.out"], kTol, kTol));
}

TEST_F(UNetGolden, OneElementTimestepEqualsZeroDim) {
  torch::NoGradGuard noGrad;
  torch::Tensor a = run("case1");
  torch::Tensor b = unet->forward(inputs["case1.sample"], inputs["case1.timestep"].reshape({1}),
                                  inputs["case1.encoder_hidden_states"], inputs["case1.added_time_ids"]);
  EXPECT_TRUE(torch::equal(a, b));
}

TEST(UNetConfig, RefusesUnknownBlockTypes) {
  nlohmann::json c = {{"in_channels", 8}, {"out_channels", 4}, {"down_block_types", {"DownBlock2D"}},
                      {"up_block_types", {"UpBlockSpatioTemporal"}}, {"block_out_channels", {32}},
                      {"layers_per_block", 1}, {"transformer_layers_per_block", 1}, {"num_attention_heads", 2},
                      {"cross_attention_dim", 32}, {"addition_time_embed_dim", 8},
                      {"projection_class_embeddings_input_dim", 24}};
  EXPECT_THROW(UNetConfig::fromJson(c, "config.json"), InputError);
  c.erase("cross_attention_dim");
  c["down_block_types"] = {"DownBlockSpatioTemporal"};
  EXPECT_THROW(UNetConfig::fromJson(c, "config.json"), InputError);
}

TEST_F(UNetGolden, ConvIn2RoutesTheExtraInputChannels) {
  // A conv_in2 whose first 8 input channels copy conv_in and whose 4 extra ones are
  // zero must reproduce the 8-channel result from a 12-channel input.
  UNetConfig config = unet->config;
  config.extraInChannels = 12;
  UNetSpatioTemporalConditionModel wide(config);
  auto tensors = test::loadGolden("unet", "weights");
  torch::Tensor w = torch::zeros({tensors["conv_in.weight"].size(0), 12, 3, 3});
  w.narrow(1, 0, 8).copy_(tensors["conv_in.weight"]);
  tensors["conv_in2.weight"] = w;
  tensors["conv_in2.bias"] = tensors["conv_in.bias"];
  nn::loadStateDict(*wide, tensors, "golden unet + conv_in2");
  EXPECT_EQ(extraInputChannelsOf(w.sizes().vec()), 12);
  const auto in = test::loadGolden("unet", "inputs");
  const torch::Tensor sample = in.at("case2.sample");
  const torch::Tensor extra = torch::cat({sample, torch::randn({sample.size(0), sample.size(1), 4, sample.size(3), sample.size(4)})}, 2);
  torch::NoGradGuard noGrad;
  const torch::Tensor narrow = unet->forward(sample, in.at("case2.timestep"), in.at("case2.encoder_hidden_states"),
                                             in.at("case2.added_time_ids"));
  const torch::Tensor wideOut = wide->forward(extra, in.at("case2.timestep"), in.at("case2.encoder_hidden_states"),
                                              in.at("case2.added_time_ids"));
  EXPECT_LT((narrow - wideOut).abs().max().item<double>(), 1e-5);
  EXPECT_THROW(wide->forward(sample.narrow(2, 0, 5), in.at("case2.timestep"), in.at("case2.encoder_hidden_states"),
                             in.at("case2.added_time_ids")),
               InputError);
}

}  // namespace
}  // namespace permanence::diffusion
