#include "sam2/hiera.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "nn/attention.h"
#include "nn/layers.h"

namespace permanence::sam2 {
namespace {

namespace F = torch::nn::functional;

constexpr double kLayerNormEps = 1e-6;  // MultiScaleBlock's norm_layer
constexpr int64_t kMlpRatio = 4;
constexpr int64_t kQueryStride = 2;  // q_stride (2, 2)
constexpr int64_t kPatchKernel = 7, kPatchStride = 4, kPatchPadding = 3;

// 2x2 max pooling of a (B, H, W, C) map.
torch::Tensor poolHalf(const torch::Tensor& x) {
  return torch::max_pool2d(x.permute({0, 3, 1, 2}), kQueryStride, kQueryStride).permute({0, 2, 3, 1});
}

bool contains(const std::vector<int64_t>& values, int64_t value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

}  // namespace

std::pair<torch::Tensor, std::pair<int64_t, int64_t>> windowPartition(const torch::Tensor& x, int64_t windowSize) {
  const int64_t b = x.size(0), h = x.size(1), w = x.size(2), c = x.size(3);
  const int64_t padH = (windowSize - h % windowSize) % windowSize;
  const int64_t padW = (windowSize - w % windowSize) % windowSize;
  torch::Tensor padded = (padH > 0 || padW > 0) ? F::pad(x, F::PadFuncOptions({0, 0, 0, padW, 0, padH})) : x;
  const int64_t hp = h + padH, wp = w + padW;
  torch::Tensor windows = padded.view({b, hp / windowSize, windowSize, wp / windowSize, windowSize, c})
                              .permute({0, 1, 3, 2, 4, 5})
                              .reshape({-1, windowSize, windowSize, c});
  return {windows, {hp, wp}};
}

torch::Tensor windowUnpartition(const torch::Tensor& windows, int64_t windowSize, std::pair<int64_t, int64_t> padded,
                                std::pair<int64_t, int64_t> size) {
  const auto [hp, wp] = padded;
  const auto [h, w] = size;
  const int64_t b = windows.size(0) / (hp * wp / windowSize / windowSize);
  torch::Tensor x = windows.reshape({b, hp / windowSize, wp / windowSize, windowSize, windowSize, -1})
                        .permute({0, 1, 3, 2, 4, 5})
                        .reshape({b, hp, wp, -1});
  if (hp > h || wp > w) x = x.slice(1, 0, h).slice(2, 0, w);
  return x;
}

HieraPatchEmbedImpl::HieraPatchEmbedImpl(int64_t embedDim) {
  proj = register_module("proj", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, embedDim, kPatchKernel)
                                                       .stride(kPatchStride)
                                                       .padding(kPatchPadding)));
}

torch::Tensor HieraPatchEmbedImpl::forward(const torch::Tensor& image) { return proj(image).permute({0, 2, 3, 1}); }

MultiScaleAttentionImpl::MultiScaleAttentionImpl(int64_t dim, int64_t dimOut, int64_t heads, bool poolQueries)
    : heads(heads), poolQueries(poolQueries) {
  qkv = register_module("qkv", torch::nn::Linear(dim, dimOut * 3));
  proj = register_module("proj", torch::nn::Linear(dimOut, dimOut));
}

torch::Tensor MultiScaleAttentionImpl::forward(const torch::Tensor& x) {
  const int64_t b = x.size(0);
  int64_t h = x.size(1), w = x.size(2);
  torch::Tensor parts = qkv(x).reshape({b, h * w, 3, heads, -1});
  const int64_t headDim = parts.size(4);
  torch::Tensor q = parts.select(2, 0), k = parts.select(2, 1), v = parts.select(2, 2);  // (B, HW, heads, d)
  if (poolQueries) {
    q = poolHalf(q.reshape({b, h, w, -1}));
    h = q.size(1);
    w = q.size(2);
    q = q.reshape({b, h * w, heads, headDim});
  }
  auto fold = [&](const torch::Tensor& t) { return t.transpose(1, 2).reshape({b * heads, -1, headDim}); };
  torch::Tensor out = nn::attention(fold(q), fold(k), fold(v));  // (B*heads, N, d)
  out = out.view({b, heads, h * w, headDim}).transpose(1, 2).reshape({b, h, w, -1});
  return proj(out);
}

MultiScaleBlockImpl::MultiScaleBlockImpl(int64_t dim, int64_t dimOut, int64_t heads, bool poolQueries,
                                         int64_t windowSize)
    : dim(dim), dimOut(dimOut), windowSize(windowSize), poolQueries(poolQueries) {
  norm1 = register_module("norm1", nn::layerNorm(dim, kLayerNormEps));
  attn = register_module("attn", MultiScaleAttention(dim, dimOut, heads, poolQueries));
  norm2 = register_module("norm2", nn::layerNorm(dimOut, kLayerNormEps));
  mlp = register_module("mlp", Mlp(dimOut, dimOut * kMlpRatio, dimOut, 2, Activation::Gelu));
  if (dim != dimOut) proj = register_module("proj", torch::nn::Linear(dim, dimOut));
}

