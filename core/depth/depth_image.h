#pragma once
// Depth Anything V2 on one OpenCV frame (the product's frames are cv::Mat; the model
// itself, depth_anything_v2.h, sees tensors only and builds without OpenCV).
#include <opencv2/core.hpp>
#include <torch/torch.h>

#include "depth/depth_anything_v2.h"

namespace permanence::depth {

// The official infer_image preprocessing: BGR 8-bit -> RGB in [0, 1], resized bicubically
// to depthInputShape, ImageNet mean/std. Returns (1, 3, H', W') float32.
torch::Tensor depthPreprocess(const cv::Mat& bgr, int64_t inputSize = 518);

}  // namespace permanence::depth
