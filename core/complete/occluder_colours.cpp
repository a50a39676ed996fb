#include "complete/occluder_colours.h"

#include <opencv2/imgproc.hpp>

namespace permanence {
namespace {

constexpr int kBinsPerChannel = 16;  // 16 grey levels a bin
constexpr int kBins = kBinsPerChannel * kBinsPerChannel * kBinsPerChannel;
constexpr int kMinPixels = 50;
// A colour is the occluder's where its share among the occluder's pixels is this many
// times its share among the object's (with a pseudo-count of one pixel a bin).
constexpr double kOdds = 4;

int binOf(const cv::Vec3b& c) {
  constexpr int shift = 4;  // 256 / kBinsPerChannel
  return ((c[0] >> shift) * kBinsPerChannel + (c[1] >> shift)) * kBinsPerChannel + (c[2] >> shift);
}

// Counts per bin, each bin shared with its 26 neighbours (a colour a few grey levels
// off the ones seen is the same colour).
std::vector<double> histogram(const cv::Mat& frame, const cv::Mat& where, int& pixels) {
  std::vector<double> counts(kBins, 0);
  pixels = 0;
  for (int y = 0; y < frame.rows; ++y) {
    const cv::Vec3b* p = frame.ptr<cv::Vec3b>(y);
    const uchar* w = where.ptr<uchar>(y);
    for (int x = 0; x < frame.cols; ++x)
      if (w[x]) {
        ++counts[binOf(p[x])];
        ++pixels;
      }
  }
  std::vector<double> spread(kBins, 0);
  const int n = kBinsPerChannel;
  for (int b = 0; b < n; ++b)
    for (int g = 0; g < n; ++g)
      for (int r = 0; r < n; ++r) {
        double sum = 0;
        for (int db = -1; db <= 1; ++db)
          for (int dg = -1; dg <= 1; ++dg)
            for (int dr = -1; dr <= 1; ++dr) {
              const int bb = b + db, gg = g + dg, rr = r + dr;
              if (bb >= 0 && gg >= 0 && rr >= 0 && bb < n && gg < n && rr < n) sum += counts[(bb * n + gg) * n + rr];
            }
        spread[(b * n + g) * n + r] = sum;
      }
  return spread;
}

}  // namespace

OccluderColours::OccluderColours(const cv::Mat& frame, const cv::Mat& occluder, const cv::Mat& object) {
  int occluderPixels = 0, objectPixels = 0;
  const cv::Rect box = cv::boundingRect(occluder | object);
  if (box.empty()) return;
  const std::vector<double> occ = histogram(frame(box), occluder(box), occluderPixels);
  const std::vector<double> obj = histogram(frame(box), object(box), objectPixels);
  if (occluderPixels < kMinPixels || objectPixels < kMinPixels) return;
  known_ = true;
  occluderBins_.assign(kBins, 0);
  for (int i = 0; i < kBins; ++i)
    if ((occ[i] + 1) / occluderPixels > kOdds * (obj[i] + 1) / objectPixels) occluderBins_[i] = 255;
}

cv::Mat OccluderColours::occluderLike(const cv::Mat& bgr) const {
  cv::Mat out = cv::Mat::zeros(bgr.size(), CV_8U);
  if (!known_) return out;
  for (int y = 0; y < bgr.rows; ++y) {
    const cv::Vec3b* p = bgr.ptr<cv::Vec3b>(y);
    uchar* o = out.ptr<uchar>(y);
    for (int x = 0; x < bgr.cols; ++x) o[x] = occluderBins_[binOf(p[x])];
  }
  return out;
}

}  // namespace permanence
