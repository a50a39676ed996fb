#pragma once
// SAM 2's memory encoder (sam2/modeling/memory_encoder.py): the mask is downsampled
// 16x (MaskDownSampler), added to the projected image features, fused by two ConvNeXt
// blocks (Fuser of CXBlock) and projected to the memory width.
#include <torch/torch.h>

#include <vector>

#include "nn/layers.h"

namespace permanence::sam2 {

// Four conv 3x3/2 + LayerNorm2d + GELU stages (channels x4 each), then a 1x1 conv to
// embedDim; parameters `encoder.N` at Sequential indices.
struct MaskDownSamplerImpl : torch::nn::Module {
  explicit MaskDownSamplerImpl(int64_t embedDim);
  torch::Tensor forward(torch::Tensor x);
  std::vector<torch::nn::Conv2d> convs;
  std::vector<nn::LayerNorm2d> norms;
  torch::nn::Conv2d projection{nullptr};
};
TORCH_MODULE(MaskDownSampler);

// ConvNeXt block: depthwise 7x7 conv, LayerNorm2d, Linear x4, GELU, Linear, layer scale
// gamma, residual.
struct CXBlockImpl : torch::nn::Module {
  explicit CXBlockImpl(int64_t dim);
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::Conv2d dwconv{nullptr};
  nn::LayerNorm2d norm{nullptr};
  torch::nn::Linear pwconv1{nullptr}, pwconv2{nullptr};
  torch::Tensor gamma;
};
TORCH_MODULE(CXBlock);

struct MemoryEncoderTrace {
  torch::Tensor maskDownsampler, pixFeatProj, fuser, outProj;
};

struct MemoryEncoderOutput {
  torch::Tensor features;  // (B, outDim, h, w)
  torch::Tensor posEnc;    // (B, outDim, h, w) sine encoding
};

struct MemoryEncoderImpl : torch::nn::Module {
  MemoryEncoderImpl(int64_t inDim, int64_t outDim);
  // pixFeat (B, inDim, h, w); masks (B, 1, 16h, 16w) already scaled for the encoder
  // (skip_mask_sigmoid: SAM2Base applies its own sigmoid or binarisation).
  MemoryEncoderOutput forward(const torch::Tensor& pixFeat, const torch::Tensor& masks,
                              MemoryEncoderTrace* trace = nullptr);
  MaskDownSampler mask_downsampler{nullptr};
  torch::nn::Conv2d pix_feat_proj{nullptr}, out_proj{nullptr};
  torch::nn::ModuleList fuserLayers;
  int64_t outDim;
};
TORCH_MODULE(MemoryEncoder);

}  // namespace permanence::sam2
