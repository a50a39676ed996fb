#pragma once
// SAM 2's image encoder (sam2/modeling/backbones/image_encoder.py): the Hiera trunk and
// the FPN neck, whose lowest level is dropped (scalp 1).
#include <torch/torch.h>

#include <vector>

#include "sam2/hiera.h"
#include "sam2/sam2_config.h"

namespace permanence::sam2 {

// FpnNeck: a 1x1 lateral conv per trunk level (`convs.N.conv`, N = 0 for the lowest
// resolution); top-down nearest 2x upsampling is added on levels 2 and 3 only
// (fpn_top_down_levels), levels 0 and 1 keep their lateral features.
struct FpnNeckImpl : torch::nn::Module {
  FpnNeckImpl(int64_t dModel, const std::vector<int64_t>& backboneChannels);
  // Trunk outputs (highest resolution first) -> FPN features in the same order.
  // lateral, when given, receives the lateral conv outputs in convs order.
  std::vector<torch::Tensor> forward(const std::vector<torch::Tensor>& trunk, std::vector<torch::Tensor>* lateral = nullptr);
  torch::nn::ModuleList convs;
  int64_t dModel;
};
TORCH_MODULE(FpnNeck);

struct ImageEncoderOutput {
  std::vector<torch::Tensor> backboneFpn;    // 3 levels, strides 4, 8, 16, (B, d, h, w)
  std::vector<torch::Tensor> visionPosEnc;  // their sine position encodings, (B, d, h, w)
  torch::Tensor visionFeatures() const { return backboneFpn.back(); }
};

struct ImageEncoderTrace {
  HieraTrace trunk;
  std::vector<torch::Tensor> neckLateral;
};

struct ImageEncoderImpl : torch::nn::Module {
  explicit ImageEncoderImpl(const Sam2Config& config);
  ImageEncoderOutput forward(const torch::Tensor& image, ImageEncoderTrace* trace = nullptr);
  Hiera trunk{nullptr};
  FpnNeck neck{nullptr};
};
TORCH_MODULE(ImageEncoder);

}  // namespace permanence::sam2
