#include "pipeline/object_deocclusion.h"

#include "jobs/staged_progress.h"

#include <algorithm>
#include <string>

namespace permanence {
namespace {

// Stage 1 takes about as long as the K completions together (permanence-cli amodal /
// complete --topk 3 on the 640x360 sample: 8.3 s and 9.7 s; --topk 1: 3.7 s and 2.1 s).
constexpr double kAmodalShare = 0.45;

}  // namespace

DeocclusionStages openDeocclusionStages(const DeocclusionBackends& backends) {
  return {makeAmodalMasker(backends.amodal, backends.model), makeContentCompleter(backends.complete, backends.model)};
}

void deoccludeObject(const ObjectDeocclusionInput& input, const DeocclusionStages& stages, DeocclusionSink& sink,
                     JobContext& context) {
  const int topK = std::max(1, input.topK);
  std::vector<double> shares{kAmodalShare};
  for (int k = 0; k < topK; ++k) shares.push_back((1 - kAmodalShare) / topK);
  StagedProgress progress(context, shares);

  AmodalInput amodalInput;
  amodalInput.frames = input.frames;
  amodalInput.modal = input.modal;
  amodalInput.occluders = input.occluders;
  AmodalOptions amodalOptions;
  amodalOptions.topK = topK;
  JobContext shapes = progress.stage(0, "amodal shapes");
  const std::vector<AmodalSample> found = stages.masker->infer(amodalInput, amodalOptions, shapes);

  for (std::size_t k = 0; k < found.size(); ++k) {
    const int sample = static_cast<int>(k);
    sink.shape(sample, found[k]);
    JobContext completion = progress.stage(std::min(sample + 1, topK), "completing sample " + std::to_string(k + 1) +
                                                                           " of " + std::to_string(found.size()));
    const LayerSink layers = [&](int, int frame, const cv::Mat& bgra) { sink.layer(sample, frame, bgra); };
    stages.completer->complete({input.frames, input.modal, found[k].masks}, CompletionOptions{}, layers, completion);
    sink.sampleDone(sample);
  }
}

}  // namespace permanence
