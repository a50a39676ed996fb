#include "pipeline/background_plate_job.h"

namespace permanence {

void makeBackgroundPlate(FrameSource& frames, const ObjectsMasks& removed,
                         const std::function<void(int, const cv::Mat&)>& sink, JobContext& context) {
  std::vector<Mask> remove = unionOfMasks(removed);
  if (remove.empty()) {
    const cv::Size size = frames.frameSize();
    remove.assign(frames.frameCount(), Mask(size.width, size.height));
  }
  fillBackground(frames, remove, {}, sink, context);
}

}  // namespace permanence
