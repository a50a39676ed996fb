#include "synth/pseudo_occlusion.h"

#include "errors.h"

#include <opencv2/imgproc.hpp>

namespace permanence {

OccluderCutout cutOut(const cv::Mat& bgr, const Mask& mask) {
  const cv::Rect box = mask.boundingBox();
  if (box.empty()) throw InputError("pseudo-occlusion: the occluder's mask is empty");
  return {bgr(box).clone(), mask.toMat()(box).clone()};
}

PseudoOccludedClip pseudoOcclude(const std::vector<cv::Mat>& frames, const std::vector<Mask>& target,
                                 const OccluderCutout& occluder, double coverage, double lane) {
  PseudoOccludedClip clip;
  const int count = static_cast<int>(frames.size());
  for (int t = 0; t < count; ++t) {
    const cv::Rect box = target[t].boundingBox();
    cv::Mat frame = frames[t].clone();
    cv::Mat occ = cv::Mat::zeros(frame.size(), CV_8U);
    if (!box.empty()) {
      const double scale = coverage * box.height / occluder.mask.rows;
      cv::Mat bgr, mask;
      cv::resize(occluder.bgr, bgr, {}, scale, scale, cv::INTER_LINEAR);
      cv::resize(occluder.mask, mask, {}, scale, scale, cv::INTER_NEAREST);
      const double progress = count > 1 ? static_cast<double>(t) / (count - 1) : 0.5;
      const int x = static_cast<int>(box.x - mask.cols + progress * (box.width + mask.cols));
      const int y = static_cast<int>(box.y + box.height / 2.0 - mask.rows / 2.0 + lane * box.height);
      const cv::Rect place = cv::Rect(x, y, mask.cols, mask.rows) & cv::Rect({0, 0}, frame.size());
      if (!place.empty()) {
        const cv::Rect src(place.x - x, place.y - y, place.width, place.height);
        bgr(src).copyTo(frame(place), mask(src));
        mask(src).copyTo(occ(place));
      }
    }
    const cv::Mat truth = target[t].toMat();
    clip.frames.push_back(frame);
    clip.amodal.push_back(target[t]);
    clip.modal.push_back(Mask::fromMat(truth & ~occ));
    clip.occluder.push_back(Mask::fromMat(occ));
    clip.amodalBgr.push_back(frames[t]);
  }
  return clip;
}

}  // namespace permanence
