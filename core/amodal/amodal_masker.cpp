#include "amodal/amodal_masker.h"

#include "amodal/classic_amodal_masker.h"
#include "errors.h"

namespace permanence {

std::unique_ptr<AmodalMasker> makeAmodalMasker(const std::string& backend, const ModelBackendSettings& settings) {
  if (backend == "classic") return std::make_unique<ClassicAmodalMasker>();
  if (backend == "diffusion") loadBackendPlugin(backend);
  if (const auto* factory = BackendRegistry::instance().amodal(backend)) return (*factory)(settings);
  throw InputError("unknown amodal backend '" + backend + "' (known: classic, diffusion)");
}

void validateAmodalInput(const AmodalInput& input) {
  if (!input.frames) throw InputError("amodal: no frames");
  const int count = input.frames->frameCount();
  const cv::Size size = input.frames->frameSize();
  if (static_cast<int>(input.modal.size()) != count)
    throw InputError("amodal: " + std::to_string(input.modal.size()) + " masks for " + std::to_string(count) +
                     " frames of " + input.frames->path());
  for (int i = 0; i < count; ++i)
    if (input.modal[i].size() != size)
      throw InputError("amodal: mask of frame " + input.frames->frameName(i) + " is " +
                       std::to_string(input.modal[i].width()) + "x" + std::to_string(input.modal[i].height()) +
                       ", the frames are " + std::to_string(size.width) + "x" + std::to_string(size.height));
  if (!input.occluders.empty() && static_cast<int>(input.occluders.size()) != count)
    throw InputError("amodal: occluder masks must be given for every frame");
  if (!input.nearness.empty() && static_cast<int>(input.nearness.size()) != count)
    throw InputError("amodal: depth must be given for every frame");
}

}  // namespace permanence
