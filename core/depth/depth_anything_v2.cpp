#include "depth/depth_anything_v2.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace permanence::depth {
namespace {

// Official Resize.constrain_to_multiple_of with ensure_multiple_of 14 and min_val.
int64_t constrainToMultipleOf14(double x, int64_t minVal) {
  auto y = static_cast<int64_t>(std::nearbyint(x / 14.0) * 14.0);
  if (y < minVal) y = static_cast<int64_t>(std::ceil(x / 14.0) * 14.0);
  return y;
}

}  // namespace

DepthAnythingV2Config DepthAnythingV2Config::forEncoder(const std::string& encoder) {
  DepthAnythingV2Config c;
  if (encoder == "vits") {
    c.backbone = {384, 12, 6, 4, 14, 518};
    c.features = 64;
    c.outChannels = {48, 96, 192, 384};
    c.intermediateLayers = {2, 5, 8, 11};
  } else if (encoder == "vitb") {
    c.backbone = {768, 12, 12, 4, 14, 518};
    c.features = 128;
    c.outChannels = {96, 192, 384, 768};
    c.intermediateLayers = {2, 5, 8, 11};
  } else if (encoder == "vitl") {
    c.backbone = {1024, 24, 16, 4, 14, 518};
    c.features = 256;
    c.outChannels = {256, 512, 1024, 1024};
    c.intermediateLayers = {4, 11, 17, 23};
  } else {
    throw std::invalid_argument("Depth Anything V2: unknown encoder '" + encoder + "' (expected vits, vitb or vitl)");
  }
  return c;
}

DepthAnythingV2Impl::DepthAnythingV2Impl(const DepthAnythingV2Config& c) : config(c) {
  pretrained = register_module("pretrained", DinoVisionTransformer(c.backbone));
  depth_head = register_module("depth_head", DptHead(c.backbone.embedDim, c.features, c.outChannels));
}

torch::Tensor DepthAnythingV2Impl::forward(const torch::Tensor& image) {
  auto features = pretrained->intermediateLayers(image, config.intermediateLayers);
  const int64_t patch = config.backbone.patchSize;
  torch::Tensor depth = depth_head(features, image.size(2) / patch, image.size(3) / patch);
  return torch::relu(depth).squeeze(1);
}

std::pair<int64_t, int64_t> depthInputShape(int64_t rows, int64_t cols, int64_t inputSize) {
  const double scaleH = static_cast<double>(inputSize) / rows, scaleW = static_cast<double>(inputSize) / cols;
  const double scale = std::max(scaleH, scaleW);  // lower_bound: both sides reach inputSize
  return {constrainToMultipleOf14(scale * rows, inputSize), constrainToMultipleOf14(scale * cols, inputSize)};
}

torch::Tensor normalizeLikeImageNet(const torch::Tensor& rgb) {
  torch::Tensor mean = torch::tensor({0.485f, 0.456f, 0.406f}, rgb.options()).view({1, 3, 1, 1});
  torch::Tensor std = torch::tensor({0.229f, 0.224f, 0.225f}, rgb.options()).view({1, 3, 1, 1});
  return (rgb - mean) / std;
}

torch::Tensor normalizeDepthMinMax(const torch::Tensor& depth) {
  torch::Tensor lo = depth.min(), range = depth.max() - lo;
  if (range.item<double>() <= 0.0) return torch::zeros_like(depth);
  return (depth - lo) / range;
}

}  // namespace permanence::depth