torch::Tensor MultiScaleBlockImpl::forward(const torch::Tensor& input) {
  torch::Tensor x = norm1(input);
  torch::Tensor shortcut = input;
  if (dim != dimOut) {
    shortcut = proj(x);
    if (poolQueries) shortcut = poolHalf(shortcut);
  }
  int64_t size = windowSize;
  std::pair<int64_t, int64_t> padded{0, 0}, hw{x.size(1), x.size(2)};
  if (size > 0) std::tie(x, padded) = windowPartition(x, size);
  x = attn(x);
  if (poolQueries) {
    // The queries were pooled: windows and map shrank by the query stride.
    size = windowSize / kQueryStride;
    hw = {shortcut.size(1), shortcut.size(2)};
    padded = {hw.first + (size - hw.first % size) % size, hw.second + (size - hw.second % size) % size};
  }
  if (windowSize > 0) x = windowUnpartition(x, size, padded, hw);
  x = shortcut + x;
  return x + mlp(norm2(x));
}

HieraImpl::HieraImpl(const HieraConfig& c) : config(c) {
  patch_embed = register_module("patch_embed", HieraPatchEmbed(c.embedDim));
  pos_embed = register_parameter(
      "pos_embed", torch::zeros({1, c.embedDim, c.backgroundPosEmbedSize[0], c.backgroundPosEmbedSize[1]}));
  pos_embed_window =
      register_parameter("pos_embed_window", torch::zeros({1, c.embedDim, c.windowSpec[0], c.windowSpec[0]}));
  blocks = register_module("blocks", torch::nn::ModuleList());
  const std::vector<int64_t> stageEnds = c.stageEnds();
  // Queries are pooled in the first block of stages 2, 3 and 4 (q_pool = 3).
  const std::vector<int64_t> poolBlocks(stageEnds.begin(), stageEnds.end() - 1);
  int64_t dim = c.embedDim, heads = c.numHeads;
  size_t stage = 0;
  for (int64_t i = 0; i < c.depth(); ++i) {
    // The window lags by a block: a stage's first block still uses the previous
    // stage's window size.
    int64_t windowSize = contains(c.globalAttentionBlocks, i) ? 0 : c.windowSpec[stage];
    int64_t dimOut = dim;
    if (contains(stageEnds, i - 1)) {
      dimOut = dim * 2;
      heads *= 2;
      ++stage;
    }
    blocks->push_back(MultiScaleBlock(dim, dimOut, heads, contains(poolBlocks, i - 1), windowSize));
    dim = dimOut;
  }
}

torch::Tensor HieraImpl::positionEmbedding(int64_t height, int64_t width) const {
  torch::Tensor resized = F::interpolate(pos_embed, F::InterpolateFuncOptions()
                                                        .size(std::vector<int64_t>{height, width})
                                                        .mode(torch::kBicubic)
                                                        .align_corners(false));
  const int64_t window = pos_embed_window.size(2);
  return (resized + pos_embed_window.repeat({1, 1, height / window, width / window})).permute({0, 2, 3, 1});
}

std::vector<torch::Tensor> HieraImpl::forward(const torch::Tensor& image, HieraTrace* trace) {
  constexpr int64_t kMultiple = kPatchStride * 8;  // the window embedding's 8x8 tiles
  if (image.dim() != 4 || image.size(1) != 3 || image.size(2) % kMultiple != 0 || image.size(3) % kMultiple != 0)
    throw std::invalid_argument("Hiera: expected an image (batch, 3, H, W) with H and W multiples of " +
                                std::to_string(kMultiple));
  torch::Tensor x = patch_embed(image);
  torch::Tensor pos = positionEmbedding(x.size(1), x.size(2));
  if (trace) {
    trace->patchEmbed = x;
    trace->posEmbed = pos;
  }
  x = x + pos;
  const std::vector<int64_t> stageEnds = config.stageEnds();
  std::vector<torch::Tensor> outputs;
  for (int64_t i = 0; i < static_cast<int64_t>(blocks->size()); ++i) {
    x = blocks[i]->as<MultiScaleBlock>()->forward(x);
    if (trace) trace->blocks.push_back(x);
    if (contains(stageEnds, i)) outputs.push_back(x.permute({0, 3, 1, 2}));
  }
  return outputs;
}

}  // namespace permanence::sam2
