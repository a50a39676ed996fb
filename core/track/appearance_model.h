#pragma once
// An object's colours against its surroundings, as two colour histograms (16 levels
// per BGR channel). Kept from the keyframe while the object is hidden, it tells where
// the object may have reappeared.
#include <opencv2/core.hpp>

#include <vector>

namespace permanence {

class AppearanceModel {
 public:
  AppearanceModel() = default;
  // `image` 8-bit BGR, `mask` 8-bit (non-zero = object). Background colours are taken
  // from the whole image outside the mask.
  AppearanceModel(const cv::Mat& image, const cv::Mat& mask);

  bool isValid() const { return !objectProbability_.empty(); }

  // Per pixel, the probability (CV_32F, 0..1) that the colour belongs to the object.
  cv::Mat objectProbability(const cv::Mat& image) const;

 private:
  std::vector<float> objectProbability_;  // per colour bin
};

}  // namespace permanence
