#pragma once
// Stage 1: from an object's visible (modal) masks over a clip, infer its full
// (amodal) shape in every frame. Backends are chosen by name; every backend
// returns K ranked samples, and every sample contains the modal mask.
#include "backends/backend_registry.h"
#include "jobs/job.h"
#include "mask/mask.h"
#include "media/frame_source.h"

#include <memory>
#include <string>
#include <vector>

namespace permanence {

struct AmodalInput {
  FrameSource* frames = nullptr;  // the clip
  std::vector<Mask> modal;        // one per frame, the frame's size
  // Optional cues, one per frame when given (else empty): the union of the other
  // objects' visible masks, and a depth map (CV_32F, larger = nearer). The object may
  // be hidden behind the other objects (what shows there is no plain background, even
  // where it stands still) and behind anything else; while it is hidden whole, a
  // shape that falls mostly on them stays inside them.
  std::vector<Mask> occluders;
  std::vector<cv::Mat> nearness;
};

struct AmodalSample {
  std::vector<Mask> masks;  // one per frame
  double score = 0;         // higher is more plausible; samples come sorted by it
  std::string label;        // what this hypothesis assumed
};

struct AmodalOptions {
  int topK = 1;
  std::uint64_t seed = 0;
};

class AmodalMasker {
 public:
  virtual ~AmodalMasker() = default;
  virtual std::string name() const = 0;
  // Throws InputError for inconsistent input (counts, sizes).
  virtual std::vector<AmodalSample> infer(const AmodalInput& input, const AmodalOptions& options,
                                          JobContext& context) = 0;
};

// "classic" (default), or a registered backend: "diffusion" loads its plugin on first
// use (backends/backend_registry.h) and reads `settings`. Any other name is refused,
// naming the backends there are.
std::unique_ptr<AmodalMasker> makeAmodalMasker(const std::string& backend, const ModelBackendSettings& settings = {});

// Checks counts and sizes; throws InputError naming the first problem.
void validateAmodalInput(const AmodalInput& input);

}  // namespace permanence
