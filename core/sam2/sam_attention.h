#pragma once
// The attention layers of sam2/modeling/sam/transformer.py: Attention (q/k/v/out
// projections, optionally to a narrower internal width, keys and values possibly of
// another width) and RoPEAttention (the same with axial rotary encoding of queries
// and keys, used by the memory attention).
#include <torch/torch.h>

#include "sam2/position_encoding.h"

namespace permanence::sam2 {

struct SamAttentionImpl : torch::nn::Module {
  SamAttentionImpl(int64_t embeddingDim, int64_t heads, int64_t downsampleRate = 1, int64_t kvInDim = 0);
  // q (B, Nq, embeddingDim), k and v (B, Nk, kvInDim) -> (B, Nq, embeddingDim).
  torch::Tensor forward(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v);

  torch::nn::Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, out_proj{nullptr};
  int64_t heads, internalDim;

 protected:
  // Projected and split: (B, heads, N, d).
  torch::Tensor separate(const torch::Tensor& x) const;
  // softmax(q k^T / sqrt(d)) v on (B, heads, N, d) and the output projection.
  torch::Tensor attendAndProject(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v);
};
TORCH_MODULE(SamAttention);

struct RoPEAttentionImpl : SamAttentionImpl {
  // featureSide: the side of the square token map queries come from (imageSize / 16);
  // repeatForKeys: keys hold several such maps (memory frames) and each gets the table.
  RoPEAttentionImpl(int64_t embeddingDim, int64_t heads, int64_t featureSide, bool repeatForKeys, int64_t kvInDim = 0,
                    double ropeTheta = 10000.0);
  // The last keysWithoutRope keys (object pointer tokens) are not rotated.
  torch::Tensor forward(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                        int64_t keysWithoutRope = 0);

  bool repeatForKeys;
  double ropeTheta;
  torch::Tensor table;  // axialRotaryTable for a featureSide x featureSide map (recomputed for another size)
};
TORCH_MODULE(RoPEAttention);

}  // namespace permanence::sam2
