#pragma once
// The editor's de-occlusion job for one object: core's pipeline (deoccludeObject)
// with the samples kept in memory as the session holds them (layers PNG-encoded).
#include "jobs/job.h"
#include "object_session.h"
#include "pipeline/object_deocclusion.h"

#include <string>
#include <vector>

namespace permanence::ui {

// Opens its own FrameSource on `sourcePath` (safe off the GUI thread). `occluders`:
// per frame, the union of the other objects' visible masks (empty when there are none).
std::vector<ObjectSample> runDeocclusion(const std::string& sourcePath, const std::vector<Mask>& modal,
                                         const std::vector<Mask>& occluders, int topK,
                                         const DeocclusionBackends& backends, JobContext& context);

// The `occluders` of object `index`: the union of every other object's masks per frame
// (empty when the session holds no other object).
std::vector<Mask> otherObjectsMasks(const ObjectSession& session, int index);

}  // namespace permanence::ui
