#include "diffusion/transformer_blocks.h"

#include "nn/attention.h"
#include "nn/layers.h"

namespace permanence::diffusion {

namespace F = torch::nn::functional;

namespace {

// torch.nn.LayerNorm's default, which diffusers' transformer blocks keep.
constexpr double kLayerNormEps = 1e-5;

torch::nn::Linear linear(int64_t in, int64_t out, bool bias) {
  return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(bias));
}

}  // namespace

AttentionImpl::AttentionImpl(int64_t queryDim, std::optional<int64_t> crossDim, int64_t heads, int64_t headDim,
                             bool bias, std::optional<int64_t> normGroups, double normEps)
    : heads(heads) {
  const int64_t inner = heads * headDim;
  if (normGroups) group_norm = register_module("group_norm", groupNorm(queryDim, normEps, *normGroups));
  to_q = register_module("to_q", linear(queryDim, inner, bias));
  to_k = register_module("to_k", linear(crossDim.value_or(queryDim), inner, bias));
  to_v = register_module("to_v", linear(crossDim.value_or(queryDim), inner, bias));
  to_out_0 = nn::registerIndexed(*this, "to_out", 0, linear(inner, queryDim, true));
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& context) {
  const torch::Tensor& source = context.defined() ? context : x;
  torch::Tensor q = nn::splitHeads(to_q(x), heads), k = nn::splitHeads(to_k(source), heads),
                v = nn::splitHeads(to_v(source), heads);
  return to_out_0(nn::mergeHeads(nn::attention(q, k, v), heads));
}

torch::Tensor AttentionImpl::forwardImage(const torch::Tensor& x) {
  const auto n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
  torch::Tensor tokens = group_norm(x.reshape({n, c, h * w})).transpose(1, 2);
  return forward(tokens).transpose(1, 2).reshape({n, c, h, w}) + x;
}

FeedForwardImpl::FeedForwardImpl(int64_t dim, int64_t outDim) {
  const int64_t inner = 4 * dim;
  auto net = register_module("net", std::make_shared<torch::nn::Module>());
  auto geglu = net->register_module("0", std::make_shared<torch::nn::Module>());
  proj = geglu->register_module("proj", torch::nn::Linear(dim, 2 * inner));
  out = net->register_module("2", torch::nn::Linear(inner, outDim));
}

torch::Tensor FeedForwardImpl::forward(const torch::Tensor& x) {
  auto halves = proj(x).chunk(2, -1);
  return out(halves[0] * F::gelu(halves[1]));
}

BasicTransformerBlockImpl::BasicTransformerBlockImpl(int64_t dim, int64_t heads, int64_t headDim, int64_t crossDim) {
  norm1 = register_module("norm1", nn::layerNorm(dim, kLayerNormEps));
  attn1 = register_module("attn1", Attention(dim, std::nullopt, heads, headDim, false));
  norm2 = register_module("norm2", nn::layerNorm(dim, kLayerNormEps));
  attn2 = register_module("attn2", Attention(dim, crossDim, heads, headDim, false));
  norm3 = register_module("norm3", nn::layerNorm(dim, kLayerNormEps));
  ff = register_module("ff", FeedForward(dim, dim));
}

torch::Tensor BasicTransformerBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& context) {
  torch::Tensor h = attn1(norm1(x)) + x;
  h = attn2(norm2(h), context) + h;
  return ff(norm3(h)) + h;
}

TemporalBasicTransformerBlockImpl::TemporalBasicTransformerBlockImpl(int64_t dim, int64_t heads, int64_t headDim,
                                                                     int64_t crossDim) {
  norm_in = register_module("norm_in", nn::layerNorm(dim, kLayerNormEps));
  ff_in = register_module("ff_in", FeedForward(dim, dim));
  norm1 = register_module("norm1", nn::layerNorm(dim, kLayerNormEps));
  attn1 = register_module("attn1", Attention(dim, std::nullopt, heads, headDim, false));
  norm2 = register_module("norm2", nn::layerNorm(dim, kLayerNormEps));
  attn2 = register_module("attn2", Attention(dim, crossDim, heads, headDim, false));
  norm3 = register_module("norm3", nn::layerNorm(dim, kLayerNormEps));
  ff = register_module("ff", FeedForward(dim, dim));
}

