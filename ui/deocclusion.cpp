#include "deocclusion.h"

#include "media/image_codec.h"
#include "pipeline/object_masks.h"

namespace permanence::ui {
namespace {

// Keeps each sample as the session does: its shape, and its layers PNG-encoded (K raw
// layers of a whole clip would not fit in memory).
class SessionSamples : public DeocclusionSink {
 public:
  explicit SessionSamples(int frameCount) : frameCount_(frameCount) {}

  void shape(int, const AmodalSample& sample) override {
    samples.push_back({sample.score, QString::fromStdString(sample.label), sample.masks,
                       std::vector<std::vector<uchar>>(static_cast<std::size_t>(frameCount_))});
  }
  void layer(int k, int frame, const cv::Mat& bgra) override { samples.at(k).layers.at(frame) = encodePng(bgra); }

  std::vector<ObjectSample> samples;

 private:
  int frameCount_;
};

}  // namespace

std::vector<ObjectSample> runDeocclusion(const std::string& sourcePath, const std::vector<Mask>& modal,
                                         const std::vector<Mask>& occluders, int topK,
                                         const DeocclusionBackends& backends, JobContext& context) {
  const DeocclusionStages stages = openDeocclusionStages(backends);
  auto frames = openFrameSource(sourcePath);
  SessionSamples sink(static_cast<int>(modal.size()));
  deoccludeObject({frames.get(), modal, occluders, topK}, stages, sink, context);
  return std::move(sink.samples);
}

std::vector<Mask> otherObjectsMasks(const ObjectSession& session, int index) {
  ObjectsMasks objects;
  for (int o = 0; o < session.objectCount(); ++o) objects.push_back(session.masks(o));
  return permanence::otherObjectsMasks(objects, static_cast<std::size_t>(index));
}

}  // namespace permanence::ui
