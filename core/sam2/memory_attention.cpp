#include "sam2/memory_attention.h"

#include "nn/layers.h"

namespace permanence::sam2 {
namespace {

constexpr double kLayerNormEps = 1e-5;  // nn.LayerNorm's default
// MemoryAttention(pos_enc_at_input=True) adds this fraction of the position encoding.
constexpr double kInputPosScale = 0.1;

}  // namespace

MemoryAttentionLayerImpl::MemoryAttentionLayerImpl(int64_t dModel, int64_t memoryDim, int64_t heads,
                                                   int64_t feedForward, int64_t featureSide) {
  self_attn = register_module("self_attn", RoPEAttention(dModel, heads, featureSide, false));
  cross_attn_image = register_module("cross_attn_image", RoPEAttention(dModel, heads, featureSide, true, memoryDim));
  linear1 = register_module("linear1", torch::nn::Linear(dModel, feedForward));
  linear2 = register_module("linear2", torch::nn::Linear(feedForward, dModel));
  norm1 = register_module("norm1", nn::layerNorm(dModel, kLayerNormEps));
  norm2 = register_module("norm2", nn::layerNorm(dModel, kLayerNormEps));
  norm3 = register_module("norm3", nn::layerNorm(dModel, kLayerNormEps));
}

torch::Tensor MemoryAttentionLayerImpl::forward(torch::Tensor tgt, const torch::Tensor& memory, const torch::Tensor& pos,
                                                int64_t keysWithoutRope) {
  // pos_enc_at_attn false: self-attention without position encoding (RoPE only).
  torch::Tensor x = norm1(tgt);
  tgt = tgt + self_attn->forward(x, x, x);
  // pos_enc_at_cross_attn_keys true, _queries false.
  x = norm2(tgt);
  tgt = tgt + cross_attn_image->forward(x, memory + pos, memory, keysWithoutRope);
  x = norm3(tgt);
  return tgt + linear2(torch::relu(linear1(x)));
}

MemoryAttentionImpl::MemoryAttentionImpl(int64_t dModel, int64_t memoryDim, int64_t numLayers, int64_t heads,
                                         int64_t feedForward, int64_t featureSide) {
  layers = register_module("layers", torch::nn::ModuleList());
  for (int64_t i = 0; i < numLayers; ++i)
    layers->push_back(MemoryAttentionLayer(dModel, memoryDim, heads, feedForward, featureSide));
  norm = register_module("norm", nn::layerNorm(dModel, kLayerNormEps));
}

torch::Tensor MemoryAttentionImpl::forward(const torch::Tensor& curr, const torch::Tensor& currPos,
                                           const torch::Tensor& memory, const torch::Tensor& memoryPos,
                                           int64_t objectPointerTokens, std::vector<torch::Tensor>* layerOutputs) {
  TORCH_CHECK(curr.size(1) == memory.size(1), "memory attention: batch ", curr.size(1), " vs memory batch ",
              memory.size(1));
  torch::Tensor output = (curr + kInputPosScale * currPos).transpose(0, 1);
  torch::Tensor mem = memory.transpose(0, 1), memPos = memoryPos.transpose(0, 1);
  for (const auto& layer : *layers) {
    output = layer->as<MemoryAttentionLayer>()->forward(output, mem, memPos, objectPointerTokens);
    if (layerOutputs) layerOutputs->push_back(output);
  }
  return norm(output).transpose(0, 1);
}

}  // namespace permanence::sam2
