#pragma once
// DPT decoder head of Depth Anything V2 (depth_anything_v2/dpt.py and util/blocks.py)
// with the official parameter names (projects, resize_layers, scratch.*).
#include <torch/torch.h>

#include <utility>
#include <vector>

namespace permanence::depth {

struct ResidualConvUnitImpl : torch::nn::Module {
  explicit ResidualConvUnitImpl(int64_t features);
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
};
TORCH_MODULE(ResidualConvUnit);

// Adds an optional skip feature, refines, upsamples (bilinear, align_corners) to
// `size` (or 2x when size is empty) and projects with a 1x1 conv.
struct FeatureFusionBlockImpl : torch::nn::Module {
  explicit FeatureFusionBlockImpl(int64_t features);
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& skip, std::vector<int64_t> size);
  ResidualConvUnit resConfUnit1{nullptr}, resConfUnit2{nullptr};
  torch::nn::Conv2d out_conv{nullptr};
};
TORCH_MODULE(FeatureFusionBlock);

struct DptScratchImpl : torch::nn::Module {
  DptScratchImpl(const std::vector<int64_t>& outChannels, int64_t features);
  torch::nn::Conv2d layer1_rn{nullptr}, layer2_rn{nullptr}, layer3_rn{nullptr}, layer4_rn{nullptr};
  FeatureFusionBlock refinenet1{nullptr}, refinenet2{nullptr}, refinenet3{nullptr}, refinenet4{nullptr};
  torch::nn::Conv2d output_conv1{nullptr};
  torch::nn::Sequential output_conv2{nullptr};
};
TORCH_MODULE(DptScratch);

struct DptHeadImpl : torch::nn::Module {
  DptHeadImpl(int64_t inChannels, int64_t features, const std::vector<int64_t>& outChannels);

  // features: four (tokens (B, patches, C), cls) pairs; returns (B, 1, 14 patchH, 14 patchW).
  torch::Tensor forward(const std::vector<std::pair<torch::Tensor, torch::Tensor>>& features, int64_t patchH,
                        int64_t patchW);

  torch::nn::ModuleList projects, resize_layers;
  DptScratch scratch{nullptr};
};
TORCH_MODULE(DptHead);

}  // namespace permanence::depth
