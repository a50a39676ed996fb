// AutoencoderKLTemporalDecoder against diffusers 0.29.1 (../shared/golden/vae.*).
#include <gtest/gtest.h>

#include <fstream>

#include "diffusion/autoencoder_kl_temporal_decoder.h"
#include "diffusion_golden.h"
#include "nn/state_dict.h"

namespace permanence::diffusion {
namespace {

constexpr double kTol = 1e-4;

class VaeGolden : public ::testing::Test {
 protected:
  void SetUp() override {
    if (test::goldenDir().empty()) GTEST_SKIP() << "../shared/golden absent: VAE parity not checked";
    auto path = test::goldenDir() / "vae.config.json";
    auto config = nlohmann::json::parse(std::ifstream(path))["resolved_config"];
    vae = AutoencoderKLTemporalDecoder(VaeConfig::fromJson(config, path.string()));
    nn::loadStateDict(*vae, (test::goldenDir() / "vae.weights.safetensors").string());
    vae->eval();
    inputs = test::loadGolden("vae", "inputs");
    expected = test::loadGolden("vae", "expected");
  }

  // Compares every recorded intermediate of `call` that the golden file holds.
  int checkIntermediates(const std::string& call, const std::map<std::string, torch::Tensor>& recorded) {
    int checked = 0;
    const std::string prefix = call + ".inter.";
    for (const auto& [key, value] : expected) {
      if (key.rfind(prefix, 0) != 0) continue;
      auto it = recorded.find(key.substr(prefix.size()));
      EXPECT_NE(it, recorded.end()) << "no intermediate recorded for " << key;
      if (it == recorded.end()) continue;
      EXPECT_TRUE(test::matchesGolden("vae " + key, it->second, value, kTol, kTol));
      ++checked;
    }
    return checked;
  }

  AutoencoderKLTemporalDecoder vae{nullptr};
  nn::TensorMap inputs, expected;
};

TEST_F(VaeGolden, EncodeMomentsMeanLogvarStdMode) {
  torch::NoGradGuard noGrad;
  std::map<std::string, torch::Tensor> recorded;
  auto d = vae->encode(inputs["encode.images"], [&](const std::string& p, const torch::Tensor& v) { recorded[p] = v; });
  EXPECT_TRUE(test::matchesGolden("vae encode.moments", d.moments, expected["encode.moments"], kTol, kTol));
  EXPECT_TRUE(test::matchesGolden("vae encode.mean", d.mean, expected["encode.mean"], kTol, kTol));
  EXPECT_TRUE(test::matchesGolden("vae encode.logvar", d.logvar, expected["encode.logvar"], kTol, kTol));
  EXPECT_TRUE(test::matchesGolden("vae encode.std", d.std, expected["encode.std"], kTol, kTol));
  EXPECT_TRUE(test::matchesGolden("vae encode.mode", d.mean, expected["encode.mode"], kTol, kTol));
  EXPECT_EQ(checkIntermediates("encode", recorded), 3);
}

TEST_F(VaeGolden, DecodeOneClip) {
  torch::NoGradGuard noGrad;
  std::map<std::string, torch::Tensor> recorded;
  torch::Tensor out =
      vae->decode(inputs["decode1.latents"], 3, [&](const std::string& p, const torch::Tensor& v) { recorded[p] = v; });
  EXPECT_TRUE(test::matchesGolden("vae decode1.out", out, expected["decode1.out"], kTol, kTol));
  EXPECT_EQ(checkIntermediates("decode1", recorded), 3);
}

TEST_F(VaeGolden, DecodeTwoClipsAndInChunks) {
  torch::NoGradGuard noGrad;
  EXPECT_TRUE(test::matchesGolden("vae decode2.out", vae->decode(inputs["decode2.latents"], 3),
                                  expected["decode2.out"], kTol, kTol));
  EXPECT_TRUE(test::matchesGolden("vae decode2.out (decode_chunk_size 3)", vae->decodeInChunks(inputs["decode2.latents"], 3),
                                  expected["decode2.out"], kTol, kTol));
}

}  // namespace
}  // namespace permanence::diffusion
