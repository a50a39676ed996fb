#include "diffusion/diffusion_backend_config.h"

#include <algorithm>
#include <vector>

#include "errors.h"

namespace permanence::diffusion {
namespace {

DiffusionBackendConfig common(const ModelBackendSettings& settings, const char* folderName) {
  if (settings.weightsDir.empty())
    throw InputError(std::string("the diffusion backend needs --weights-dir: a folder holding ") +
                     kAmodalPipelineFolder + "/, " + kContentPipelineFolder +
                     "/ and depth_anything_v2_<encoder>.safetensors");
  DiffusionBackendConfig config;
  config.pipelineFolder = std::filesystem::path(settings.weightsDir) / folderName;
  const std::string device = settings.device.empty() ? (torch::cuda::is_available() ? "cuda" : "cpu") : settings.device;
  config.device = VasDevice::parse(device);
  // Top-K samples share UNet batches on a GPU (2 samples = batch 4 with guidance, a few
  // GiB at 25x256x512 in bf16); one at a time on the CPU, where memory is the limit.
  config.settings.samplesPerBatch = config.device.device.is_cuda() ? 2 : 1;
  if (settings.steps > 0) config.settings.steps = settings.steps;
  if (settings.windowStride > 0) config.settings.windowStride = settings.windowStride;
  if (settings.workWidth > 0) config.settings.width = settings.workWidth;
  if (settings.workHeight > 0) config.settings.height = settings.workHeight;
  config.settings.correctedClipContext = settings.correctedVariant;
  if (settings.fpsId >= 0) config.settings.fpsId = settings.fpsId;
  return config;
}

std::filesystem::path findDepthWeights(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> found;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("depth_anything_v2", 0) == 0 && entry.path().extension() == ".safetensors")
      found.push_back(entry.path());
  }
  if (found.empty())
    throw InputError(folder.string() + ": no depth_anything_v2*.safetensors (convert the official .pth with "
                     "packaging/convert_depth_anything_pth.py, or pass --depth-weights)");
  std::sort(found.begin(), found.end());
  return found.back();  // vitl sorts after vitb and vits: the largest model wins
}

}  // namespace

DiffusionBackendConfig DiffusionBackendConfig::forAmodal(const ModelBackendSettings& settings) {
  DiffusionBackendConfig config = common(settings, kAmodalPipelineFolder);
  config.depthWeights = settings.depthWeights.empty() ? findDepthWeights(settings.weightsDir)
                                                      : std::filesystem::path(settings.depthWeights);
  return config;
}

DiffusionBackendConfig DiffusionBackendConfig::forCompletion(const ModelBackendSettings& settings) {
  return common(settings, kContentPipelineFolder);
}

}  // namespace permanence::diffusion
