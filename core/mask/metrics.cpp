#include "mask/metrics.h"

#include <opencv2/core.hpp>

#include <stdexcept>

namespace permanence {
namespace {

void requireSameSize(const Mask& a, const Mask& b) {
  if (a.size() != b.size()) throw std::invalid_argument("mask metrics: masks of different sizes");
}

double iouOfMats(const cv::Mat& a, const cv::Mat& b) {
  const int inter = cv::countNonZero(a & b);
  const int uni = cv::countNonZero(a | b);
  return uni == 0 ? 1.0 : static_cast<double>(inter) / uni;
}

void requireSameCount(size_t a, size_t b) {
  if (a != b) throw std::invalid_argument("mask metrics: frame counts differ");
}

}  // namespace

double iou(const Mask& a, const Mask& b) {
  requireSameSize(a, b);
  return iouOfMats(a.toMat(), b.toMat());
}

double meanIou(const std::vector<Mask>& predicted, const std::vector<Mask>& truth) {
  requireSameCount(predicted.size(), truth.size());
  if (truth.empty()) return 0.0;
  double sum = 0;
  for (size_t i = 0; i < truth.size(); ++i) sum += iou(predicted[i], truth[i]);
  return sum / truth.size();
}

std::optional<double> meanIouOccluded(const std::vector<Mask>& predicted,
                                      const std::vector<Mask>& truth,
                                      const std::vector<Mask>& modal) {
  requireSameCount(predicted.size(), truth.size());
  requireSameCount(modal.size(), truth.size());
  double sum = 0;
  int frames = 0;
  for (size_t i = 0; i < truth.size(); ++i) {
    requireSameSize(predicted[i], truth[i]);
    requireSameSize(modal[i], truth[i]);
    const cv::Mat visible = modal[i].toMat();
    const cv::Mat hiddenTruth = truth[i].toMat() & ~visible;
    if (cv::countNonZero(hiddenTruth) == 0) continue;
    const cv::Mat hiddenPred = predicted[i].toMat() & ~visible;
    sum += iouOfMats(hiddenPred, hiddenTruth);
    ++frames;
  }
  if (frames == 0) return std::nullopt;
  return sum / frames;
}

double davisJ(const std::vector<Mask>& predicted, const std::vector<Mask>& truth, size_t first) {
  requireSameCount(predicted.size(), truth.size());
  if (truth.size() <= first) return 0.0;
  double sum = 0;
  for (size_t i = first; i < truth.size(); ++i) sum += iou(predicted[i], truth[i]);
  return sum / (truth.size() - first);
}

}  // namespace permanence
