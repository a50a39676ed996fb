#include "diffusion/vas_models.h"

#include <cstdio>

#include "errors.h"
#include "nn/state_dict.h"
#include "nn/warning.h"

namespace permanence::diffusion {

VasDevice VasDevice::parse(const std::string& text) {
  VasDevice out;
  std::string name = text, precision;
  if (auto plus = text.find('+'); plus != std::string::npos) {
    name = text.substr(0, plus);
    precision = text.substr(plus + 1);
  }
  if (name == "cpu") {
    out.device = torch::kCPU;
  } else if (name.rfind("cuda", 0) == 0) {
    if (!torch::cuda::is_available())
      throw InputError("device '" + text + "': this build's libtorch has no CUDA device available "
                       "(build with -DPERMANENCE_TORCH_DIR=<CUDA libtorch>, see README)");
    out.device = torch::Device(name);
    out.modelDtype = torch::kBFloat16;
  } else {
    throw InputError("unknown device '" + text + "' (expected cpu, cuda or cuda:N, optionally +fp16/+bf16)");
  }
  if (precision == "fp16") out.modelDtype = torch::kFloat16;
  else if (precision == "bf16") out.modelDtype = torch::kBFloat16;
  else if (precision == "fp32") out.modelDtype = torch::kFloat32;
  else if (!precision.empty()) throw InputError("device '" + text + "': unknown precision '" + precision + "'");
  return out;
}

namespace {

// Older transformers checkpoints carry `vision_model.embeddings.position_ids`, a
// buffer the model recomputes; it is dropped before the strict load.
void loadImageEncoder(CLIPVisionModelWithProjectionImpl& model, const ComponentFolder& component,
                      const VasDevice& device) {
  const std::string positionIds = "vision_model.embeddings.position_ids";
  bool hasPositionIds = false;
  for (const auto& file : component.files()) hasPositionIds = hasPositionIds || file.contains(positionIds);
  if (!hasPositionIds) {
    component.load(model, device.modelDtype, device.device);
    return;
  }
  nn::TensorMap tensors;
  for (const auto& file : component.files())
    for (const auto& name : file.names())
      if (name != positionIds) tensors.emplace(name, nn::loadTensor(file, name));
  model.to(device.device, device.modelDtype);
  nn::loadStateDict(model, tensors, component.folder().string());
}

}  // namespace

VasModels VasModels::load(const VasPipelineFolder& folder, const VasDevice& device) {
  // The published UNet has 1.5 B parameters: one 25-frame clip takes hours on a CPU.
  constexpr int64_t kCpuPracticalParameters = 200'000'000;
  if (device.device.is_cpu() && folder.unetParameterCount() > kCpuPracticalParameters) {
    char billions[32];
    std::snprintf(billions, sizeof billions, "%.2f", static_cast<double>(folder.unetParameterCount()) / 1e9);
    nn::warn(folder.folder().string() + ": a " + billions +
             " B-parameter UNet on the CPU needs hours per 25-frame clip and sample; "
             "use a CUDA build (-DPERMANENCE_TORCH_DIR) and --device cuda");
  }
  VasModels m{folder, device};
  m.unet = UNetSpatioTemporalConditionModel(folder.unetConfig());
  folder.unet().load(*m.unet, device.modelDtype, device.device);
  m.vae = AutoencoderKLTemporalDecoder(folder.vaeConfig());
  folder.vae().load(*m.vae, torch::kFloat32, device.device);
  m.imageEncoder = CLIPVisionModelWithProjection(folder.clipConfig());
  loadImageEncoder(*m.imageEncoder, folder.imageEncoder(), device);
  m.unet->eval();
  m.vae->eval();
  m.imageEncoder->eval();
  return m;
}

}  // namespace permanence::diffusion
