#pragma once
// The Euler sampler of Stable Video Diffusion: diffusers' EulerDiscreteScheduler with
// Karras sigmas, v-prediction and continuous timesteps (0.25 ln sigma), as configured
// by SVD's scheduler_config.json.
#include <torch/torch.h>

#include <nlohmann/json.hpp>
#include <string>

namespace permanence::diffusion {

struct EulerStep {
  torch::Tensor prevSample;
  torch::Tensor predOriginalSample;
};

class EulerScheduler {
 public:
  // Reads sigma_min, sigma_max, prediction_type, timestep_spacing, use_karras_sigmas,
  // timestep_type and final_sigmas_type; refuses configurations it does not implement.
  EulerScheduler(const nlohmann::json& config, const std::string& source);

  // Karras sigmas (rho 7) from sigma_max to sigma_min, computed in double then cast to
  // float32, followed by a final 0.
  void setTimesteps(int steps);

  const torch::Tensor& sigmas() const { return sigmas_; }        // (steps + 1) float32
  const torch::Tensor& timesteps() const { return timesteps_; }  // (steps) = 0.25 ln sigma
  // Scale of the initial noise: sqrt(sigma_max^2 + 1) for 'leading' spacing.
  float initNoiseSigma() const { return initNoiseSigma_; }

  // Preconditioning of the denoiser D(x) = c_skip x + c_out F(c_in x, c_noise).
  torch::Tensor cIn(int stepIndex) const;
  torch::Tensor cSkip(int stepIndex) const;
  torch::Tensor cOut(int stepIndex) const;
  torch::Tensor cNoise(int stepIndex) const { return timesteps_[stepIndex]; }

  torch::Tensor scaleModelInput(const torch::Tensor& sample, int stepIndex) const;
  EulerStep step(const torch::Tensor& modelOutput, int stepIndex, const torch::Tensor& sample) const;

 private:
  double sigmaMin_ = 0, sigmaMax_ = 0;
  bool leadingSpacing_ = true;
  torch::Tensor sigmas_, timesteps_;
  float initNoiseSigma_ = 1;
};

}  // namespace permanence::diffusion
