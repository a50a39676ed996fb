#include "nn/layers.h"

namespace permanence::nn {

torch::nn::LayerNorm layerNorm(int64_t dim, double eps) {
  return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(eps));
}

LayerNorm2dImpl::LayerNorm2dImpl(int64_t channels, double eps) : eps(eps) {
  weight = register_parameter("weight", torch::ones({channels}));
  bias = register_parameter("bias", torch::zeros({channels}));
}

torch::Tensor LayerNorm2dImpl::forward(const torch::Tensor& x) {
  torch::Tensor mean = x.mean(1, true);
  torch::Tensor centred = x - mean;
  torch::Tensor variance = centred.pow(2).mean(1, true);
  torch::Tensor normed = centred / torch::sqrt(variance + eps);
  return weight.view({-1, 1, 1}) * normed + bias.view({-1, 1, 1});
}

}  // namespace permanence::nn
