#pragma once
// DINOv2 ViT backbone as Depth Anything V2 ships it (DepthAnything/Depth-Anything-V2
// depth_anything_v2/dinov2.py), with its parameter names: patch 14, LayerScale, no
// register tokens, pos_embed for a 518x518 grid resized bicubically per input.
#include <torch/torch.h>

#include <utility>
#include <vector>

namespace permanence::depth {

struct DinoV2Config {
  int64_t embedDim = 384, depth = 12, numHeads = 6, mlpRatio = 4, patchSize = 14, imgSize = 518;
};

struct PatchEmbedImpl : torch::nn::Module {
  PatchEmbedImpl(int64_t patchSize, int64_t embedDim);
  torch::Tensor forward(const torch::Tensor& x);  // (B,3,H,W) -> (B, patches, C)
  torch::nn::Conv2d proj{nullptr};
};
TORCH_MODULE(PatchEmbed);

struct DinoAttentionImpl : torch::nn::Module {
  DinoAttentionImpl(int64_t dim, int64_t heads);
  torch::Tensor forward(const torch::Tensor& x);
  int64_t heads;
  torch::nn::Linear qkv{nullptr}, proj{nullptr};
};
TORCH_MODULE(DinoAttention);

struct DinoMlpImpl : torch::nn::Module {
  DinoMlpImpl(int64_t dim, int64_t hidden);
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(DinoMlp);

// Per-channel scale on a residual branch (parameter `gamma`).
struct LayerScaleImpl : torch::nn::Module {
  explicit LayerScaleImpl(int64_t dim);
  torch::Tensor forward(const torch::Tensor& x) { return x * gamma; }
  torch::Tensor gamma;
};
TORCH_MODULE(LayerScale);

struct DinoBlockImpl : torch::nn::Module {
  DinoBlockImpl(int64_t dim, int64_t heads, int64_t mlpRatio);
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr};
  DinoAttention attn{nullptr};
  LayerScale ls1{nullptr}, ls2{nullptr};
  DinoMlp mlp{nullptr};
};
TORCH_MODULE(DinoBlock);

struct DinoVisionTransformerImpl : torch::nn::Module {
  explicit DinoVisionTransformerImpl(const DinoV2Config& config);

  // The outputs of blocks `layers` after the final norm, each split into patch tokens
  // (B, patches, C) and the class token (B, C). H and W must be multiples of 14.
  std::vector<std::pair<torch::Tensor, torch::Tensor>> intermediateLayers(const torch::Tensor& image,
                                                                          const std::vector<int64_t>& layers);

  DinoV2Config config;
  torch::Tensor cls_token, pos_embed, mask_token;  // mask_token: in checkpoints, unused here
  PatchEmbed patch_embed{nullptr};
  torch::nn::ModuleList blocks;
  torch::nn::LayerNorm norm{nullptr};

 private:
  torch::Tensor positionEmbedding(int64_t height, int64_t width) const;
};
TORCH_MODULE(DinoVisionTransformer);

}  // namespace permanence::depth
