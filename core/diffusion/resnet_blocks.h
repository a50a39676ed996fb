#pragma once
// The convolutional building blocks of SVD's UNet and temporal VAE, with diffusers'
// parameter names (models/resnet.py, models/embeddings.py, models/downsampling.py,
// models/upsampling.py). Frames are folded into the batch: (batch*frames, C, H, W).
#include <torch/torch.h>

#include <optional>

namespace permanence::diffusion {

torch::nn::GroupNorm groupNorm(int64_t channels, double eps, int64_t groups = 32);
torch::nn::Conv2d conv2d(int64_t in, int64_t out, int64_t kernel, int64_t stride = 1, int64_t padding = 0);

// Sinusoidal embedding [cos | sin] of (N,) values (diffusers' Timesteps with
// flip_sin_to_cos=True, downscale_freq_shift=0).
torch::Tensor sinusoidalEmbedding(const torch::Tensor& values, int64_t dim);

// linear_1 -> SiLU -> linear_2.
struct TimestepEmbeddingImpl : torch::nn::Module {
  TimestepEmbeddingImpl(int64_t in, int64_t hidden, int64_t out);
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::Linear linear_1{nullptr}, linear_2{nullptr};
};
TORCH_MODULE(TimestepEmbedding);

// ResnetBlock2D: two GroupNorm-SiLU-conv3x3 stages, optional time embedding added
// between them, 1x1 shortcut when the channel count changes.
struct ResnetBlock2DImpl : torch::nn::Module {
  ResnetBlock2DImpl(int64_t in, int64_t out, std::optional<int64_t> tembChannels, double eps);
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& temb = {});
  torch::nn::GroupNorm norm1{nullptr}, norm2{nullptr};
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv_shortcut{nullptr};
  torch::nn::Linear time_emb_proj{nullptr};
};
TORCH_MODULE(ResnetBlock2D);

// TemporalResnetBlock: the same on (batch, C, frames, H, W) with (3,1,1) convs over time.
struct TemporalResnetBlockImpl : torch::nn::Module {
  TemporalResnetBlockImpl(int64_t in, int64_t out, std::optional<int64_t> tembChannels, double eps);
  // temb: (batch, frames, tembChannels) or undefined.
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& temb = {});
  torch::nn::GroupNorm norm1{nullptr}, norm2{nullptr};
  torch::nn::Conv3d conv1{nullptr}, conv2{nullptr}, conv_shortcut{nullptr};
  torch::nn::Linear time_emb_proj{nullptr};
};
TORCH_MODULE(TemporalResnetBlock);

// AlphaBlender with a learned mix_factor: alpha = sigmoid(mix_factor) (1 - that when
// switchSpatialToTemporal), out = alpha * spatial + (1 - alpha) * temporal. SVD always
// passes an all-zero image_only_indicator, for which 'learned_with_images' is the same.
struct AlphaBlenderImpl : torch::nn::Module {
  AlphaBlenderImpl(double alpha, bool switchSpatialToTemporal);
  torch::Tensor forward(const torch::Tensor& spatial, const torch::Tensor& temporal);
  torch::Tensor mix_factor;
  bool switchSpatialToTemporal;
};
TORCH_MODULE(AlphaBlender);

// SpatioTemporalResBlock: a ResnetBlock2D per frame, a TemporalResnetBlock across
// frames, blended by an AlphaBlender.
struct SpatioTemporalResBlockImpl : torch::nn::Module {
  SpatioTemporalResBlockImpl(int64_t in, int64_t out, std::optional<int64_t> tembChannels, double eps,
                             double temporalEps, double mergeFactor, bool switchSpatialToTemporal);
  // x (batch*frames, C, H, W), temb (batch*frames, tembChannels) or undefined.
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& temb, int64_t frames);
  ResnetBlock2D spatial_res_block{nullptr};
  TemporalResnetBlock temporal_res_block{nullptr};
  AlphaBlender time_mixer{nullptr};
};
TORCH_MODULE(SpatioTemporalResBlock);

// Downsample2D with a stride-2 3x3 conv; padding 0 pads right/bottom by one first.
struct Downsample2DImpl : torch::nn::Module {
  Downsample2DImpl(int64_t channels, int64_t padding);
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::Conv2d conv{nullptr};
  int64_t padding;
};
TORCH_MODULE(Downsample2D);

// Upsample2D: nearest x2 then a 3x3 conv.
struct Upsample2DImpl : torch::nn::Module {
  explicit Upsample2DImpl(int64_t channels);
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::Conv2d conv{nullptr};
};
TORCH_MODULE(Upsample2D);

// (batch*frames, ...) <-> (batch, C, frames, H, W) for the temporal layers.
torch::Tensor framesToChannelsFirst(const torch::Tensor& x, int64_t frames);
torch::Tensor framesToBatch(const torch::Tensor& x);

}  // namespace permanence::diffusion
