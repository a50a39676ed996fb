#include "sam2/sam2_preprocess.h"

namespace permanence::sam2 {
namespace {

namespace F = torch::nn::functional;

constexpr float kMean[3] = {0.485f, 0.456f, 0.406f};
constexpr float kStd[3] = {0.229f, 0.224f, 0.225f};

}  // namespace

torch::Tensor prepareFrames(const torch::Tensor& rgb, int64_t imageSize) {
  TORCH_CHECK(rgb.dim() == 4 && rgb.size(1) == 3, "SAM 2 frames must be (T, 3, H, W)");
  torch::Tensor x = rgb.to(torch::kFloat64);
  if (x.size(2) != imageSize || x.size(3) != imageSize)
    x = F::interpolate(x, F::InterpolateFuncOptions()
                              .size(std::vector<int64_t>{imageSize, imageSize})
                              .mode(torch::kBicubic)
                              .align_corners(false));
  x = (torch::clamp(torch::round(x), 0, 255) / 255.0).to(torch::kFloat32);
  const auto options = x.options();
  torch::Tensor mean = torch::from_blob(const_cast<float*>(kMean), {1, 3, 1, 1}, torch::kFloat32).to(options.device());
  torch::Tensor std = torch::from_blob(const_cast<float*>(kStd), {1, 3, 1, 1}, torch::kFloat32).to(options.device());
  return (x - mean) / std;
}

}  // namespace permanence::sam2
