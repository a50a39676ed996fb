#pragma once
// Scaled dot-product attention without a fused kernel (libtorch 1.13 has none).
#include <torch/torch.h>

namespace permanence::diffusion {

// softmax(q k^T / sqrt(dim)) v for q (batch*heads, queries, dim), k and v
// (batch*heads, keys, dim). Queries are processed in chunks of queryChunk so the
// score matrix stays bounded. Uses bmm, never baddbmm(beta=0), which can return NaN
// on CPU in torch 1.13 (uninitialised memory scaled by 0).
torch::Tensor attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                        int64_t queryChunk = 4096);

}  // namespace permanence::diffusion
