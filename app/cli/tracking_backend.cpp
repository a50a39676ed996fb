#include "tracking_backend.h"

#include "backends/backend_registry.h"
#include "errors.h"
#include "track/tracker.h"

#include <filesystem>
#include <iostream>

namespace permanence::cli {

void checkTrackingBackend(const std::string& backend, const std::string& option) {
  if (backend != "classic" && backend != "sam2")
    throw InputError(option + " '" + backend + "': expected classic or sam2");
}

std::unique_ptr<PromptTracker> openLearnedTracker(const std::string& backend, const TrackingBackendSettings& settings,
                                                  const std::string& weightsOption) {
  if (backend == "classic") return nullptr;
  std::string missing;
  if (settings.weights.empty()) missing = "no " + weightsOption + " file given";
  else if (!std::filesystem::is_regular_file(settings.weights)) missing = "weights file " + settings.weights + " not found";
  if (!missing.empty()) {
    std::cerr << backend << ": " << missing << "; tracking with the classic tier" << std::endl;
    return nullptr;
  }
  try {
    return makePromptTracker(backend, settings);
  } catch (const BackendUnavailable& e) {
    // A bad weights file or device (InputError) is the user's to fix; a build without
    // the plugin tracks as well as it can.
    std::cerr << backend << ": " << e.what() << "; tracking with the classic tier" << std::endl;
    return nullptr;
  }
}

MaskTrack trackObject(FrameSource& source, const ObjectPrompts& object, const std::map<int, Mask>& masks,
                      PromptTracker* learned, JobContext& context) {
  if (!learned) {
    MaskTrack track = keyframesFromPrompts(source, object, masks);
    track.setMasks(0, Tracker().propagate(source, track, {0, track.frameCount() - 1}, context));
    return track;
  }
  MaskTrack track(source.frameCount(), source.frameSize());
  const std::vector<FramePrompt> prompts = framePrompts(object, masks);
  track.setMasks(0, learned->track(source, prompts, context));
  for (const FramePrompt& prompt : prompts) track.setKeyframe(prompt.frame, track.mask(prompt.frame));
  return track;
}

}  // namespace permanence::cli