torch::Tensor TemporalBasicTransformerBlockImpl::forward(const torch::Tensor& x, int64_t frames,
                                                         const torch::Tensor& context) {
  const int64_t batch = x.size(0) / frames, tokens = x.size(1), channels = x.size(2);
  // One sequence over frames per spatial token: (batch*tokens, frames, C).
  torch::Tensor h = x.reshape({batch, frames, tokens, channels}).permute({0, 2, 1, 3}).reshape({batch * tokens, frames, channels});
  h = ff_in(norm_in(h)) + h;
  h = attn1(norm1(h)) + h;
  h = attn2(norm2(h), context) + h;
  h = ff(norm3(h)) + h;
  return h.reshape({batch, tokens, frames, channels}).permute({0, 2, 1, 3}).reshape({batch * frames, tokens, channels});
}

TransformerSpatioTemporalModelImpl::TransformerSpatioTemporalModelImpl(int64_t heads, int64_t headDim,
                                                                       int64_t inChannels, int64_t layers,
                                                                       int64_t crossDim)
    : inChannels(inChannels) {
  const int64_t inner = heads * headDim;
  norm = register_module("norm", groupNorm(inChannels, 1e-6));
  proj_in = register_module("proj_in", torch::nn::Linear(inChannels, inner));
  for (int64_t i = 0; i < layers; ++i) {
    transformer_blocks->push_back(BasicTransformerBlock(inner, heads, headDim, crossDim));
    temporal_transformer_blocks->push_back(TemporalBasicTransformerBlock(inner, heads, headDim, crossDim));
  }
  register_module("transformer_blocks", transformer_blocks);
  register_module("temporal_transformer_blocks", temporal_transformer_blocks);
  time_pos_embed = register_module("time_pos_embed", TimestepEmbedding(inChannels, 4 * inChannels, inChannels));
  time_mixer = register_module("time_mixer", AlphaBlender(0.5, false));
  proj_out = register_module("proj_out", torch::nn::Linear(inner, inChannels));
}

torch::Tensor TransformerSpatioTemporalModelImpl::forward(const torch::Tensor& x, const torch::Tensor& context,
                                                          int64_t frames) {
  const int64_t batchFrames = x.size(0), channels = x.size(1), height = x.size(2), width = x.size(3);
  const int64_t batch = batchFrames / frames;
  // The temporal blocks attend to the first frame's context, shared by every spatial token.
  torch::Tensor firstContext = context.reshape({batch, frames, -1, context.size(-1)}).select(1, 0);
  torch::Tensor timeContext = firstContext.unsqueeze(1)
                                  .expand({batch, height * width, context.size(1), context.size(2)})
                                  .reshape({batch * height * width, context.size(1), context.size(2)});

  torch::Tensor h = norm(x).permute({0, 2, 3, 1}).reshape({batchFrames, height * width, channels});
  h = proj_in(h);
  torch::Tensor frameIndex = torch::arange(frames, x.options().dtype(torch::kFloat32)).repeat({batch});
  torch::Tensor frameEmb = time_pos_embed(sinusoidalEmbedding(frameIndex, inChannels).to(h.dtype())).unsqueeze(1);
  for (size_t i = 0; i < transformer_blocks->size(); ++i) {
    h = transformer_blocks[i]->as<BasicTransformerBlock>()->forward(h, context);
    torch::Tensor mixed = temporal_transformer_blocks[i]->as<TemporalBasicTransformerBlock>()->forward(
        h + frameEmb, frames, timeContext);
    h = time_mixer(h, mixed);
  }
  h = proj_out(h);
  return h.reshape({batchFrames, height, width, channels}).permute({0, 3, 1, 2}) + x;
}

}  // namespace permanence::diffusion
