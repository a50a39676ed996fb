#include "sam2/two_way_transformer.h"

#include "nn/layers.h"

namespace permanence::sam2 {
namespace {

// SAM2Base._build_sam_heads: TwoWayTransformer(depth=2, mlp_dim=2048, num_heads=8),
// attention_downsample_rate 2.
constexpr int64_t kDepth = 2, kHeads = 8, kMlpDim = 2048, kCrossDownsample = 2;
constexpr double kLayerNormEps = 1e-5;  // nn.LayerNorm's default

}  // namespace

TwoWayAttentionBlockImpl::TwoWayAttentionBlockImpl(int64_t dim, int64_t heads, int64_t mlpDim, bool skipFirstLayerPe)
    : skipFirstLayerPe(skipFirstLayerPe) {
  self_attn = register_module("self_attn", SamAttention(dim, heads));
  norm1 = register_module("norm1", nn::layerNorm(dim, kLayerNormEps));
  cross_attn_token_to_image = register_module("cross_attn_token_to_image", SamAttention(dim, heads, kCrossDownsample));
  norm2 = register_module("norm2", nn::layerNorm(dim, kLayerNormEps));
  mlp = register_module("mlp", Mlp(dim, mlpDim, dim, 2, Activation::Relu));
  norm3 = register_module("norm3", nn::layerNorm(dim, kLayerNormEps));
  norm4 = register_module("norm4", nn::layerNorm(dim, kLayerNormEps));
  cross_attn_image_to_token = register_module("cross_attn_image_to_token", SamAttention(dim, heads, kCrossDownsample));
}

std::pair<torch::Tensor, torch::Tensor> TwoWayAttentionBlockImpl::forward(torch::Tensor queries, torch::Tensor keys,
                                                                          const torch::Tensor& queryPe,
                                                                          const torch::Tensor& keyPe) {
  if (skipFirstLayerPe) {
    queries = self_attn(queries, queries, queries);
  } else {
    torch::Tensor q = queries + queryPe;
    queries = queries + self_attn(q, q, queries);
  }
  queries = norm1(queries);

  torch::Tensor q = queries + queryPe, k = keys + keyPe;
  queries = norm2(queries + cross_attn_token_to_image(q, k, keys));

  queries = norm3(queries + mlp(queries));

  q = queries + queryPe;
  k = keys + keyPe;
  keys = norm4(keys + cross_attn_image_to_token(k, q, queries));
  return {queries, keys};
}

TwoWayTransformerImpl::TwoWayTransformerImpl(int64_t dim) {
  layers = register_module("layers", torch::nn::ModuleList());
  for (int64_t i = 0; i < kDepth; ++i) layers->push_back(TwoWayAttentionBlock(dim, kHeads, kMlpDim, i == 0));
  final_attn_token_to_image = register_module("final_attn_token_to_image", SamAttention(dim, kHeads, kCrossDownsample));
  norm_final_attn = register_module("norm_final_attn", nn::layerNorm(dim, kLayerNormEps));
}

std::pair<torch::Tensor, torch::Tensor> TwoWayTransformerImpl::forward(const torch::Tensor& image,
                                                                       const torch::Tensor& imagePe,
                                                                       const torch::Tensor& tokens) {
  torch::Tensor keys = image.flatten(2).permute({0, 2, 1});
  torch::Tensor keyPe = imagePe.flatten(2).permute({0, 2, 1});
  torch::Tensor queries = tokens;
  for (const auto& layer : *layers)
    std::tie(queries, keys) = layer->as<TwoWayAttentionBlock>()->forward(queries, keys, tokens, keyPe);
  torch::Tensor q = queries + tokens, k = keys + keyPe;
  queries = norm_final_attn(queries + final_attn_token_to_image(q, k, keys));
  return {queries, keys};
}

}  // namespace permanence::sam2
