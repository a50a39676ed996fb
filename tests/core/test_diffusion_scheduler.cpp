// EulerScheduler against diffusers' EulerDiscreteScheduler on SVD-xt's config.
#include <gtest/gtest.h>

#include <fstream>

#include "diffusion/euler_scheduler.h"
#include "diffusion_golden.h"
#include "errors.h"

namespace permanence::diffusion {
namespace {

constexpr double kAtol = 1e-5, kRtol = 1e-5;

EulerScheduler goldenScheduler() {
  auto path = test::goldenDir() / "scheduler.config.json";
  nlohmann::json config = nlohmann::json::parse(std::ifstream(path))["from_config"];
  EulerScheduler scheduler(config, path.string());
  scheduler.setTimesteps(25);
  return scheduler;
}

class SchedulerGolden : public ::testing::Test {
 protected:
  void SetUp() override {
    if (test::goldenDir().empty()) GTEST_SKIP() << "../shared/golden absent: scheduler parity not checked";
  }
};

TEST_F(SchedulerGolden, SigmasTimestepsAndInitNoise) {
  auto expected = test::loadGolden("scheduler", "expected");
  auto s = goldenScheduler();
  EXPECT_TRUE(test::matchesGolden("sigmas", s.sigmas(), expected["sigmas"], 0, 1.2e-7));
  EXPECT_TRUE(test::matchesGolden("timesteps", s.timesteps(), expected["timesteps"], 0, 1.2e-7));
  EXPECT_EQ(s.initNoiseSigma(), expected["init_noise_sigma"][0].item<float>());
}

TEST_F(SchedulerGolden, SingleSteps) {
  auto inputs = test::loadGolden("scheduler", "inputs");
  auto expected = test::loadGolden("scheduler", "expected");
  for (int n : {0, 12, 24}) {
    auto s = goldenScheduler();
    std::string key = "step" + std::to_string(n);
    EXPECT_TRUE(test::matchesGolden(key + ".scale_model_input", s.scaleModelInput(inputs["latent"], n),
                                    expected[key + ".scale_model_input"], kAtol, kRtol));
    EulerStep r = s.step(inputs["model_output"], n, inputs["latent"]);
    EXPECT_TRUE(test::matchesGolden(key + ".prev_sample", r.prevSample, expected[key + ".prev_sample"], kAtol, kRtol));
    EXPECT_TRUE(test::matchesGolden(key + ".pred_original_sample", r.predOriginalSample,
                                    expected[key + ".pred_original_sample"], kAtol, kRtol));
  }
}

TEST_F(SchedulerGolden, FullLoopWithFakeModel) {
  auto inputs = test::loadGolden("scheduler", "inputs");
  auto trajectory = test::loadGolden("scheduler", "expected")["loop.trajectory"];
  auto s = goldenScheduler();
  torch::Tensor x = inputs["loop.noise"] * s.initNoiseSigma();
  EXPECT_TRUE(test::matchesGolden("loop.trajectory[0]", x, trajectory[0], kAtol, kRtol));
  for (int k = 0; k < 25; ++k) {
    torch::Tensor t = s.timesteps()[k];
    torch::Tensor modelOutput = 0.5 * torch::tanh(s.scaleModelInput(x, k)) + 0.1 * t;
    x = s.step(modelOutput, k, x).prevSample;
    EXPECT_TRUE(test::matchesGolden("loop.trajectory[" + std::to_string(k + 1) + "]", x, trajectory[k + 1], kAtol, kRtol));
  }
}

TEST(EulerScheduler, PreconditioningMatchesStep) {
  EulerScheduler s({{"prediction_type", "v_prediction"}, {"use_karras_sigmas", true}, {"sigma_min", 0.002},
                    {"sigma_max", 700.0}, {"timestep_spacing", "leading"}, {"timestep_type", "continuous"}},
                   "config");
  s.setTimesteps(5);
  torch::manual_seed(1);
  torch::Tensor x = torch::randn({2, 3}), v = torch::randn({2, 3});
  torch::Tensor x0 = s.cSkip(2) * x + s.cOut(2) * v;
  EXPECT_TRUE(torch::allclose(s.step(v, 2, x).predOriginalSample, x0, 1e-5, 1e-6));
  EXPECT_TRUE(torch::allclose(s.scaleModelInput(x, 2), s.cIn(2) * x));
  EXPECT_TRUE(torch::allclose(s.cNoise(2), 0.25 * s.sigmas()[2].log()));
}

TEST(EulerScheduler, RefusesUnsupportedConfig) {
  EXPECT_THROW(EulerScheduler({{"prediction_type", "epsilon"}, {"sigma_min", 0.002}, {"sigma_max", 700.0}}, "c"),
               InputError);
  EXPECT_THROW(EulerScheduler({{"prediction_type", "v_prediction"}, {"sigma_max", 700.0}}, "c"), InputError);
}

}  // namespace
}  // namespace permanence::diffusion
