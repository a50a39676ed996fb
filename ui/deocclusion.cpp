#include "deocclusion.h"

#include "amodal/amodal_masker.h"
#include "complete/content_completer.h"
#include "media/image_codec.h"

namespace permanence::ui {

std::vector<ObjectSample> runDeocclusion(const std::string& sourcePath, const std::vector<Mask>& modal,
                                         const std::vector<Mask>& occluders, int topK,
                                         const DeocclusionBackends& backends, JobContext& context) {
  // Both backends start before any work, so a missing model fails the job at once.
  auto masker = makeAmodalMasker(backends.amodal, backends.model);
  auto completer = makeContentCompleter(backends.complete, backends.model);
  auto frames = openFrameSource(sourcePath);
  AmodalInput amodalInput;
  amodalInput.frames = frames.get();
  amodalInput.modal = modal;
  amodalInput.occluders = occluders;
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

std::vector<Mask> otherObjectsMasks(const ObjectSession& session, int index) {
  std::vector<Mask> out;
  for (int o = 0; o < session.objectCount(); ++o) {
    if (o == index) continue;
    const std::vector<Mask> masks = session.masks(o);
    if (out.empty()) {
      out = masks;
      continue;
    }
    for (size_t t = 0; t < out.size() && t < masks.size(); ++t)
      out[t] = Mask::fromMat(out[t].toMat() | masks[t].toMat());
  }
  return out;
}

}  // namespace permanence::ui
