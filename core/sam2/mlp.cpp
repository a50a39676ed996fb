#include "sam2/mlp.h"

namespace permanence::sam2 {

torch::Tensor activate(const torch::Tensor& x, Activation activation) {
  // nn.GELU's default is the exact (erf) form, which torch::gelu computes.
  return activation == Activation::Relu ? torch::relu(x) : torch::gelu(x);
}

MlpImpl::MlpImpl(int64_t inputDim, int64_t hiddenDim, int64_t outputDim, int64_t numLayers, Activation activation,
                 bool sigmoidOutput)
    : activation(activation), sigmoidOutput(sigmoidOutput) {
  layers = register_module("layers", torch::nn::ModuleList());
  for (int64_t i = 0; i < numLayers; ++i)
    layers->push_back(torch::nn::Linear(i == 0 ? inputDim : hiddenDim, i == numLayers - 1 ? outputDim : hiddenDim));
}

torch::Tensor MlpImpl::forward(torch::Tensor x) {
  const int64_t last = static_cast<int64_t>(layers->size()) - 1;
  for (int64_t i = 0; i <= last; ++i) {
    x = layers[i]->as<torch::nn::Linear>()->forward(x);
    if (i < last) x = activate(x, activation);
  }
  return sigmoidOutput ? torch::sigmoid(x) : x;
}

}  // namespace permanence::sam2
