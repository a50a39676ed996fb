#pragma once
// The core's two de-occlusion stages for one object, run inside a job: the amodal
// masker gives K ranked shapes, and each shape is completed into RGBA layers.
#include "jobs/job.h"
#include "object_session.h"

#include <string>

namespace permanence::ui {

// Opens its own FrameSource on `sourcePath` (safe off the GUI thread). The backends
// are names for makeAmodalMasker / makeContentCompleter.
std::vector<ObjectSample> runDeocclusion(const std::string& sourcePath, const std::vector<Mask>& modal, int topK,
                                         const std::string& amodalBackend, const std::string& completeBackend,
                                         JobContext& context);

}  // namespace permanence::ui
