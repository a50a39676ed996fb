#include "track/appearance_model.h"

namespace permanence {

namespace {

constexpr int kBins = 16 * 16 * 16;

int colourBin(const cv::Vec3b& c) { return ((c[0] >> 4) << 8) | ((c[1] >> 4) << 4) | (c[2] >> 4); }

}  // namespace

AppearanceModel::AppearanceModel(const cv::Mat& image, const cv::Mat& mask) {
  std::vector<double> object(kBins, 0.0), background(kBins, 0.0);
  double objectCount = 0, backgroundCount = 0;
  for (int y = 0; y < image.rows; ++y) {
    const cv::Vec3b* row = image.ptr<cv::Vec3b>(y);
    const uchar* m = mask.ptr<uchar>(y);
    for (int x = 0; x < image.cols; ++x) {
      if (m[x]) {
        object[colourBin(row[x])] += 1;
        objectCount += 1;
      } else {
        background[colourBin(row[x])] += 1;
        backgroundCount += 1;
      }
    }
  }
  if (objectCount == 0 || backgroundCount == 0) return;
  // Normalised frequencies with a small prior, so unseen colours count as undecided.
  const double prior = 0.5 / kBins;
  objectProbability_.resize(kBins);
  for (int i = 0; i < kBins; ++i) {
    const double po = object[i] / objectCount + prior;
    const double pb = background[i] / backgroundCount + prior;
    objectProbability_[i] = static_cast<float>(po / (po + pb));
  }
}

cv::Mat AppearanceModel::objectProbability(const cv::Mat& image) const {
  cv::Mat result(image.size(), CV_32FC1, cv::Scalar(0.5f));
  if (!isValid()) return result;
  for (int y = 0; y < image.rows; ++y) {
    const cv::Vec3b* row = image.ptr<cv::Vec3b>(y);
    float* out = result.ptr<float>(y);
    for (int x = 0; x < image.cols; ++x) out[x] = objectProbability_[colourBin(row[x])];
  }
  return result;
}

}  // namespace permanence
