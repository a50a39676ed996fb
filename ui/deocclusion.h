#pragma once
// The core's two de-occlusion stages for one object, run inside a job: the amodal
// masker gives K ranked shapes, and each shape is completed into RGBA layers.
#include "jobs/job.h"
#include "backends/backend_registry.h"
#include "object_session.h"

#include <string>

namespace permanence::ui {

// The backends of the two stages (names for makeAmodalMasker / makeContentCompleter)
// and what a model backend starts with (weights folder, depth file, device).
struct DeocclusionBackends {
  std::string amodal = "classic";
  std::string complete = "classic";
  ModelBackendSettings model;
};

// Opens its own FrameSource on `sourcePath` (safe off the GUI thread). `occluders`:
// per frame, the union of the other objects' visible masks (empty when there are none),
// where stage 1 may find the object hidden behind another one.
std::vector<ObjectSample> runDeocclusion(const std::string& sourcePath, const std::vector<Mask>& modal,
                                         const std::vector<Mask>& occluders, int topK,
                                         const DeocclusionBackends& backends, JobContext& context);

// The `occluders` of object `index`: the union of every other object's masks per frame
// (empty when the session holds no other object).
std::vector<Mask> otherObjectsMasks(const ObjectSession& session, int index);

}  // namespace permanence::ui
