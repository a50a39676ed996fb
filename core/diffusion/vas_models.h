#pragma once
// The three networks of one Diffusion-VAS pipeline folder, loaded on a device. On CUDA
// the UNet and the CLIP image encoder run in half precision (bf16 by default) and the
// VAE in float32, as the reference upcasts it; on the CPU everything is float32.
#include <string>

#include "diffusion/vas_pipeline_folder.h"

namespace permanence::diffusion {

struct VasDevice {
  torch::Device device = torch::kCPU;
  torch::Dtype modelDtype = torch::kFloat32;  // UNet and CLIP; the VAE is always float32
  // "cpu", "cuda", "cuda:N", optionally "+fp16" or "+bf16" ("cuda" alone means bf16);
  // throws InputError when CUDA is asked for and this libtorch has none.
  static VasDevice parse(const std::string& text);
};

struct VasModels {
  VasPipelineFolder folder;
  VasDevice device;
  UNetSpatioTemporalConditionModel unet{nullptr};
  AutoencoderKLTemporalDecoder vae{nullptr};
  CLIPVisionModelWithProjection imageEncoder{nullptr};

  // Builds the modules from the validated configs and loads them strictly.
  static VasModels load(const VasPipelineFolder& folder, const VasDevice& device);
};

}  // namespace permanence::diffusion
