#pragma once
// Stage 2: paint the hidden part of an object. The output is one RGBA layer per
// frame: alpha is the amodal mask, visible pixels are the original ones, hidden
// pixels are completed. Backends are chosen by name; K ranked samples.
#include "backends/backend_registry.h"
#include "jobs/job.h"
#include "mask/mask.h"
#include "media/frame_source.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace permanence {

struct CompletionInput {
  FrameSource* frames = nullptr;
  std::vector<Mask> modal;   // one per frame
  std::vector<Mask> amodal;  // one per frame; amodal ⊇ modal is enforced
};

struct CompletionOptions {
  int topK = 1;
  std::uint64_t seed = 0;
  int featherPixels = 0;  // soften the layer's alpha edge by this radius
};

// What one of the K samples assumed and how plausible it is (higher is better).
struct CompletionSample {
  double score = 0;
  std::string label;
};

// Receives each completed layer (BGRA, frame size, straight alpha) as soon as it
// is ready, so no stage holds a whole clip of layers in memory.
using LayerSink = std::function<void(int sample, int frame, const cv::Mat& bgra)>;

class ContentCompleter {
 public:
  virtual ~ContentCompleter() = default;
  virtual std::string name() const = 0;
  // Returns one entry per sample, in sample order (not ranked).
  virtual std::vector<CompletionSample> complete(const CompletionInput& input, const CompletionOptions& options,
                                                 const LayerSink& sink, JobContext& context) = 0;
};

// "classic" (default), or a registered backend ("diffusion": see makeAmodalMasker).
std::unique_ptr<ContentCompleter> makeContentCompleter(const std::string& backend,
                                                       const ModelBackendSettings& settings = {});

// Checks counts and sizes; throws InputError naming the first problem.
void validateCompletionInput(const CompletionInput& input);

}  // namespace permanence
