#pragma once
// Frames as SAM 2 takes them: resized to S x S (aspect ratio not kept), [0, 1], then
// normalised with the ImageNet mean and std. The reference resizes with PIL's bicubic
// filter on JPEG files; this is the golden vectors' stand-in: torch's bicubic in
// float64, rounded to whole 8-bit values (sam2 README of ../shared/golden).
#include <torch/torch.h>

namespace permanence::sam2 {

// rgb (T, 3, H, W), values 0..255 (any dtype) -> (T, 3, S, S) float32.
torch::Tensor prepareFrames(const torch::Tensor& rgb, int64_t imageSize);

}  // namespace permanence::sam2
