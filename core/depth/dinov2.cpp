#include "depth/dinov2.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "nn/attention.h"
#include "nn/layers.h"

namespace permanence::depth {
namespace {

// DINOv2 blocks' LayerNorm epsilon.
constexpr double kLayerNormEps = 1e-6;

}  // namespace

PatchEmbedImpl::PatchEmbedImpl(int64_t patchSize, int64_t embedDim) {
  proj = register_module("proj", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, embedDim, patchSize).stride(patchSize)));
}

torch::Tensor PatchEmbedImpl::forward(const torch::Tensor& x) { return proj(x).flatten(2).transpose(1, 2); }

DinoAttentionImpl::DinoAttentionImpl(int64_t dim, int64_t heads) : heads(heads) {
  qkv = register_module("qkv", torch::nn::Linear(dim, 3 * dim));
  proj = register_module("proj", torch::nn::Linear(dim, dim));
}

torch::Tensor DinoAttentionImpl::forward(const torch::Tensor& x) {
  std::vector<torch::Tensor> qkvParts = qkv(x).chunk(3, -1);
  torch::Tensor out = nn::attention(nn::splitHeads(qkvParts[0], heads), nn::splitHeads(qkvParts[1], heads),
                                    nn::splitHeads(qkvParts[2], heads));
  return proj(nn::mergeHeads(out, heads));
}

DinoMlpImpl::DinoMlpImpl(int64_t dim, int64_t hidden) {
  fc1 = register_module("fc1", torch::nn::Linear(dim, hidden));
  fc2 = register_module("fc2", torch::nn::Linear(hidden, dim));
}

torch::Tensor DinoMlpImpl::forward(const torch::Tensor& x) { return fc2(torch::gelu(fc1(x))); }

LayerScaleImpl::LayerScaleImpl(int64_t dim) { gamma = register_parameter("gamma", torch::ones({dim})); }

DinoBlockImpl::DinoBlockImpl(int64_t dim, int64_t heads, int64_t mlpRatio) {
  norm1 = register_module("norm1", nn::layerNorm(dim, kLayerNormEps));
  attn = register_module("attn", DinoAttention(dim, heads));
  ls1 = register_module("ls1", LayerScale(dim));
  norm2 = register_module("norm2", nn::layerNorm(dim, kLayerNormEps));
  mlp = register_module("mlp", DinoMlp(dim, dim * mlpRatio));
  ls2 = register_module("ls2", LayerScale(dim));
}

torch::Tensor DinoBlockImpl::forward(const torch::Tensor& x) {
  torch::Tensor h = x + ls1(attn(norm1(x)));
  return h + ls2(mlp(norm2(h)));
}

DinoVisionTransformerImpl::DinoVisionTransformerImpl(const DinoV2Config& c) : config(c) {
  const int64_t grid = c.imgSize / c.patchSize;
  cls_token = register_parameter("cls_token", torch::zeros({1, 1, c.embedDim}));
  pos_embed = register_parameter("pos_embed", torch::zeros({1, grid * grid + 1, c.embedDim}));
  mask_token = register_parameter("mask_token", torch::zeros({1, c.embedDim}));
  patch_embed = register_module("patch_embed", PatchEmbed(c.patchSize, c.embedDim));
  blocks = register_module("blocks", torch::nn::ModuleList());
  for (int64_t i = 0; i < c.depth; ++i) blocks->push_back(DinoBlock(c.embedDim, c.numHeads, c.mlpRatio));
  norm = register_module("norm", nn::layerNorm(c.embedDim, kLayerNormEps));
}

// The official interpolate_pos_encoding: the square grid is resized bicubically
// (no antialias) with scale factors (rows + 0.1) / M and (cols + 0.1) / M, the offset
// avoiding floating-point rounding down of the output size.
torch::Tensor DinoVisionTransformerImpl::positionEmbedding(int64_t height, int64_t width) const {
  const int64_t stored = pos_embed.size(1) - 1;
  const int64_t rows = height / config.patchSize, cols = width / config.patchSize;
  if (rows * cols == stored && rows == cols) return pos_embed;
  const auto grid = static_cast<int64_t>(std::sqrt(static_cast<double>(stored)));
  const int64_t dim = pos_embed.size(2);
  torch::Tensor patchPos = pos_embed.slice(1, 1).reshape({1, grid, grid, dim}).permute({0, 3, 1, 2});
  const double sy = (static_cast<double>(rows) + 0.1) / static_cast<double>(grid);
  const double sx = (static_cast<double>(cols) + 0.1) / static_cast<double>(grid);
  // recompute_scale_factor false is torch's default behaviour; saying so explicitly
  // silences the warning torch prints on every call otherwise.
  patchPos = torch::nn::functional::interpolate(patchPos, torch::nn::functional::InterpolateFuncOptions()
                                                              .scale_factor(std::vector<double>{sy, sx})
                                                              .mode(torch::kBicubic)
                                                              .align_corners(false)
                                                              .recompute_scale_factor(false));
  if (patchPos.size(2) != rows || patchPos.size(3) != cols)
    throw std::logic_error("DINOv2: resized position grid does not match the patch grid");
  patchPos = patchPos.permute({0, 2, 3, 1}).reshape({1, rows * cols, dim});
  return torch::cat({pos_embed.slice(1, 0, 1), patchPos}, 1);
}

std::vector<std::pair<torch::Tensor, torch::Tensor>> DinoVisionTransformerImpl::intermediateLayers(
    const torch::Tensor& image, const std::vector<int64_t>& layers) {
  if (image.dim() != 4 || image.size(1) != 3 || image.size(2) % config.patchSize != 0 ||
      image.size(3) % config.patchSize != 0)
    throw std::invalid_argument("DINOv2: expected an image (batch, 3, H, W) with H and W multiples of " +
                                std::to_string(config.patchSize));
  torch::Tensor x = patch_embed(image);
  x = torch::cat({cls_token.expand({x.size(0), 1, -1}), x}, 1) + positionEmbedding(image.size(2), image.size(3));
  std::vector<std::pair<torch::Tensor, torch::Tensor>> out;
  for (int64_t i = 0; i < static_cast<int64_t>(blocks->size()); ++i) {
    x = blocks[i]->as<DinoBlock>()->forward(x);
    if (std::find(layers.begin(), layers.end(), i) == layers.end()) continue;
    torch::Tensor normed = norm(x);
    out.emplace_back(normed.slice(1, 1), normed.select(1, 0));
  }
  return out;
}

}  // namespace permanence::depth
