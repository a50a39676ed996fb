#include "diffusion/resnet_blocks.h"

#include <cmath>

namespace permanence::diffusion {

namespace F = torch::nn::functional;

torch::nn::GroupNorm groupNorm(int64_t channels, double eps, int64_t groups) {
  return torch::nn::GroupNorm(torch::nn::GroupNormOptions(groups, channels).eps(eps));
}

torch::nn::Conv2d conv2d(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding));
}

torch::Tensor sinusoidalEmbedding(const torch::Tensor& values, int64_t dim) {
  TORCH_CHECK(dim % 2 == 0, "sinusoidalEmbedding: even dimension expected");
  const int64_t half = dim / 2;
  torch::Tensor exponent = -std::log(10000.0) * torch::arange(half, torch::kFloat32) / static_cast<double>(half);
  torch::Tensor args = values.to(torch::kFloat32).unsqueeze(1) * exponent.exp().to(values.device()).unsqueeze(0);
  return torch::cat({args.cos(), args.sin()}, -1);
}

TimestepEmbeddingImpl::TimestepEmbeddingImpl(int64_t in, int64_t hidden, int64_t out) {
  linear_1 = register_module("linear_1", torch::nn::Linear(in, hidden));
  linear_2 = register_module("linear_2", torch::nn::Linear(hidden, out));
}

torch::Tensor TimestepEmbeddingImpl::forward(const torch::Tensor& x) {
  return linear_2(F::silu(linear_1(x)));
}

ResnetBlock2DImpl::ResnetBlock2DImpl(int64_t in, int64_t out, std::optional<int64_t> tembChannels, double eps) {
  norm1 = register_module("norm1", groupNorm(in, eps));
  conv1 = register_module("conv1", conv2d(in, out, 3, 1, 1));
  if (tembChannels) time_emb_proj = register_module("time_emb_proj", torch::nn::Linear(*tembChannels, out));
  norm2 = register_module("norm2", groupNorm(out, eps));
  conv2 = register_module("conv2", conv2d(out, out, 3, 1, 1));
  if (in != out) conv_shortcut = register_module("conv_shortcut", conv2d(in, out, 1));
}

torch::Tensor ResnetBlock2DImpl::forward(const torch::Tensor& x, const torch::Tensor& temb) {
  torch::Tensor h = conv1(F::silu(norm1(x)));
  if (time_emb_proj && temb.defined()) h = h + time_emb_proj(F::silu(temb)).unsqueeze(-1).unsqueeze(-1);
  h = conv2(F::silu(norm2(h)));
  return (conv_shortcut ? conv_shortcut(x) : x) + h;
}

namespace {
torch::nn::Conv3d temporalConv(int64_t in, int64_t out) {
  return torch::nn::Conv3d(torch::nn::Conv3dOptions(in, out, {3, 1, 1}).padding({1, 0, 0}));
}
}  // namespace

TemporalResnetBlockImpl::TemporalResnetBlockImpl(int64_t in, int64_t out, std::optional<int64_t> tembChannels,
                                                 double eps) {
  norm1 = register_module("norm1", groupNorm(in, eps));
  conv1 = register_module("conv1", temporalConv(in, out));
  if (tembChannels) time_emb_proj = register_module("time_emb_proj", torch::nn::Linear(*tembChannels, out));
  norm2 = register_module("norm2", groupNorm(out, eps));
  conv2 = register_module("conv2", temporalConv(out, out));
  if (in != out)
    conv_shortcut = register_module("conv_shortcut", torch::nn::Conv3d(torch::nn::Conv3dOptions(in, out, 1)));
}

torch::Tensor TemporalResnetBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& temb) {
  torch::Tensor h = conv1(F::silu(norm1(x)));
  if (time_emb_proj && temb.defined()) {
    // (batch, frames, C) -> (batch, C, frames, 1, 1)
    h = h + time_emb_proj(F::silu(temb)).permute({0, 2, 1}).unsqueeze(-1).unsqueeze(-1);
  }
  h = conv2(F::silu(norm2(h)));
  return (conv_shortcut ? conv_shortcut(x) : x) + h;
}

AlphaBlenderImpl::AlphaBlenderImpl(double alpha, bool switchSpatialToTemporal)
    : switchSpatialToTemporal(switchSpatialToTemporal) {
  mix_factor = register_parameter("mix_factor", torch::tensor({static_cast<float>(alpha)}));
}

torch::Tensor AlphaBlenderImpl::forward(const torch::Tensor& spatial, const torch::Tensor& temporal) {
  torch::Tensor alpha = torch::sigmoid(mix_factor);
  if (switchSpatialToTemporal) alpha = 1.0 - alpha;
  alpha = alpha.to(spatial.dtype());
  return alpha * spatial + (1.0 - alpha) * temporal;
}

SpatioTemporalResBlockImpl::SpatioTemporalResBlockImpl(int64_t in, int64_t out, std::optional<int64_t> tembChannels,
                                                       double eps, double temporalEps, double mergeFactor,
                                                       bool switchSpatialToTemporal) {
  spatial_res_block = register_module("spatial_res_block", ResnetBlock2D(in, out, tembChannels, eps));
  temporal_res_block =
      register_module("temporal_res_block", TemporalResnetBlock(out, out, tembChannels, temporalEps));
  time_mixer = register_module("time_mixer", AlphaBlender(mergeFactor, switchSpatialToTemporal));
}

torch::Tensor framesToChannelsFirst(const torch::Tensor& x, int64_t frames) {
  auto sizes = x.sizes().vec();
  sizes[0] /= frames;
  sizes.insert(sizes.begin() + 1, frames);
  return x.reshape(sizes).transpose(1, 2);
}

torch::Tensor framesToBatch(const torch::Tensor& x) {
  torch::Tensor t = x.transpose(1, 2);
  auto sizes = t.sizes().vec();
  sizes[1] *= sizes[0];
  sizes.erase(sizes.begin());
  return t.reshape(sizes);
}

torch::Tensor SpatioTemporalResBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& temb, int64_t frames) {
  torch::Tensor spatial = framesToChannelsFirst(spatial_res_block(x, temb), frames);
  torch::Tensor frameTemb = temb.defined() ? temb.reshape({temb.size(0) / frames, frames, -1}) : temb;
  torch::Tensor temporal = temporal_res_block(spatial, frameTemb);
  return framesToBatch(time_mixer(spatial, temporal));
}

Downsample2DImpl::Downsample2DImpl(int64_t channels, int64_t padding) : padding(padding) {
  conv = register_module("conv", conv2d(channels, channels, 3, 2, padding));
}

torch::Tensor Downsample2DImpl::forward(const torch::Tensor& x) {
  if (padding == 0) return conv(F::pad(x, F::PadFuncOptions({0, 1, 0, 1})));
  return conv(x);
}

Upsample2DImpl::Upsample2DImpl(int64_t channels) { conv = register_module("conv", conv2d(channels, channels, 3, 1, 1)); }

torch::Tensor Upsample2DImpl::forward(const torch::Tensor& x) {
  return conv(F::interpolate(x, F::InterpolateFuncOptions().scale_factor(std::vector<double>{2.0, 2.0})
                                    .mode(torch::kNearest)));
}

}  // namespace permanence::diffusion
