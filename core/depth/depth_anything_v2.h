#pragma once
// Depth Anything V2 (DepthAnything/Depth-Anything-V2, depth_anything_v2/dpt.py):
// DINOv2 backbone (`pretrained.*`) + DPT head (`depth_head.*`), official names, so the
// published checkpoints load by key. Output is relative inverse depth (larger = nearer).
#include <opencv2/core.hpp>
#include <torch/torch.h>

#include <string>
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

// The official infer_image preprocessing: BGR 8-bit -> RGB in [0, 1], resized bicubically
// so both sides are at least `inputSize` keeping the aspect ratio, each side rounded to a
// multiple of 14 (rounded up where rounding would fall below inputSize), ImageNet
// mean/std. Returns (1, 3, H', W') float32.
torch::Tensor depthPreprocess(const cv::Mat& bgr, int64_t inputSize = 518);

// Depth scaled to [0, 1] by its own minimum and maximum (zeros when constant).
torch::Tensor normalizeDepthMinMax(const torch::Tensor& depth);

}  // namespace permanence::depth
