#include "sam2/image_encoder.h"

#include <algorithm>

#include "sam2/position_encoding.h"

namespace permanence::sam2 {
namespace {

namespace F = torch::nn::functional;

// Levels (0 = highest resolution) that receive the top-down features.
bool hasTopDown(int64_t level) { return level >= 2; }

}  // namespace

FpnNeckImpl::FpnNeckImpl(int64_t dModel, const std::vector<int64_t>& backboneChannels) : dModel(dModel) {
  convs = register_module("convs", torch::nn::ModuleList());
  for (size_t i = 0; i < backboneChannels.size(); ++i) {
    auto level = std::make_shared<torch::nn::Module>();
    level->register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(backboneChannels[i], dModel, 1)));
    convs->push_back(level);
  }
}

std::vector<torch::Tensor> FpnNeckImpl::forward(const std::vector<torch::Tensor>& trunk,
                                                std::vector<torch::Tensor>* lateral) {
  const int64_t n = static_cast<int64_t>(convs->size()) - 1;
  TORCH_CHECK(static_cast<int64_t>(trunk.size()) == n + 1, "FpnNeck: ", trunk.size(), " trunk levels for ", n + 1, " convs");
  std::vector<torch::Tensor> out(trunk.size());
  torch::Tensor previous;
  for (int64_t i = n; i >= 0; --i) {
    auto conv = convs[n - i]->named_children()["conv"]->as<torch::nn::Conv2d>();
    torch::Tensor lateralFeatures = conv->forward(trunk[i]);
    if (lateral) lateral->push_back(lateralFeatures);
    if (hasTopDown(i) && previous.defined()) {
      torch::Tensor topDown = F::interpolate(previous.to(torch::kFloat32), F::InterpolateFuncOptions()
                                                                              .scale_factor(std::vector<double>{2.0, 2.0})
                                                                              .mode(torch::kNearest));
      previous = lateralFeatures + topDown;
    } else {
      previous = lateralFeatures;
    }
    out[i] = previous;
  }
  return out;
}

ImageEncoderImpl::ImageEncoderImpl(const Sam2Config& c) {
  trunk = register_module("trunk", Hiera(c.trunk));
  std::vector<int64_t> channels = c.trunk.stageChannels();
  std::reverse(channels.begin(), channels.end());  // backbone_channel_list: lowest resolution first
  neck = register_module("neck", FpnNeck(c.hiddenDim, channels));
}

ImageEncoderOutput ImageEncoderImpl::forward(const torch::Tensor& image, ImageEncoderTrace* trace) {
  std::vector<torch::Tensor> levels =
      neck->forward(trunk->forward(image, trace ? &trace->trunk : nullptr), trace ? &trace->neckLateral : nullptr);
  levels.pop_back();  // scalp 1: the stride-32 level only fed the top-down path
  ImageEncoderOutput out;
  for (const torch::Tensor& level : levels) {
    out.visionPosEnc.push_back(
        sinePositionEmbedding(neck->dModel, level.size(2), level.size(3), level.options())
            .expand({level.size(0), -1, -1, -1})
            .to(level.scalar_type()));
  }
  out.backboneFpn = std::move(levels);
  return out;
}

}  // namespace permanence::sam2
