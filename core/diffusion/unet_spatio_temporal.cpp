#include "diffusion/unet_spatio_temporal.h"

#include "errors.h"

namespace permanence::diffusion {

namespace F = torch::nn::functional;

namespace {

std::vector<int64_t> perBlock(const nlohmann::json& config, const std::string& key, size_t blocks,
                              const std::string& source) {
  if (!config.contains(key)) throw InputError(source + ": '" + key + "' is missing");
  const auto& value = config[key];
  if (value.is_number_integer()) return std::vector<int64_t>(blocks, value.get<int64_t>());
  if (!value.is_array() || value.size() != blocks)
    throw InputError(source + ": '" + key + "' must be an integer or a list of " + std::to_string(blocks));
  std::vector<int64_t> out;
  for (const auto& v : value) {
    if (!v.is_number_integer()) throw InputError(source + ": '" + key + "' holds a non-integer");
    out.push_back(v.get<int64_t>());
  }
  return out;
}

int64_t integer(const nlohmann::json& config, const std::string& key, const std::string& source) {
  if (!config.contains(key) || !config[key].is_number_integer())
    throw InputError(source + ": '" + key + "' is missing or not an integer");
  return config[key].get<int64_t>();
}

std::vector<std::string> strings(const nlohmann::json& config, const std::string& key, const std::string& source) {
  if (!config.contains(key) || !config[key].is_array()) throw InputError(source + ": '" + key + "' is missing");
  return config[key].get<std::vector<std::string>>();
}

}  // namespace

UNetConfig UNetConfig::fromJson(const nlohmann::json& config, const std::string& source) {
  UNetConfig c;
  c.inChannels = integer(config, "in_channels", source);
  c.outChannels = integer(config, "out_channels", source);
  c.downBlockTypes = strings(config, "down_block_types", source);
  c.upBlockTypes = strings(config, "up_block_types", source);
  const size_t blocks = c.downBlockTypes.size();
  c.blockOutChannels = perBlock(config, "block_out_channels", blocks, source);
  c.layersPerBlock = perBlock(config, "layers_per_block", blocks, source);
  c.transformerLayersPerBlock = perBlock(config, "transformer_layers_per_block", blocks, source);
  c.numAttentionHeads = perBlock(config, "num_attention_heads", blocks, source);
  c.crossAttentionDim = perBlock(config, "cross_attention_dim", blocks, source);
  c.additionTimeEmbedDim = integer(config, "addition_time_embed_dim", source);
  c.projectionClassEmbeddingsInputDim = integer(config, "projection_class_embeddings_input_dim", source);
  if (blocks == 0 || c.upBlockTypes.size() != blocks)
    throw InputError(source + ": down_block_types and up_block_types must have the same, non-zero length");
  for (const auto& t : c.downBlockTypes)
    if (t != "CrossAttnDownBlockSpatioTemporal" && t != "DownBlockSpatioTemporal")
      throw InputError(source + ": unsupported down block type '" + t + "'");
  for (const auto& t : c.upBlockTypes)
    if (t != "CrossAttnUpBlockSpatioTemporal" && t != "UpBlockSpatioTemporal")
      throw InputError(source + ": unsupported up block type '" + t + "'");
  return c;
}

namespace {

SpatioTemporalResBlock resBlock(int64_t in, int64_t out, int64_t temb, double eps) {
  return SpatioTemporalResBlock(in, out, temb, eps, eps, 0.5, false);
}

TransformerSpatioTemporalModel transformer(int64_t channels, int64_t heads, int64_t layers, int64_t crossDim) {
  return TransformerSpatioTemporalModel(heads, channels / heads, channels, layers, crossDim);
}

void finishStage(SpatioTemporalStageImpl& stage) {
  stage.register_module("resnets", stage.resnets);
  if (!stage.attentions->is_empty()) stage.register_module("attentions", stage.attentions);
}

template <typename M>
void registerSampler(SpatioTemporalStageImpl& stage, const std::string& name, M& slot, M sampler) {
  auto list = stage.register_module(name, std::make_shared<torch::nn::Module>());
  slot = list->register_module("0", sampler);
}

// Runs resnet i then (when present) attention i, as every SVD block does.
torch::Tensor runLayer(SpatioTemporalStageImpl& stage, size_t i, torch::Tensor h, const torch::Tensor& temb,
                       const torch::Tensor& context, int64_t frames) {
  h = stage.resnets[i]->as<SpatioTemporalResBlock>()->forward(h, temb, frames);
  if (!stage.attentions->is_empty())
    h = stage.attentions[i]->as<TransformerSpatioTemporalModel>()->forward(h, context, frames);
  return h;
}

}  // namespace

UNetSpatioTemporalConditionModelImpl::UNetSpatioTemporalConditionModelImpl(const UNetConfig& c) : config(c) {
  const auto& channels = c.blockOutChannels;
  const int64_t temb = 4 * channels[0];
  const size_t blocks = channels.size();
  conv_in = register_module("conv_in", conv2d(c.inChannels, channels[0], 3, 1, 1));
  if (c.extraInChannels > 0) conv_in2 = register_module("conv_in2", conv2d(c.extraInChannels, channels[0], 3, 1, 1));
  time_embedding = register_module("time_embedding", TimestepEmbedding(channels[0], temb, temb));
  add_embedding = register_module("add_embedding", TimestepEmbedding(c.projectionClassEmbeddingsInputDim, temb, temb));

  int64_t outChannels = channels[0];
  for (size_t i = 0; i < blocks; ++i) {
    const int64_t inChannels = outChannels;
    outChannels = channels[i];
    const bool cross = c.downBlockTypes[i] == "CrossAttnDownBlockSpatioTemporal";
    auto stage = SpatioTemporalStage();
    for (int64_t j = 0; j < c.layersPerBlock[i]; ++j) {
      stage->resnets->push_back(resBlock(j == 0 ? inChannels : outChannels, outChannels, temb, cross ? 1e-6 : 1e-5));
      if (cross)
        stage->attentions->push_back(transformer(outChannels, c.numAttentionHeads[i], c.transformerLayersPerBlock[i],
                                                 c.crossAttentionDim[i]));
    }
    finishStage(*stage);
    if (i + 1 < blocks) registerSampler(*stage, "downsamplers", stage->downsampler, Downsample2D(outChannels, 1));
    down_blocks->push_back(stage);
  }
  register_module("down_blocks", down_blocks);

  mid_block = SpatioTemporalStage();
  // resnet, then one (transformer, resnet) pair
  for (int j = 0; j < 2; ++j) mid_block->resnets->push_back(resBlock(channels.back(), channels.back(), temb, 1e-5));
  mid_block->attentions->push_back(transformer(channels.back(), c.numAttentionHeads.back(),
                                               c.transformerLayersPerBlock.back(), c.crossAttentionDim.back()));
  finishStage(*mid_block);
  register_module("mid_block", mid_block);

  outChannels = channels.back();
  for (size_t i = 0; i < blocks; ++i) {
    const size_t r = blocks - 1 - i;  // reversed index
    const int64_t prevOutput = outChannels;
    outChannels = channels[r];
    const int64_t inChannels = channels[r == 0 ? 0 : r - 1];
    const bool cross = c.upBlockTypes[i] == "CrossAttnUpBlockSpatioTemporal";
    const int64_t layers = c.layersPerBlock[r] + 1;
    auto stage = SpatioTemporalStage();
    for (int64_t j = 0; j < layers; ++j) {
      const int64_t skip = j == layers - 1 ? inChannels : outChannels;
      const int64_t resIn = j == 0 ? prevOutput : outChannels;
      stage->resnets->push_back(resBlock(resIn + skip, outChannels, temb, 1e-6));
      if (cross)
        stage->attentions->push_back(transformer(outChannels, c.numAttentionHeads[r], c.transformerLayersPerBlock[r],
                                                 c.crossAttentionDim[r]));
    }
    finishStage(*stage);
    if (i + 1 < blocks) registerSampler(*stage, "upsamplers", stage->upsampler, Upsample2D(outChannels));
    up_blocks->push_back(stage);
  }
  register_module("up_blocks", up_blocks);

  conv_norm_out = register_module("conv_norm_out", groupNorm(channels[0], 1e-5));
  conv_out = register_module("conv_out", conv2d(channels[0], c.outChannels, 3, 1, 1));
}

torch::Tensor UNetSpatioTemporalConditionModelImpl::forward(const torch::Tensor& sample, const torch::Tensor& timestep,
                                                            const torch::Tensor& context,
                                                            const torch::Tensor& addedTimeIds,
                                                            const RecordIntermediate& record) {
  TORCH_CHECK(sample.dim() == 5, "UNet: sample must be (batch, frames, C, H, W)");
  const int64_t batch = sample.size(0), frames = sample.size(1);
  const auto note = [&](const std::string& path, const torch::Tensor& value) {
    if (record) record(path, value);
  };

  torch::Tensor steps = timestep.reshape({-1}).to(sample.device()).expand({batch});
  torch::Tensor emb = time_embedding(sinusoidalEmbedding(steps, config.blockOutChannels[0]).to(sample.dtype()));
  note("time_embedding", emb);
  torch::Tensor timeIds = sinusoidalEmbedding(addedTimeIds.flatten(), config.additionTimeEmbedDim).reshape({batch, -1});
  torch::Tensor addEmb = add_embedding(timeIds.to(sample.dtype()));
  note("add_embedding", addEmb);
  emb = (emb + addEmb).repeat_interleave(frames, 0);
  // SVD gives one context per video (repeated for each frame); Diffusion-VAS gives one
  // per frame (batch*frames rows, frame-major within each video).
  TORCH_CHECK(context.size(0) == batch || context.size(0) == batch * frames,
              "UNet: context must have batch or batch*frames rows");
  torch::Tensor ctx = context.size(0) == batch ? context.repeat_interleave(frames, 0) : context;

  const int64_t channels = sample.size(2);
  if (channels != config.inChannels && (!conv_in2 || channels != config.extraInChannels))
    throw InputError("UNet: sample has " + std::to_string(channels) + " channels; the model takes " +
                     std::to_string(config.inChannels) +
                     (conv_in2 ? " or " + std::to_string(config.extraInChannels) : std::string()));
  torch::Tensor h = (channels == config.inChannels ? conv_in : conv_in2)(sample.flatten(0, 1));
  std::vector<torch::Tensor> skips{h};
  for (size_t i = 0; i < down_blocks->size(); ++i) {
    auto& stage = *down_blocks[i]->as<SpatioTemporalStage>();
    for (size_t j = 0; j < stage.resnets->size(); ++j) {
      h = runLayer(stage, j, h, emb, ctx, frames);
      skips.push_back(h);
    }
    if (stage.downsampler) {
      h = stage.downsampler(h);
      skips.push_back(h);
    }
    note("down_blocks." + std::to_string(i), h);
  }

  h = mid_block->resnets[0]->as<SpatioTemporalResBlock>()->forward(h, emb, frames);
  for (size_t j = 0; j < mid_block->attentions->size(); ++j) {
    h = mid_block->attentions[j]->as<TransformerSpatioTemporalModel>()->forward(h, ctx, frames);
    h = mid_block->resnets[j + 1]->as<SpatioTemporalResBlock>()->forward(h, emb, frames);
  }
  note("mid_block", h);

  for (size_t i = 0; i < up_blocks->size(); ++i) {
    auto& stage = *up_blocks[i]->as<SpatioTemporalStage>();
    for (size_t j = 0; j < stage.resnets->size(); ++j) {
      h = torch::cat({h, skips.back()}, 1);
      skips.pop_back();
      h = runLayer(stage, j, h, emb, ctx, frames);
    }
    if (stage.upsampler) h = stage.upsampler(h);
    note("up_blocks." + std::to_string(i), h);
  }

  h = conv_out(F::silu(conv_norm_out(h)));
  note("conv_out", h);
  return h.reshape({batch, frames, h.size(1), h.size(2), h.size(3)});
}

int64_t extraInputChannelsOf(const std::vector<int64_t>& shape) { return shape.size() == 4 ? shape[1] : 0; }

}  // namespace permanence::diffusion
