#include "sam2/memory_encoder.h"

#include "sam2/position_encoding.h"

namespace permanence::sam2 {
namespace {

// MaskDownSampler(kernel_size 3, stride 2, padding 1, total_stride 16): 4 stages.
constexpr int64_t kDownsampleStages = 4, kDownsampleKernel = 3, kDownsampleStride = 2, kDownsamplePadding = 1;
constexpr int64_t kFuserLayers = 2;
constexpr int64_t kCxKernel = 7, kCxPadding = 3;
constexpr double kLayerNorm2dEps = 1e-6;

}  // namespace

MaskDownSamplerImpl::MaskDownSamplerImpl(int64_t embedDim) {
  int64_t in = 1;
  for (int64_t i = 0; i < kDownsampleStages; ++i) {
    const int64_t out = in * kDownsampleStride * kDownsampleStride;
    convs.push_back(nn::registerIndexed(*this, "encoder", 3 * i,
                                        torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kDownsampleKernel)
                                                              .stride(kDownsampleStride)
                                                              .padding(kDownsamplePadding))));
    norms.push_back(nn::registerIndexed(*this, "encoder", 3 * i + 1, nn::LayerNorm2d(out, kLayerNorm2dEps)));
    in = out;
  }
  projection = nn::registerIndexed(*this, "encoder", 3 * kDownsampleStages,
                                   torch::nn::Conv2d(torch::nn::Conv2dOptions(in, embedDim, 1)));
}

torch::Tensor MaskDownSamplerImpl::forward(torch::Tensor x) {
  for (size_t i = 0; i < convs.size(); ++i) x = torch::gelu(norms[i](convs[i](x)));
  return projection(x);
}

CXBlockImpl::CXBlockImpl(int64_t dim) {
  dwconv = register_module("dwconv",
                           torch::nn::Conv2d(torch::nn::Conv2dOptions(dim, dim, kCxKernel).padding(kCxPadding).groups(dim)));
  norm = register_module("norm", nn::LayerNorm2d(dim, kLayerNorm2dEps));
  pwconv1 = register_module("pwconv1", torch::nn::Linear(dim, 4 * dim));
  pwconv2 = register_module("pwconv2", torch::nn::Linear(4 * dim, dim));
  gamma = register_parameter("gamma", torch::ones({dim}));
}

torch::Tensor CXBlockImpl::forward(const torch::Tensor& input) {
  torch::Tensor x = norm(dwconv(input)).permute({0, 2, 3, 1});
  x = gamma * pwconv2(torch::gelu(pwconv1(x)));
  return input + x.permute({0, 3, 1, 2});
}

MemoryEncoderImpl::MemoryEncoderImpl(int64_t inDim, int64_t outDim) : outDim(outDim) {
  mask_downsampler = register_module("mask_downsampler", MaskDownSampler(inDim));
  pix_feat_proj = register_module("pix_feat_proj", torch::nn::Conv2d(torch::nn::Conv2dOptions(inDim, inDim, 1)));
  auto fuser = register_module("fuser", std::make_shared<torch::nn::Module>());
  fuserLayers = fuser->register_module("layers", torch::nn::ModuleList());
  for (int64_t i = 0; i < kFuserLayers; ++i) fuserLayers->push_back(CXBlock(inDim));
  out_proj = register_module("out_proj", torch::nn::Conv2d(torch::nn::Conv2dOptions(inDim, outDim, 1)));
}

MemoryEncoderOutput MemoryEncoderImpl::forward(const torch::Tensor& pixFeat, const torch::Tensor& masks,
                                               MemoryEncoderTrace* trace) {
  torch::Tensor downsampled = mask_downsampler(masks);
  torch::Tensor projected = pix_feat_proj(pixFeat);
  torch::Tensor x = projected + downsampled;
  for (const auto& layer : *fuserLayers) x = layer->as<CXBlock>()->forward(x);
  torch::Tensor fused = x;
  x = out_proj(x);
  if (trace) *trace = {downsampled, projected, fused, x};
  MemoryEncoderOutput out;
  out.features = x;
  out.posEnc = sinePositionEmbedding(outDim, x.size(2), x.size(3), x.options()).expand({x.size(0), -1, -1, -1}).to(x.scalar_type());
  return out;
}

}  // namespace permanence::sam2
