#pragma once
// The Hiera trunk of SAM 2 (sam2/modeling/backbones/hieradet.py and utils.py) with its
// parameter names: a 7x7 stride-4 patch embedding, a windowed position embedding and
// multi-scale blocks that pool their queries 2x2 at each stage change.
#include <torch/torch.h>

#include <utility>
#include <vector>

#include "sam2/mlp.h"
#include "sam2/sam2_config.h"

namespace permanence::sam2 {

// (B, H, W, C) -> windows (B * nWindows, ws, ws, C), zero-padding H and W up to
// multiples of ws; returns the padded size too.
std::pair<torch::Tensor, std::pair<int64_t, int64_t>> windowPartition(const torch::Tensor& x, int64_t windowSize);
// The inverse, cropping the padding: windows -> (B, H, W, C).
torch::Tensor windowUnpartition(const torch::Tensor& windows, int64_t windowSize, std::pair<int64_t, int64_t> padded,
                                std::pair<int64_t, int64_t> size);

struct HieraPatchEmbedImpl : torch::nn::Module {
  explicit HieraPatchEmbedImpl(int64_t embedDim);
  torch::Tensor forward(const torch::Tensor& image);  // (B, 3, H, W) -> (B, H/4, W/4, C)
  torch::nn::Conv2d proj{nullptr};
};
TORCH_MODULE(HieraPatchEmbed);

struct MultiScaleAttentionImpl : torch::nn::Module {
  MultiScaleAttentionImpl(int64_t dim, int64_t dimOut, int64_t heads, bool poolQueries);
  torch::Tensor forward(const torch::Tensor& x);  // (B, H, W, dim) -> (B, H', W', dimOut)
  torch::nn::Linear qkv{nullptr}, proj{nullptr};
  int64_t heads;
  bool poolQueries;
};
TORCH_MODULE(MultiScaleAttention);

struct MultiScaleBlockImpl : torch::nn::Module {
  MultiScaleBlockImpl(int64_t dim, int64_t dimOut, int64_t heads, bool poolQueries, int64_t windowSize);
  torch::Tensor forward(const torch::Tensor& x);  // (B, H, W, dim) -> (B, H', W', dimOut)
  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr};
  MultiScaleAttention attn{nullptr};
  Mlp mlp{nullptr};
  torch::nn::Linear proj{nullptr};  // only where dim != dimOut
  int64_t dim, dimOut, windowSize;
  bool poolQueries;
};
TORCH_MODULE(MultiScaleBlock);

// What Hiera::forward can report besides its outputs (for parity checks).
struct HieraTrace {
  torch::Tensor patchEmbed, posEmbed;  // (B, H/4, W/4, C), (1, H/4, W/4, C)
  std::vector<torch::Tensor> blocks;   // every block's output, (B, h, w, c)
};

struct HieraImpl : torch::nn::Module {
  explicit HieraImpl(const HieraConfig& config);
  // (B, 3, H, W) -> the output of each stage (B, C_i, H/4/2^i, W/4/2^i), highest
  // resolution first. H and W must be multiples of 32 (the window embedding tiles).
  std::vector<torch::Tensor> forward(const torch::Tensor& image, HieraTrace* trace = nullptr);
  // pos_embed resized bicubically to h x w plus the tiled window embedding, (1, h, w, C).
  torch::Tensor positionEmbedding(int64_t height, int64_t width) const;

  HieraConfig config;
  HieraPatchEmbed patch_embed{nullptr};
  torch::Tensor pos_embed, pos_embed_window;
  torch::nn::ModuleList blocks;
};
TORCH_MODULE(Hiera);

}  // namespace permanence::sam2
