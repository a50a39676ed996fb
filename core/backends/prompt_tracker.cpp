#include "backends/prompt_tracker.h"

#include "backends/backend_registry.h"
#include "errors.h"

namespace permanence {

std::unique_ptr<PromptTracker> makePromptTracker(const std::string& backend, const TrackingBackendSettings& settings) {
  if (backend == "sam2") loadBackendPlugin(backend);
  if (const auto* factory = BackendRegistry::instance().tracking(backend)) return (*factory)(settings);
  throw InputError("unknown tracking backend '" + backend + "' (known: classic, sam2)");
}

}  // namespace permanence
