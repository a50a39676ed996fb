#pragma once
// SAM 2's memory attention (sam2/modeling/memory_attention.py): the current frame's
// stride-16 tokens self-attend and cross-attend to the memory bank (spatial memories
// and object pointer tokens), both with axial RoPE, in pre-norm layers with a ReLU MLP.
#include <torch/torch.h>

#include <vector>

#include "sam2/sam_attention.h"

namespace permanence::sam2 {

struct MemoryAttentionLayerImpl : torch::nn::Module {
  MemoryAttentionLayerImpl(int64_t dModel, int64_t memoryDim, int64_t heads, int64_t feedForward, int64_t featureSide);
  // Batch first: tgt (B, N, d), memory and pos (B, M, memoryDim).
  torch::Tensor forward(torch::Tensor tgt, const torch::Tensor& memory, const torch::Tensor& pos,
                        int64_t keysWithoutRope);
  RoPEAttention self_attn{nullptr}, cross_attn_image{nullptr};
  torch::nn::Linear linear1{nullptr}, linear2{nullptr};
  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr}, norm3{nullptr};
};
TORCH_MODULE(MemoryAttentionLayer);

struct MemoryAttentionImpl : torch::nn::Module {
  MemoryAttentionImpl(int64_t dModel, int64_t memoryDim, int64_t layers, int64_t heads, int64_t feedForward,
                      int64_t featureSide);
  // Sequence first, as SAM2Base calls it: curr and currPos (N, B, d), memory and
  // memoryPos (M, B, memoryDim) whose last objectPointerTokens entries are pointer
  // tokens (not rotated). Returns (N, B, d); layerOutputs, when given, receives each
  // layer's output (B, N, d).
  torch::Tensor forward(const torch::Tensor& curr, const torch::Tensor& currPos, const torch::Tensor& memory,
                        const torch::Tensor& memoryPos, int64_t objectPointerTokens,
                        std::vector<torch::Tensor>* layerOutputs = nullptr);
  torch::nn::ModuleList layers;
  torch::nn::LayerNorm norm{nullptr};
};
TORCH_MODULE(MemoryAttention);

}  // namespace permanence::sam2
