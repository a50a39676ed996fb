#include "diffusion/euler_scheduler.h"

#include <cmath>

#include "errors.h"

namespace permanence::diffusion {
namespace {

void require(const nlohmann::json& config, const std::string& key, const nlohmann::json& expected,
             const std::string& source) {
  if (config.contains(key) && config[key] != expected)
    throw InputError(source + ": " + key + " = " + config[key].dump() + " is not supported (expected " +
                     expected.dump() + ")");
}

double number(const nlohmann::json& config, const std::string& key, const std::string& source) {
  if (!config.contains(key) || !config[key].is_number())
    throw InputError(source + ": '" + key + "' is missing or not a number");
  return config[key].get<double>();
}

}  // namespace

EulerScheduler::EulerScheduler(const nlohmann::json& config, const std::string& source) {
  require(config, "prediction_type", "v_prediction", source);
  require(config, "use_karras_sigmas", true, source);
  require(config, "timestep_type", "continuous", source);
  require(config, "final_sigmas_type", "zero", source);
  sigmaMin_ = number(config, "sigma_min", source);
  sigmaMax_ = number(config, "sigma_max", source);
  if (!(sigmaMin_ > 0 && sigmaMax_ > sigmaMin_))
    throw InputError(source + ": sigma_min and sigma_max must satisfy 0 < sigma_min < sigma_max");
  std::string spacing = config.value("timestep_spacing", "linspace");
  if (spacing != "leading" && spacing != "linspace" && spacing != "trailing")
    throw InputError(source + ": timestep_spacing '" + spacing + "' is not supported");
  leadingSpacing_ = spacing == "leading";
}

void EulerScheduler::setTimesteps(int steps) {
  TORCH_CHECK(steps >= 2, "EulerScheduler: at least 2 steps");
  constexpr double rho = 7.0;
  const double minInvRho = std::pow(sigmaMin_, 1.0 / rho), maxInvRho = std::pow(sigmaMax_, 1.0 / rho);
  std::vector<float> values;
  for (int i = 0; i < steps; ++i) {
    // numpy's linspace: i * step, with the last value exactly 1.
    double ramp = i == steps - 1 ? 1.0 : i * (1.0 / (steps - 1));
    values.push_back(static_cast<float>(std::pow(maxInvRho + ramp * (minInvRho - maxInvRho), rho)));
  }
  values.push_back(0.0f);
  sigmas_ = torch::tensor(values, torch::kFloat32);
  // float32 arithmetic from here on, as diffusers does it on the cast sigmas.
  timesteps_ = sigmas_.slice(0, 0, steps).log() * 0.25;
  torch::Tensor maxSigma = sigmas_.max();
  initNoiseSigma_ = (leadingSpacing_ ? (maxSigma * maxSigma + 1).sqrt() : maxSigma).item<float>();
}

torch::Tensor EulerScheduler::cIn(int stepIndex) const {
  torch::Tensor sigma = sigmas_[stepIndex];
  return 1 / (sigma * sigma + 1).sqrt();
}

torch::Tensor EulerScheduler::cSkip(int stepIndex) const {
  torch::Tensor sigma = sigmas_[stepIndex];
  return 1 / (sigma * sigma + 1);
}

torch::Tensor EulerScheduler::cOut(int stepIndex) const {
  torch::Tensor sigma = sigmas_[stepIndex];
  return -sigma / (sigma * sigma + 1).sqrt();
}

torch::Tensor EulerScheduler::scaleModelInput(const torch::Tensor& sample, int stepIndex) const {
  torch::Tensor sigma = sigmas_[stepIndex].to(sample.device());
  return sample / (sigma * sigma + 1).sqrt();
}

EulerStep EulerScheduler::step(const torch::Tensor& modelOutput, int stepIndex, const torch::Tensor& sample) const {
  TORCH_CHECK(stepIndex >= 0 && stepIndex + 1 < sigmas_.size(0), "EulerScheduler: step index out of range");
  torch::Tensor x = sample.to(torch::kFloat32);
  torch::Tensor sigma = sigmas_[stepIndex].to(x.device());
  torch::Tensor next = sigmas_[stepIndex + 1].to(x.device());
  torch::Tensor denominator = sigma * sigma + 1;
  // v-prediction: x0 = c_out * v + c_skip * x, written in diffusers' operation order.
  torch::Tensor predOriginal = modelOutput * (-sigma / denominator.sqrt()) + x / denominator;
  torch::Tensor derivative = (x - predOriginal) / sigma;
  return {x + derivative * (next - sigma), predOriginal};
}

}  // namespace permanence::diffusion
