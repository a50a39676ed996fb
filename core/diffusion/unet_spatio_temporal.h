#pragma once
// UNetSpatioTemporalConditionModel (diffusers 0.29.1, SVD's denoiser) with the
// reference parameter names, configured from its config.json.
#include <torch/torch.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "diffusion/resnet_blocks.h"
#include "diffusion/transformer_blocks.h"

namespace permanence::diffusion {

// Receives a submodule's output under its module path (e.g. "down_blocks.0"), the
// C++ counterpart of a forward hook; used by parity tests.
using RecordIntermediate = std::function<void(const std::string& path, const torch::Tensor& value)>;

struct UNetConfig {
  int64_t inChannels = 8, outChannels = 4;
  std::vector<std::string> downBlockTypes, upBlockTypes;
  std::vector<int64_t> blockOutChannels, layersPerBlock, transformerLayersPerBlock, numAttentionHeads,
      crossAttentionDim;
  int64_t additionTimeEmbedDim = 256, projectionClassEmbeddingsInputDim = 768;
  // Diffusion-VAS adds `conv_in2`, an input conv for its 12-channel input (noisy
  // latent | modal-mask latent | depth latent); 0 = absent. Its checkpoints carry
  // `conv_in2.weight`, so a loader sets this from that tensor's shape
  // (extraInputChannelsOf) before building the model.
  int64_t extraInChannels = 0;

  // Reads diffusers' config.json fields; ints given for per-block lists are broadcast.
  static UNetConfig fromJson(const nlohmann::json& config, const std::string& source);
};

// One down or up stage: SpatioTemporalResBlocks, optionally each followed by a
// TransformerSpatioTemporalModel, then an optional down/upsampler.
struct SpatioTemporalStageImpl : torch::nn::Module {
  torch::nn::ModuleList resnets, attentions;
  Downsample2D downsampler{nullptr};
  Upsample2D upsampler{nullptr};
};
TORCH_MODULE(SpatioTemporalStage);

struct UNetSpatioTemporalConditionModelImpl : torch::nn::Module {
  explicit UNetSpatioTemporalConditionModelImpl(const UNetConfig& config);

  // sample (batch, frames, C, H, W), C = in_channels (through conv_in) or
  // extraInChannels (through conv_in2); timestep 0-dim, (1,) or (batch,); context
  // (batch, tokens, crossDim) or one per frame (batch*frames, tokens, crossDim); addedTimeIds (batch, 3). Returns (batch, frames, out, H, W).
  torch::Tensor forward(const torch::Tensor& sample, const torch::Tensor& timestep, const torch::Tensor& context,
                        const torch::Tensor& addedTimeIds, const RecordIntermediate& record = {});

  UNetConfig config;
  torch::nn::Conv2d conv_in{nullptr}, conv_in2{nullptr}, conv_out{nullptr};
  TimestepEmbedding time_embedding{nullptr}, add_embedding{nullptr};
  torch::nn::ModuleList down_blocks, up_blocks;
  SpatioTemporalStage mid_block{nullptr};
  torch::nn::GroupNorm conv_norm_out{nullptr};
};
TORCH_MODULE(UNetSpatioTemporalConditionModel);

// Input channels of `conv_in2.weight` in a checkpoint's tensors, 0 when absent.
int64_t extraInputChannelsOf(const std::vector<int64_t>& conv_in2WeightShape);

}  // namespace permanence::diffusion
