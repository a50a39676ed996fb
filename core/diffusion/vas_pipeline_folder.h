#pragma once
// A published Diffusion-VAS pipeline folder (diffusion-vas-amodal-segmentation or
// diffusion-vas-content-completion, diffusers layout): model_index.json, unet/, vae/,
// image_encoder/ and scheduler/. open() checks the layout, the configs, the weight file
// headers and the tensors that fix the architecture (input convs, projections, with
// their shapes) before any model is built, and names what is missing or wrong; the
// strict key-by-key check follows at load, still before any weight is read.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "diffusion/autoencoder_kl_temporal_decoder.h"
#include "diffusion/clip_vision.h"
#include "diffusion/diffusers_folder.h"
#include "diffusion/unet_spatio_temporal.h"

namespace permanence::diffusion {

// The published pipeline folders' names inside --weights-dir.
constexpr const char* kAmodalPipelineFolder = "diffusion-vas-amodal-segmentation";
constexpr const char* kContentPipelineFolder = "diffusion-vas-content-completion";

class VasPipelineFolder {
 public:
  static VasPipelineFolder open(const std::filesystem::path& folder);

  const std::filesystem::path& folder() const { return folder_; }
  const UNetConfig& unetConfig() const { return unetConfig_; }  // extraInChannels set from conv_in2
  const VaeConfig& vaeConfig() const { return vaeConfig_; }
  const ClipVisionConfig& clipConfig() const { return clipConfig_; }
  const nlohmann::json& schedulerConfig() const { return schedulerConfig_; }
  const ComponentFolder& unet() const { return unet_; }
  const ComponentFolder& vae() const { return vae_; }
  const ComponentFolder& imageEncoder() const { return imageEncoder_; }
  // Parameters of the UNet, from its weight headers (for memory and time estimates).
  int64_t unetParameterCount() const;

 private:
  std::filesystem::path folder_;
  ComponentFolder unet_, vae_, imageEncoder_;
  UNetConfig unetConfig_;
  VaeConfig vaeConfig_;
  ClipVisionConfig clipConfig_;
  nlohmann::json schedulerConfig_;
};

}  // namespace permanence::diffusion
