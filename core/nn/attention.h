#pragma once
// Scaled dot-product attention without a fused kernel (libtorch 1.13 has none) and
// the head splitting every multi-head attention of the torch tier does around it.
#include <torch/torch.h>

namespace permanence::nn {

// softmax(q k^T / sqrt(dim)) v for q (batch*heads, queries, dim), k and v
// (batch*heads, keys, dim). Queries are processed in chunks of queryChunk so the
// score matrix stays bounded. Uses bmm, never baddbmm(beta=0), which can return NaN
// on CPU in torch 1.13 (uninitialised memory scaled by 0).
torch::Tensor attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                        int64_t queryChunk = 4096);

// (N, tokens, heads*d) -> (N*heads, tokens, d), head-major within each N.
torch::Tensor splitHeads(const torch::Tensor& x, int64_t heads);
// The inverse: (N*heads, tokens, d) -> (N, tokens, heads*d).
torch::Tensor mergeHeads(const torch::Tensor& x, int64_t heads);

}  // namespace permanence::nn
