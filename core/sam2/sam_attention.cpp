#include "sam2/sam_attention.h"

#include <cmath>

#include "nn/attention.h"

namespace permanence::sam2 {

SamAttentionImpl::SamAttentionImpl(int64_t embeddingDim, int64_t heads, int64_t downsampleRate, int64_t kvInDim)
    : heads(heads), internalDim(embeddingDim / downsampleRate) {
  const int64_t kvDim = kvInDim > 0 ? kvInDim : embeddingDim;
  TORCH_CHECK(internalDim % heads == 0, "SAM attention: ", heads, " heads do not divide ", internalDim);
  q_proj = register_module("q_proj", torch::nn::Linear(embeddingDim, internalDim));
  k_proj = register_module("k_proj", torch::nn::Linear(kvDim, internalDim));
  v_proj = register_module("v_proj", torch::nn::Linear(kvDim, internalDim));
  out_proj = register_module("out_proj", torch::nn::Linear(internalDim, embeddingDim));
}

torch::Tensor SamAttentionImpl::separate(const torch::Tensor& x) const {
  return x.reshape({x.size(0), x.size(1), heads, -1}).transpose(1, 2);
}

torch::Tensor SamAttentionImpl::attendAndProject(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v) {
  const int64_t b = q.size(0), nq = q.size(2), d = q.size(3);
  auto fold = [&](const torch::Tensor& t) { return t.reshape({b * heads, t.size(2), d}); };
  torch::Tensor out = nn::attention(fold(q), fold(k), fold(v));
  return out_proj(out.view({b, heads, nq, d}).transpose(1, 2).reshape({b, nq, heads * d}));
}

torch::Tensor SamAttentionImpl::forward(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v) {
  return attendAndProject(separate(q_proj(q)), separate(k_proj(k)), separate(v_proj(v)));
}

RoPEAttentionImpl::RoPEAttentionImpl(int64_t embeddingDim, int64_t heads, int64_t featureSide, bool repeatForKeys,
                                     int64_t kvInDim, double ropeTheta)
    : SamAttentionImpl(embeddingDim, heads, 1, kvInDim), repeatForKeys(repeatForKeys), ropeTheta(ropeTheta) {
  table = axialRotaryTable(internalDim / heads, featureSide, featureSide, ropeTheta);
}

torch::Tensor RoPEAttentionImpl::forward(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                         int64_t keysWithoutRope) {
  torch::Tensor queries = separate(q_proj(q)), keys = separate(k_proj(k)), values = separate(v_proj(v));
  const int64_t tokens = queries.size(2);
  if (table.size(0) != tokens || table.device() != queries.device()) {
    // The reference recomputes its table for a square map of the queries' size.
    const auto side = static_cast<int64_t>(std::lround(std::sqrt(static_cast<double>(tokens))));
    table = axialRotaryTable(internalDim / heads, side, side, ropeTheta).to(queries.device());
  }
  TORCH_CHECK(keys.size(2) == tokens || repeatForKeys, "RoPE attention: ", keys.size(2), " keys for ", tokens,
              " queries without rope_k_repeat");
  queries = applyRotary(queries, table);
  // Spatial keys are rotated in place; the trailing pointer tokens keep their values.
  const int64_t rotated = keys.size(2) - keysWithoutRope;
  if (rotated > 0) keys.slice(2, 0, rotated).copy_(applyRotary(keys.slice(2, 0, rotated), table));
  return attendAndProject(queries, keys, values);
}

}  // namespace permanence::sam2
