#include "deocclusion.h"

#include "amodal/amodal_masker.h"
#include "complete/content_completer.h"
#include "media/image_codec.h"
#include "staged_progress.h"

#include <algorithm>
#include <string>

namespace permanence::ui {

std::vector<ObjectSample> runDeocclusion(const std::string& sourcePath, const std::vector<Mask>& modal,
                                         const std::vector<Mask>& occluders, int topK,
                                         const DeocclusionBackends& backends, JobContext& context) {
  // Both backends start before any work, so a missing model fails the job at once.
  auto masker = makeAmodalMasker(backends.amodal, backends.model);
  auto completer = makeContentCompleter(backends.complete, backends.model);
  auto frames = openFrameSource(sourcePath);
  // One progress for the whole job: the amodal stage takes about as long as the K
  // completions together (permanence-cli amodal / complete --topk 3 on the 640x360
  // sample: 8.3 s and 9.7 s; --topk 1: 3.7 s and 2.1 s).
  std::vector<double> shares{0.45};
  for (int k = 0; k < topK; ++k) shares.push_back(0.55 / topK);
  StagedProgress progress(context, shares);
  AmodalInput amodalInput;
  amodalInput.frames = frames.get();
  amodalInput.modal = modal;
  amodalInput.occluders = occluders;
  AmodalOptions amodalOptions;
  amodalOptions.topK = topK;
  JobContext shapes = progress.stage(0, "amodal shapes");
  const std::vector<AmodalSample> found = masker->infer(amodalInput, amodalOptions, shapes);

  std::vector<ObjectSample> samples;
  for (std::size_t k = 0; k < found.size(); ++k) {
    const AmodalSample& shape = found[k];
    ObjectSample sample{shape.score, QString::fromStdString(shape.label), shape.masks,
                        std::vector<std::vector<uchar>>(modal.size())};
    CompletionInput input{frames.get(), modal, shape.masks};
    const LayerSink sink = [&sample](int, int frame, const cv::Mat& bgra) {
      sample.layers.at(frame) = encodePng(bgra);
    };
    JobContext completion = progress.stage(std::min<int>(static_cast<int>(k) + 1, topK),
                                           "completing sample " + std::to_string(k + 1) + " of " +
                                               std::to_string(found.size()));
    completer->complete(input, CompletionOptions{}, sink, completion);
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
