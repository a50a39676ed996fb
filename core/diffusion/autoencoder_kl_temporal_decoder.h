#pragma once
// AutoencoderKLTemporalDecoder (diffusers 0.29.1, SVD's VAE): a 2-D KL encoder and a
// decoder with temporal mixing, with the reference parameter names.
#include <torch/torch.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "diffusion/resnet_blocks.h"
#include "diffusion/transformer_blocks.h"
#include "diffusion/unet_spatio_temporal.h"

namespace permanence::diffusion {

struct VaeConfig {
  int64_t inChannels = 3, outChannels = 3, latentChannels = 4, layersPerBlock = 1;
  std::vector<int64_t> blockOutChannels;
  double scalingFactor = 0.18215;
  static VaeConfig fromJson(const nlohmann::json& config, const std::string& source);
};

// The posterior N(mean, exp(logvar)) of the encoder; mode() is the mean.
struct LatentDistribution {
  torch::Tensor moments, mean, logvar, std;
};

// Resnets (+ attention for the mid block) + optional sampler, as in the VAE's blocks.
struct VaeStageImpl : torch::nn::Module {
  torch::nn::ModuleList resnets, attentions;
  Downsample2D downsampler{nullptr};
  Upsample2D upsampler{nullptr};
};
TORCH_MODULE(VaeStage);

struct VaeEncoderImpl : torch::nn::Module {
  explicit VaeEncoderImpl(const VaeConfig& config);
  torch::Tensor forward(const torch::Tensor& images, const RecordIntermediate& record);
  torch::nn::Conv2d conv_in{nullptr}, conv_out{nullptr};
  torch::nn::ModuleList down_blocks;
  VaeStage mid_block{nullptr};
  torch::nn::GroupNorm conv_norm_out{nullptr};
};
TORCH_MODULE(VaeEncoder);

struct TemporalDecoderImpl : torch::nn::Module {
  explicit TemporalDecoderImpl(const VaeConfig& config);
  // latents (clips*frames, C, h, w) -> images (clips*frames, 3, H, W)
  torch::Tensor forward(const torch::Tensor& latents, int64_t frames, const RecordIntermediate& record);
  torch::nn::Conv2d conv_in{nullptr}, conv_out{nullptr};
  torch::nn::Conv3d time_conv_out{nullptr};
  VaeStage mid_block{nullptr};
  torch::nn::ModuleList up_blocks;
  torch::nn::GroupNorm conv_norm_out{nullptr};
};
TORCH_MODULE(TemporalDecoder);

struct AutoencoderKLTemporalDecoderImpl : torch::nn::Module {
  explicit AutoencoderKLTemporalDecoderImpl(const VaeConfig& config);
  // images (N, 3, H, W) in [-1, 1]; logvar clamped to [-30, 20] as diffusers does.
  LatentDistribution encode(const torch::Tensor& images, const RecordIntermediate& record = {});
  // latents (clips*frames, C, h, w), frames consecutive rows per clip; no scaling applied.
  torch::Tensor decode(const torch::Tensor& latents, int64_t frames, const RecordIntermediate& record = {});
  // The SVD pipeline's decode: consecutive chunks of at most chunkSize rows, each
  // decoded as one clip.
  torch::Tensor decodeInChunks(const torch::Tensor& latents, int64_t chunkSize);

  VaeConfig config;
  VaeEncoder encoder{nullptr};
  torch::nn::Conv2d quant_conv{nullptr};
  TemporalDecoder decoder{nullptr};
};
TORCH_MODULE(AutoencoderKLTemporalDecoder);

}  // namespace permanence::diffusion
