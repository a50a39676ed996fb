#pragma once
// Attention and transformer blocks of SVD's UNet and VAE with diffusers' parameter
// names (models/attention_processor.py, models/attention.py,
// models/transformers/transformer_temporal.py).
#include <torch/torch.h>

#include <optional>

#include "diffusion/resnet_blocks.h"

namespace permanence::diffusion {

// Multi-head attention: to_q/to_k/to_v (no bias unless `bias`), to_out.0. With
// normGroups it is the VAE's spatial self-attention block on (N, C, H, W): group_norm
// first and a residual connection.
struct AttentionImpl : torch::nn::Module {
  AttentionImpl(int64_t queryDim, std::optional<int64_t> crossDim, int64_t heads, int64_t headDim, bool bias,
                std::optional<int64_t> normGroups = std::nullopt, double normEps = 1e-5);
  // x (N, tokens, queryDim), context (N, contextTokens, crossDim) or undefined for self-attention.
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context = {});
  // The VAE form on images (N, C, H, W).
  torch::Tensor forwardImage(const torch::Tensor& x);
  torch::nn::Linear to_q{nullptr}, to_k{nullptr}, to_v{nullptr}, to_out_0{nullptr};
  torch::nn::GroupNorm group_norm{nullptr};
  int64_t heads;
};
TORCH_MODULE(Attention);

// FeedForward with GEGLU: net.0.proj -> value * gelu(gate) -> net.2.
struct FeedForwardImpl : torch::nn::Module {
  FeedForwardImpl(int64_t dim, int64_t outDim);
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::Linear proj{nullptr}, out{nullptr};
};
TORCH_MODULE(FeedForward);

// BasicTransformerBlock: self-attention, cross-attention, feed-forward, each pre-LayerNorm
// with a residual.
struct BasicTransformerBlockImpl : torch::nn::Module {
  BasicTransformerBlockImpl(int64_t dim, int64_t heads, int64_t headDim, int64_t crossDim);
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context);
  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr}, norm3{nullptr};
  Attention attn1{nullptr}, attn2{nullptr};
  FeedForward ff{nullptr};
};
TORCH_MODULE(BasicTransformerBlock);

// TemporalBasicTransformerBlock: the same over the frame axis of each spatial token,
// preceded by norm_in + ff_in.
struct TemporalBasicTransformerBlockImpl : torch::nn::Module {
  TemporalBasicTransformerBlockImpl(int64_t dim, int64_t heads, int64_t headDim, int64_t crossDim);
  // x (batch*frames, tokens, dim), context (batch*tokens, contextTokens, crossDim).
  torch::Tensor forward(const torch::Tensor& x, int64_t frames, const torch::Tensor& context);
  torch::nn::LayerNorm norm_in{nullptr}, norm1{nullptr}, norm2{nullptr}, norm3{nullptr};
  FeedForward ff_in{nullptr}, ff{nullptr};
  Attention attn1{nullptr}, attn2{nullptr};
};
TORCH_MODULE(TemporalBasicTransformerBlock);

// TransformerSpatioTemporalModel: GroupNorm, proj_in, spatial and temporal transformer
// blocks (with a frame position embedding) blended by an AlphaBlender, proj_out, residual.
struct TransformerSpatioTemporalModelImpl : torch::nn::Module {
  TransformerSpatioTemporalModelImpl(int64_t heads, int64_t headDim, int64_t inChannels, int64_t layers,
                                     int64_t crossDim);
  // x (batch*frames, C, H, W), context (batch*frames, tokens, crossDim).
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context, int64_t frames);
  torch::nn::GroupNorm norm{nullptr};
  torch::nn::Linear proj_in{nullptr}, proj_out{nullptr};
  torch::nn::ModuleList transformer_blocks, temporal_transformer_blocks;
  TimestepEmbedding time_pos_embed{nullptr};
  AlphaBlender time_mixer{nullptr};
  int64_t inChannels;
};
TORCH_MODULE(TransformerSpatioTemporalModel);

}  // namespace permanence::diffusion
