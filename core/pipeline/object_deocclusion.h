#pragma once
// The de-occlusion of one object, as `run` and the editor's de-occlusion job do it:
// stage 1 gives K ranked amodal shapes (seeing the other objects' visible masks as
// occluders), and stage 2 completes each shape into RGBA layers. Everything made goes
// through one sink, so the caller decides where it lives (a project folder, memory).
#include "amodal/amodal_masker.h"
#include "complete/content_completer.h"
#include "jobs/job.h"

#include <memory>
#include <string>
#include <vector>

namespace permanence {

// The backends of the two stages by name (makeAmodalMasker / makeContentCompleter)
// and what a model backend starts with (weights folder, depth file, device).
struct DeocclusionBackends {
  std::string amodal = "classic";
  std::string complete = "classic";
  ModelBackendSettings model;
};

// Both stages, opened before any work, so that a missing model fails at once.
struct DeocclusionStages {
  std::unique_ptr<AmodalMasker> masker;
  std::unique_ptr<ContentCompleter> completer;
};
// Throws InputError naming an unknown backend or what a model backend lacks.
DeocclusionStages openDeocclusionStages(const DeocclusionBackends& backends);

struct ObjectDeocclusionInput {
  FrameSource* frames = nullptr;  // the clip
  std::vector<Mask> modal;        // the object's visible masks, one per frame
  std::vector<Mask> occluders;    // otherObjectsMasks(); empty when there is no other object
  int topK = 1;
};

class DeocclusionSink {
 public:
  virtual ~DeocclusionSink() = default;
  // Sample k's shape (k = 0 is the best), before any of its layers.
  virtual void shape(int k, const AmodalSample& sample) = 0;
  // Sample k's completed layer of `frame` (BGRA, the frame's size).
  virtual void layer(int k, int frame, const cv::Mat& bgra) = 0;
  // All of sample k's layers were given.
  virtual void sampleDone(int k) { (void)k; }
};

// One progress over both stages. Throws what the stages throw (InputError for input
// that does not fit, Cancelled when cancelled).
void deoccludeObject(const ObjectDeocclusionInput& input, const DeocclusionStages& stages, DeocclusionSink& sink,
                     JobContext& context);

}  // namespace permanence
