#include "diffusion/autoencoder_kl_temporal_decoder.h"

#include "errors.h"

namespace permanence::diffusion {

namespace F = torch::nn::functional;

VaeConfig VaeConfig::fromJson(const nlohmann::json& config, const std::string& source) {
  VaeConfig c;
  try {
    c.inChannels = config.at("in_channels").get<int64_t>();
    c.outChannels = config.at("out_channels").get<int64_t>();
    c.latentChannels = config.at("latent_channels").get<int64_t>();
    c.layersPerBlock = config.at("layers_per_block").get<int64_t>();
    c.blockOutChannels = config.at("block_out_channels").get<std::vector<int64_t>>();
    c.scalingFactor = config.value("scaling_factor", 0.18215);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(source + ": invalid VAE config (" + e.what() + ")");
  }
  if (c.blockOutChannels.empty()) throw InputError(source + ": block_out_channels is empty");
  if (config.contains("down_block_types"))
    for (const auto& t : config["down_block_types"])
      if (t != "DownEncoderBlock2D") throw InputError(source + ": unsupported down block type " + t.dump());
  return c;
}

namespace {

// The decoder's resnets: spatial eps 1e-6, temporal eps 1e-5, mix_factor init 0,
// alpha applied to the temporal branch (switch_spatial_to_temporal_mix).
SpatioTemporalResBlock decoderResBlock(int64_t in, int64_t out) {
  return SpatioTemporalResBlock(in, out, std::nullopt, 1e-6, 1e-5, 0.0, true);
}

Attention vaeAttention(int64_t channels) {
  return Attention(channels, std::nullopt, 1, channels, true, 32, 1e-6);
}

template <typename M>
M registerSampler(torch::nn::Module& stage, const std::string& name, M sampler) {
  auto list = stage.register_module(name, std::make_shared<torch::nn::Module>());
  return list->register_module("0", sampler);
}

}  // namespace

VaeEncoderImpl::VaeEncoderImpl(const VaeConfig& c) {
  const auto& channels = c.blockOutChannels;
  conv_in = register_module("conv_in", conv2d(c.inChannels, channels[0], 3, 1, 1));
  int64_t out = channels[0];
  for (size_t i = 0; i < channels.size(); ++i) {
    const int64_t in = out;
    out = channels[i];
    auto stage = VaeStage();
    for (int64_t j = 0; j < c.layersPerBlock; ++j)
      stage->resnets->push_back(ResnetBlock2D(j == 0 ? in : out, out, std::nullopt, 1e-6));
    stage->register_module("resnets", stage->resnets);
    if (i + 1 < channels.size()) stage->downsampler = registerSampler(*stage, "downsamplers", Downsample2D(out, 0));
    down_blocks->push_back(stage);
  }
  register_module("down_blocks", down_blocks);
  mid_block = VaeStage();
  mid_block->attentions->push_back(vaeAttention(out));
  for (int j = 0; j < 2; ++j) mid_block->resnets->push_back(ResnetBlock2D(out, out, std::nullopt, 1e-6));
  mid_block->register_module("attentions", mid_block->attentions);
  mid_block->register_module("resnets", mid_block->resnets);
  register_module("mid_block", mid_block);
  conv_norm_out = register_module("conv_norm_out", groupNorm(out, 1e-6));
  conv_out = register_module("conv_out", conv2d(out, 2 * c.latentChannels, 3, 1, 1));
}

torch::Tensor VaeEncoderImpl::forward(const torch::Tensor& images, const RecordIntermediate& record) {
  torch::Tensor h = conv_in(images);
  for (size_t i = 0; i < down_blocks->size(); ++i) {
    auto& stage = *down_blocks[i]->as<VaeStage>();
    for (const auto& resnet : *stage.resnets) h = resnet->as<ResnetBlock2D>()->forward(h);
    if (stage.downsampler) h = stage.downsampler(h);
    if (record) record("encoder.down_blocks." + std::to_string(i), h);
  }
  h = mid_block->resnets[0]->as<ResnetBlock2D>()->forward(h);
  h = mid_block->attentions[0]->as<Attention>()->forwardImage(h);
  h = mid_block->resnets[1]->as<ResnetBlock2D>()->forward(h);
  if (record) record("encoder.mid_block", h);
  return conv_out(F::silu(conv_norm_out(h)));
}

TemporalDecoderImpl::TemporalDecoderImpl(const VaeConfig& c) {
  const auto& channels = c.blockOutChannels;
  const int64_t top = channels.back();
  conv_in = register_module("conv_in", conv2d(c.latentChannels, top, 3, 1, 1));
  mid_block = VaeStage();
  for (int64_t j = 0; j < c.layersPerBlock; ++j) mid_block->resnets->push_back(decoderResBlock(top, top));
  mid_block->attentions->push_back(vaeAttention(top));
  mid_block->register_module("resnets", mid_block->resnets);
  mid_block->register_module("attentions", mid_block->attentions);
  register_module("mid_block", mid_block);
  int64_t out = top;
  for (size_t i = 0; i < channels.size(); ++i) {
    const int64_t in = out;
    out = channels[channels.size() - 1 - i];
    auto stage = VaeStage();
    for (int64_t j = 0; j < c.layersPerBlock + 1; ++j) stage->resnets->push_back(decoderResBlock(j == 0 ? in : out, out));
    stage->register_module("resnets", stage->resnets);
    if (i + 1 < channels.size()) stage->upsampler = registerSampler(*stage, "upsamplers", Upsample2D(out));
    up_blocks->push_back(stage);
  }
  register_module("up_blocks", up_blocks);
  conv_norm_out = register_module("conv_norm_out", groupNorm(channels[0], 1e-6));
  conv_out = register_module("conv_out", conv2d(channels[0], c.outChannels, 3, 1, 1));
  time_conv_out = register_module(
      "time_conv_out", torch::nn::Conv3d(torch::nn::Conv3dOptions(c.outChannels, c.outChannels, {3, 1, 1}).padding({1, 0, 0})));
}

torch::Tensor TemporalDecoderImpl::forward(const torch::Tensor& latents, int64_t frames, const RecordIntermediate& record) {
  torch::Tensor h = conv_in(latents);
  if (record) record("decoder.conv_in", h);
  // diffusers pairs resnets[1:] with the attentions, so the attention only runs
  // when layers_per_block > 1.
  h = mid_block->resnets[0]->as<SpatioTemporalResBlock>()->forward(h, {}, frames);
  for (size_t j = 1; j < mid_block->resnets->size() && j - 1 < mid_block->attentions->size(); ++j) {
    h = mid_block->attentions[j - 1]->as<Attention>()->forwardImage(h);
    h = mid_block->resnets[j]->as<SpatioTemporalResBlock>()->forward(h, {}, frames);
  }
  if (record) record("decoder.mid_block", h);
  for (const auto& module : *up_blocks) {
    auto& stage = *module->as<VaeStage>();
    for (const auto& resnet : *stage.resnets) h = resnet->as<SpatioTemporalResBlock>()->forward(h, {}, frames);
    if (stage.upsampler) h = stage.upsampler(h);
  }
  h = conv_out(F::silu(conv_norm_out(h)));
  if (record) record("decoder.conv_out", h);
  return framesToBatch(time_conv_out(framesToChannelsFirst(h, frames)));
}

AutoencoderKLTemporalDecoderImpl::AutoencoderKLTemporalDecoderImpl(const VaeConfig& c) : config(c) {
  encoder = register_module("encoder", VaeEncoder(c));
  quant_conv = register_module("quant_conv", conv2d(2 * c.latentChannels, 2 * c.latentChannels, 1));
  decoder = register_module("decoder", TemporalDecoder(c));
}

LatentDistribution AutoencoderKLTemporalDecoderImpl::encode(const torch::Tensor& images, const RecordIntermediate& record) {
  torch::Tensor features = encoder(images, record);
  if (record) record("encoder", features);
  LatentDistribution d;
  d.moments = quant_conv(features);
  auto halves = d.moments.chunk(2, 1);
  d.mean = halves[0];
  d.logvar = halves[1].clamp(-30.0, 20.0);
  d.std = (0.5 * d.logvar).exp();
  return d;
}

torch::Tensor AutoencoderKLTemporalDecoderImpl::decode(const torch::Tensor& latents, int64_t frames,
                                                       const RecordIntermediate& record) {
  TORCH_CHECK(frames > 0 && latents.size(0) % frames == 0, "VAE decode: rows must be a multiple of frames");
  return decoder(latents, frames, record);
}

torch::Tensor AutoencoderKLTemporalDecoderImpl::decodeInChunks(const torch::Tensor& latents, int64_t chunkSize) {
  std::vector<torch::Tensor> parts;
  for (int64_t start = 0; start < latents.size(0); start += chunkSize) {
    torch::Tensor chunk = latents.slice(0, start, std::min(latents.size(0), start + chunkSize));
    parts.push_back(decode(chunk, chunk.size(0)));
  }
  return torch::cat(parts, 0);
}

}  // namespace permanence::diffusion
