#include "deocclusion.h"

#include "amodal/amodal_masker.h"
#include "complete/content_completer.h"
#include "media/image_codec.h"

namespace permanence::ui {

std::vector<ObjectSample> runDeocclusion(const std::string& sourcePath, const std::vector<Mask>& modal, int topK,
                                         const DeocclusionBackends& backends, JobContext& context) {
  // Both backends start before any work, so a missing model fails the job at once.
  auto masker = makeAmodalMasker(backends.amodal, backends.model);
  auto completer = makeContentCompleter(backends.complete, backends.model);
  auto frames = openFrameSource(sourcePath);
  AmodalInput amodalInput;
  amodalInput.frames = frames.get();
  amodalInput.modal = modal;
  AmodalOptions amodalOptions;
  amodalOptions.topK = topK;
  const std::vector<AmodalSample> shapes = masker->infer(amodalInput, amodalOptions, context);

  std::vector<ObjectSample> samples;
  for (const AmodalSample& shape : shapes) {
    ObjectSample sample{shape.score, QString::fromStdString(shape.label), shape.masks,
                        std::vector<std::vector<uchar>>(modal.size())};
    CompletionInput input{frames.get(), modal, shape.masks};
    const LayerSink sink = [&sample](int, int frame, const cv::Mat& bgra) {
      sample.layers.at(frame) = encodePng(bgra);
    };
    completer->complete(input, CompletionOptions{}, sink, context);
    samples.push_back(std::move(sample));
  }
  return samples;
}

}  // namespace permanence::ui
