#pragma once
// SAM's TwoWayTransformer (sam2/modeling/sam/transformer.py): prompt tokens and image
// tokens attend to each other, depth 2, 8 heads, MLP 2048, cross attention at half
// width.
#include <torch/torch.h>

#include <utility>

#include "sam2/mlp.h"
#include "sam2/sam_attention.h"

namespace permanence::sam2 {

struct TwoWayAttentionBlockImpl : torch::nn::Module {
  TwoWayAttentionBlockImpl(int64_t dim, int64_t heads, int64_t mlpDim, bool skipFirstLayerPe);
  std::pair<torch::Tensor, torch::Tensor> forward(torch::Tensor queries, torch::Tensor keys, const torch::Tensor& queryPe,
                                                  const torch::Tensor& keyPe);
  SamAttention self_attn{nullptr}, cross_attn_token_to_image{nullptr}, cross_attn_image_to_token{nullptr};
  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr}, norm3{nullptr}, norm4{nullptr};
  Mlp mlp{nullptr};
  bool skipFirstLayerPe;
};
TORCH_MODULE(TwoWayAttentionBlock);

struct TwoWayTransformerImpl : torch::nn::Module {
  explicit TwoWayTransformerImpl(int64_t dim);
  // image (B, C, h, w), imagePe (B, C, h, w), tokens (B, N, C) -> (tokens, image tokens (B, hw, C)).
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& image, const torch::Tensor& imagePe,
                                                  const torch::Tensor& tokens);
  torch::nn::ModuleList layers;
  SamAttention final_attn_token_to_image{nullptr};
  torch::nn::LayerNorm norm_final_attn{nullptr};
};
TORCH_MODULE(TwoWayTransformer);

}  // namespace permanence::sam2
