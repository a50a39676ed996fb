#include "track/superpixels.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <limits>
#include <vector>

namespace permanence {

namespace {

struct Centre {
  float l, a, b, x, y;
};

std::vector<Centre> gridCentres(const cv::Mat& lab, int step) {
  const int columns = std::max(1, (lab.cols + step / 2) / step);
  const int rows = std::max(1, (lab.rows + step / 2) / step);
  std::vector<Centre> centres;
  centres.reserve(static_cast<size_t>(columns) * rows);
  for (int j = 0; j < rows; ++j)
    for (int i = 0; i < columns; ++i) {
      const int x = std::min(lab.cols - 1, static_cast<int>((i + 0.5) * lab.cols / columns));
      const int y = std::min(lab.rows - 1, static_cast<int>((j + 0.5) * lab.rows / rows));
      const cv::Vec3b c = lab.at<cv::Vec3b>(y, x);
      centres.push_back({static_cast<float>(c[0]), static_cast<float>(c[1]), static_cast<float>(c[2]),
                         static_cast<float>(x), static_cast<float>(y)});
    }
  return centres;
}

// Each pixel joins the centre nearest in colour and (weighted) position among the
// centres whose 2-step window holds it; then each centre moves to its pixels' mean.
void iterate(const cv::Mat& lab, std::vector<Centre>& centres, int step, double compactness, cv::Mat& labels) {
  cv::Mat distance(lab.size(), CV_32F);
  const float spatial = static_cast<float>((compactness / step) * (compactness / step));
  distance.setTo(std::numeric_limits<float>::max());
  for (int k = 0; k < static_cast<int>(centres.size()); ++k) {
    const Centre& c = centres[k];
    const int x0 = std::max(0, static_cast<int>(c.x) - step), x1 = std::min(lab.cols, static_cast<int>(c.x) + step + 1);
    const int y0 = std::max(0, static_cast<int>(c.y) - step), y1 = std::min(lab.rows, static_cast<int>(c.y) + step + 1);
    for (int y = y0; y < y1; ++y) {
      const uchar* p = lab.ptr<uchar>(y);
      float* d = distance.ptr<float>(y);
      int* label = labels.ptr<int>(y);
      const float dy = y - c.y;
      for (int x = x0; x < x1; ++x) {
        const float dl = p[3 * x] - c.l, da = p[3 * x + 1] - c.a, db = p[3 * x + 2] - c.b, dx = x - c.x;
        const float value = dl * dl + da * da + db * db + spatial * (dx * dx + dy * dy);
        if (value < d[x]) {
          d[x] = value;
          label[x] = k;
        }
      }
    }
  }
  std::vector<double> sums(centres.size() * 6, 0.0);
  for (int y = 0; y < lab.rows; ++y) {
    const uchar* p = lab.ptr<uchar>(y);
    const int* label = labels.ptr<int>(y);
    for (int x = 0; x < lab.cols; ++x) {
      double* s = &sums[label[x] * 6];
      s[0] += p[3 * x];
      s[1] += p[3 * x + 1];
      s[2] += p[3 * x + 2];
      s[3] += x;
      s[4] += y;
      s[5] += 1;
    }
  }
  for (size_t k = 0; k < centres.size(); ++k) {
    const double* s = &sums[k * 6];
    if (s[5] == 0) continue;
    centres[k] = {static_cast<float>(s[0] / s[5]), static_cast<float>(s[1] / s[5]), static_cast<float>(s[2] / s[5]),
                  static_cast<float>(s[3] / s[5]), static_cast<float>(s[4] / s[5])};
  }
}

// Relabels the 4-connected regions 0..n-1. A region smaller than `minArea` (a sliver
// SLIC leaves where two superpixels compete) joins the adjacent region of the nearest
// mean colour, so that it does not cross an edge.
int enforceConnectivity(const cv::Mat& lab, cv::Mat& labels, int minArea) {
  const cv::Size size = labels.size();
  cv::Mat result(size, CV_32S, cv::Scalar(-1));
  std::vector<cv::Point> region;
  std::vector<cv::Vec4d> sums;  // L, a, b, pixel count of each final region
  const cv::Point neighbours[4] = {{-1, 0}, {0, -1}, {1, 0}, {0, 1}};
  auto within = [&](cv::Point q) { return q.x >= 0 && q.y >= 0 && q.x < size.width && q.y < size.height; };
  for (int y = 0; y < size.height; ++y)
    for (int x = 0; x < size.width; ++x) {
      if (result.at<int>(y, x) >= 0) continue;
      const int count = static_cast<int>(sums.size());
      const int original = labels.at<int>(y, x);
      region.assign(1, {x, y});
      result.at<int>(y, x) = count;
      cv::Vec4d sum;
      for (size_t i = 0; i < region.size(); ++i) {
        const cv::Vec3b c = lab.at<cv::Vec3b>(region[i]);
        sum += cv::Vec4d(c[0], c[1], c[2], 1);
        for (const cv::Point& n : neighbours) {
          const cv::Point q = region[i] + n;
          if (!within(q) || result.at<int>(q) >= 0 || labels.at<int>(q) != original) continue;
          result.at<int>(q) = count;
          region.push_back(q);
        }
      }
      int join = -1;
      if (static_cast<int>(region.size()) < minArea) {
        const cv::Vec3d mean(sum[0] / sum[3], sum[1] / sum[3], sum[2] / sum[3]);
        double nearest = std::numeric_limits<double>::max();
        for (const cv::Point& p : region)
          for (const cv::Point& n : neighbours) {
            const cv::Point q = p + n;
            if (!within(q)) continue;
            const int other = result.at<int>(q);
            if (other < 0 || other == count) continue;
            const cv::Vec4d& s = sums[other];
            const double distance = cv::norm(cv::Vec3d(s[0] / s[3], s[1] / s[3], s[2] / s[3]) - mean);
            if (distance < nearest) {
              nearest = distance;
              join = other;
            }
          }
      }
      if (join < 0) {
        sums.push_back(sum);
        continue;
      }
      for (const cv::Point& p : region) result.at<int>(p) = join;
      sums[join] += sum;
    }
  labels = result;
  return static_cast<int>(sums.size());
}

}  // namespace

Superpixels computeSuperpixels(const cv::Mat& image, int step, double compactness, int iterations) {
  CV_Assert(image.type() == CV_8UC3 && step > 0);
  cv::Mat lab;
  cv::cvtColor(image, lab, cv::COLOR_BGR2Lab);
  std::vector<Centre> centres = gridCentres(lab, step);
  Superpixels result;
  result.labels = cv::Mat::zeros(image.size(), CV_32S);
  for (int i = 0; i < iterations; ++i) iterate(lab, centres, step, compactness, result.labels);
  result.count = enforceConnectivity(lab, result.labels, std::max(1, step * step / 4));
  return result;
}

}  // namespace permanence
