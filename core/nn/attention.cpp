#include "nn/attention.h"

#include <torch/version.h>

#include <cmath>

namespace permanence::nn {

torch::Tensor attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                        int64_t queryChunk) {
  TORCH_CHECK(q.dim() == 3 && k.dim() == 3 && v.dim() == 3, "attention expects 3-D q, k, v");
  TORCH_CHECK(queryChunk > 0, "attention: queryChunk must be positive");
#if TORCH_VERSION_MAJOR >= 2
  // Fused kernels bound memory themselves.
  (void)queryChunk;
  return at::scaled_dot_product_attention(q, k, v);
#else
  // The scale goes on the queries (queries x dim values) rather than on the scores
  // (queries x keys): one pass less over the largest tensor.
  const double scale = 1.0 / std::sqrt(static_cast<double>(q.size(2)));
  torch::Tensor scaled = q * scale;
  torch::Tensor keysT = k.transpose(1, 2);
  const int64_t queries = q.size(1);
  if (queries <= queryChunk) return torch::bmm(torch::softmax(torch::bmm(scaled, keysT), -1), v);
  torch::Tensor out = torch::empty({q.size(0), queries, v.size(2)}, v.options());
  for (int64_t start = 0; start < queries; start += queryChunk) {
    const int64_t stop = std::min(queries, start + queryChunk);
    torch::Tensor scores = torch::bmm(scaled.slice(1, start, stop), keysT);
    out.slice(1, start, stop).copy_(torch::bmm(torch::softmax(scores, -1), v));
  }
  return out;
#endif
}

torch::Tensor splitHeads(const torch::Tensor& x, int64_t heads) {
  return x.reshape({x.size(0), x.size(1), heads, -1}).permute({0, 2, 1, 3}).reshape({x.size(0) * heads, x.size(1), -1});
}

torch::Tensor mergeHeads(const torch::Tensor& x, int64_t heads) {
  return x.reshape({x.size(0) / heads, heads, x.size(1), -1}).permute({0, 2, 1, 3}).reshape({x.size(0) / heads, x.size(1), -1});
}

}  // namespace permanence::nn
