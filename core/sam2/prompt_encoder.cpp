#include "sam2/prompt_encoder.h"

namespace permanence::sam2 {
namespace {

constexpr int64_t kPointEmbeddings = 4;  // negative, positive, box top-left, box bottom-right
constexpr int64_t kMaskInChannels = 16;  // SAM's mask_in_chans
constexpr double kLayerNorm2dEps = 1e-6;

}  // namespace

PromptEncoderImpl::PromptEncoderImpl(int64_t embedDim, int64_t embeddingSide, int64_t imageSize)
    : embedDim(embedDim), embeddingSide(embeddingSide), imageSize(imageSize) {
  pe_layer = register_module("pe_layer", RandomPositionEmbedding(embedDim / 2));
  point_embeddings = register_module("point_embeddings", torch::nn::ModuleList());
  for (int64_t i = 0; i < kPointEmbeddings; ++i) point_embeddings->push_back(torch::nn::Embedding(1, embedDim));
  not_a_point_embed = register_module("not_a_point_embed", torch::nn::Embedding(1, embedDim));
  // mask_downscaling: conv 2x2/2, LayerNorm2d, GELU, conv 2x2/2, LayerNorm2d, GELU, conv 1x1.
  const int64_t quarter = kMaskInChannels / 4;
  using torch::nn::Conv2dOptions;
  maskConv1 = nn::registerIndexed(*this, "mask_downscaling", 0, torch::nn::Conv2d(Conv2dOptions(1, quarter, 2).stride(2)));
  maskNorm1 = nn::registerIndexed(*this, "mask_downscaling", 1, nn::LayerNorm2d(quarter, kLayerNorm2dEps));
  maskConv2 = nn::registerIndexed(*this, "mask_downscaling", 3,
                                  torch::nn::Conv2d(Conv2dOptions(quarter, kMaskInChannels, 2).stride(2)));
  maskNorm2 = nn::registerIndexed(*this, "mask_downscaling", 4, nn::LayerNorm2d(kMaskInChannels, kLayerNorm2dEps));
  maskConv3 = nn::registerIndexed(*this, "mask_downscaling", 6, torch::nn::Conv2d(Conv2dOptions(kMaskInChannels, embedDim, 1)));
  no_mask_embed = register_module("no_mask_embed", torch::nn::Embedding(1, embedDim));
}

torch::Tensor PromptEncoderImpl::denseEmbedding() const { return pe_layer->dense(embeddingSide, embeddingSide).unsqueeze(0); }

torch::Tensor PromptEncoderImpl::embedPoints(const torch::Tensor& coords, const torch::Tensor& labels) {
  const int64_t b = coords.size(0);
  torch::Tensor points = torch::cat({coords + 0.5, torch::zeros({b, 1, 2}, coords.options())}, 1);
  torch::Tensor allLabels = torch::cat({labels.to(torch::kInt64), torch::full({b, 1}, kPaddingLabel, labels.options().dtype(torch::kInt64))}, 1);
  torch::Tensor embedding = pe_layer->withCoords(points, imageSize, imageSize);
  torch::Tensor isLabel = allLabels.unsqueeze(-1);
  embedding = torch::where(isLabel == kPaddingLabel, torch::zeros_like(embedding) + not_a_point_embed->weight, embedding);
  for (int64_t label = 0; label < kPointEmbeddings; ++label) {
    const auto& weight = point_embeddings[label]->as<torch::nn::Embedding>()->weight;
    embedding = torch::where(isLabel == label, embedding + weight, embedding);
  }
  return embedding;
}

torch::Tensor PromptEncoderImpl::embedMask(const torch::Tensor& masks) {
  torch::Tensor x = torch::gelu(maskNorm1(maskConv1(masks)));
  x = torch::gelu(maskNorm2(maskConv2(x)));
  return maskConv3(x);
}

std::pair<torch::Tensor, torch::Tensor> PromptEncoderImpl::forward(const torch::Tensor& coords, const torch::Tensor& labels,
                                                                   const torch::Tensor& masks) {
  torch::Tensor sparse = embedPoints(coords, labels);
  torch::Tensor dense = masks.defined() ? embedMask(masks)
                                        : no_mask_embed->weight.reshape({1, -1, 1, 1}).expand(
                                              {coords.size(0), -1, embeddingSide, embeddingSide});
  return {sparse, dense};
}

}  // namespace permanence::sam2
