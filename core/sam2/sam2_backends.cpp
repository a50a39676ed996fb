#include "sam2/sam2_backends.h"

#include "sam2/sam2_prompt_tracker.h"

namespace permanence::sam2 {

void registerSam2Backends(BackendRegistry& registry) {
  registry.addTracking("sam2", [](const TrackingBackendSettings& settings) -> std::unique_ptr<PromptTracker> {
    return Sam2PromptTracker::open(settings);
  });
}

}  // namespace permanence::sam2
