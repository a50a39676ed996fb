#pragma once
// Layers and naming helpers more than one model of the torch tier uses.
#include <torch/torch.h>

#include <string>

namespace permanence::nn {

// torch.nn.LayerNorm over the last dimension.
torch::nn::LayerNorm layerNorm(int64_t dim, double eps);

// LayerNorm over the channels of (N, C, H, W) ("LayerNorm2d" of SAM / ConvNeXt /
// detectron2): mean and biased variance over C, then weight and bias per channel.
struct LayerNorm2dImpl : torch::nn::Module {
  LayerNorm2dImpl(int64_t channels, double eps);
  torch::Tensor forward(const torch::Tensor& x);
  torch::Tensor weight, bias;
  double eps;
};
TORCH_MODULE(LayerNorm2d);

// Registers `child` under "parent.index", creating the plain container `parent` when
// needed: the names nn.ModuleList and nn.Sequential give their children, including
// the gaps that parameter-free entries (activations, dropout) leave in a Sequential.
template <typename M>
M registerIndexed(torch::nn::Module& self, const std::string& parent, int64_t index, M child) {
  auto container = self.named_children().contains(parent)
                       ? self.named_children()[parent]
                       : self.register_module(parent, std::make_shared<torch::nn::Module>());
  container->register_module(std::to_string(index), child);
  return child;
}

}  // namespace permanence::nn
