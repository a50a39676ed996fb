#pragma once
// The tracking tier of `track` and `run`: classic (keyframes filled by the tracker)
// or a learned prompt tracker (--backend sam2 / --track-backend sam2) from its plugin.
#include "backends/prompt_tracker.h"
#include "jobs/job.h"
#include "object_prompts.h"

#include <map>
#include <memory>
#include <string>

namespace permanence::cli {

// Throws InputError for a name other than classic or sam2.
void checkTrackingBackend(const std::string& backend, const std::string& option);

// The learned tracker asked for, or null for the classic tier. Missing weights or a
// build without the plugin also give the classic tier, with one line on stderr saying
// which file is missing (weightsOption names the option that gives it); a weights file
// that is not a model is an InputError.
std::unique_ptr<PromptTracker> openLearnedTracker(const std::string& backend, const TrackingBackendSettings& settings,
                                                  const std::string& weightsOption);

// The object's masks on every frame and its keyframes (the prompted frames).
MaskTrack trackObject(FrameSource& source, const ObjectPrompts& object, const std::map<int, Mask>& masks,
                      PromptTracker* learned, JobContext& context);

}  // namespace permanence::cli
