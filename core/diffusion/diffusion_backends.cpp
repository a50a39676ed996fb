#include "diffusion/diffusion_backends.h"

#include "diffusion/diffusion_amodal_masker.h"
#include "diffusion/diffusion_content_completer.h"

namespace permanence::diffusion {

void registerDiffusionBackends(BackendRegistry& registry) {
  registry.addAmodal("diffusion", [](const ModelBackendSettings& settings) -> std::unique_ptr<AmodalMasker> {
    return std::make_unique<DiffusionAmodalMasker>(DiffusionBackendConfig::forAmodal(settings));
  });
  registry.addCompletion("diffusion", [](const ModelBackendSettings& settings) -> std::unique_ptr<ContentCompleter> {
    return std::make_unique<DiffusionContentCompleter>(DiffusionBackendConfig::forCompletion(settings));
  });
}

}  // namespace permanence::diffusion
