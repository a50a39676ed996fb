#include "complete/content_completer.h"

#include "complete/classic_content_completer.h"
#include "errors.h"

namespace permanence {

std::unique_ptr<ContentCompleter> makeContentCompleter(const std::string& backend,
                                                       const ModelBackendSettings& settings) {
  if (backend == "classic") return std::make_unique<ClassicContentCompleter>();
  if (backend == "diffusion") loadBackendPlugin(backend);
  if (const auto* factory = BackendRegistry::instance().completion(backend)) return (*factory)(settings);
  throw InputError("unknown completion backend '" + backend + "' (known: classic, diffusion)");
}

void validateCompletionInput(const CompletionInput& input) {
  if (!input.frames) throw InputError("complete: no frames");
  const int count = input.frames->frameCount();
  const cv::Size size = input.frames->frameSize();
  for (const auto* masks : {&input.modal, &input.amodal}) {
    if (static_cast<int>(masks->size()) != count)
      throw InputError("complete: " + std::to_string(masks->size()) + " masks for " + std::to_string(count) +
                       " frames of " + input.frames->path());
    for (int i = 0; i < count; ++i)
      if ((*masks)[i].size() != size)
        throw InputError("complete: mask of frame " + input.frames->frameName(i) + " does not have the frame size");
  }
}

}  // namespace permanence
