#pragma once
// sam2_utils.MLP: num_layers linear layers (`layers.N`), the activation between them,
// optionally a sigmoid at the end.
#include <torch/torch.h>

namespace permanence::sam2 {

enum class Activation { Relu, Gelu };

torch::Tensor activate(const torch::Tensor& x, Activation activation);

struct MlpImpl : torch::nn::Module {
  MlpImpl(int64_t inputDim, int64_t hiddenDim, int64_t outputDim, int64_t numLayers,
          Activation activation = Activation::Relu, bool sigmoidOutput = false);
  torch::Tensor forward(torch::Tensor x);
  torch::nn::ModuleList layers;
  Activation activation;
  bool sigmoidOutput;
};
TORCH_MODULE(Mlp);

}  // namespace permanence::sam2
