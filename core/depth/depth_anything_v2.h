#pragma once
// Depth Anything V2 (DepthAnything/Depth-Anything-V2, depth_anything_v2/dpt.py):
// DINOv2 backbone (`pretrained.*`) + DPT head (`depth_head.*`), official names, so the
// published checkpoints load by key. Output is relative inverse depth (larger = nearer).
#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

#include "depth/dinov2.h"
#include "depth/dpt_head.h"

namespace permanence::depth {

struct DepthAnythingV2Config {
  DinoV2Config backbone;
  int64_t features = 64;
  std::vector<int64_t> outChannels{48, 96, 192, 384};
  std::vector<int64_t> intermediateLayers{2, 5, 8, 11};

  // The official encoders: "vits", "vitb", "vitl"; anything else is refused by name.
  static DepthAnythingV2Config forEncoder(const std::string& encoder);
};

struct DepthAnythingV2Impl : torch::nn::Module {
  explicit DepthAnythingV2Impl(const DepthAnythingV2Config& config);

  // image (B, 3, H, W), ImageNet-normalised, H and W multiples of 14 -> depth (B, H, W).
  torch::Tensor forward(const torch::Tensor& image);

  DepthAnythingV2Config config;
  DinoVisionTransformer pretrained{nullptr};
  DptHead depth_head{nullptr};
};
TORCH_MODULE(DepthAnythingV2);

// The official infer_image input size for a rows x cols image: both sides at least
// `inputSize` keeping the aspect ratio, each rounded to a multiple of 14 (rounded up
// where rounding would fall below inputSize). Returns {height, width}.
std::pair<int64_t, int64_t> depthInputShape(int64_t rows, int64_t cols, int64_t inputSize = 518);

// RGB in [0, 1] (B, 3, H, W) normalised with ImageNet's mean and std, as the model expects.
torch::Tensor normalizeLikeImageNet(const torch::Tensor& rgb);

// Depth scaled to [0, 1] by its own minimum and maximum (zeros when constant).
torch::Tensor normalizeDepthMinMax(const torch::Tensor& depth);

}  // namespace permanence::depth
