#include "track/colour_gmm.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace permanence {

namespace {

constexpr int kKMeansIterations = 5;
constexpr float kMaxCost = 40;

// Initial clusters: equal-count slices of the colours along their principal axis.
std::vector<int> principalAxisSlices(const ColourSamples& colours, int slices) {
  const int n = static_cast<int>(colours.size());
  cv::Mat samples(n, 3, CV_32F);
  for (int i = 0; i < n; ++i)
    for (int c = 0; c < 3; ++c) samples.at<float>(i, c) = colours.channels[c][i];
  const cv::PCA pca(samples, cv::noArray(), cv::PCA::DATA_AS_ROW, 1);
  const cv::Vec3f axis(pca.eigenvectors.ptr<float>());
  std::vector<float> along(n);
  for (int i = 0; i < n; ++i) along[i] = axis.dot(colours[i]);
  std::vector<float> sorted = along;
  std::vector<float> bounds;
  for (int s = 1; s < slices; ++s) {
    auto at = sorted.begin() + static_cast<long>(n) * s / slices;
    std::nth_element(sorted.begin(), at, sorted.end());
    bounds.push_back(*at);
  }
  std::vector<int> cluster(n);
  for (int i = 0; i < n; ++i)
    cluster[i] = static_cast<int>(std::upper_bound(bounds.begin(), bounds.end(), along[i]) - bounds.begin());
  return cluster;
}

// Every stride-th colour, at most about `count` of them.
ColourSamples subsample(const ColourSamples& colours, size_t count) {
  if (colours.size() <= count) return colours;
  const size_t stride = (colours.size() + count - 1) / count;
  ColourSamples result;
  for (size_t i = 0; i < colours.size(); i += stride) result.push_back(colours[i]);
  return result;
}

void kMeans(const ColourSamples& colours, std::vector<int>& cluster, int k) {
  for (int iteration = 0; iteration < kKMeansIterations; ++iteration) {
    std::vector<cv::Vec3d> sums(k, cv::Vec3d());
    std::vector<int> counts(k, 0);
    for (size_t i = 0; i < colours.size(); ++i) {
      sums[cluster[i]] += cv::Vec3d(colours[i]);
      ++counts[cluster[i]];
    }
    std::vector<cv::Vec3f> centres;
    for (int c = 0; c < k; ++c)
      if (counts[c]) centres.push_back(cv::Vec3f(sums[c] / counts[c]));
    for (size_t i = 0; i < colours.size(); ++i) {
      float best = std::numeric_limits<float>::max();
      const cv::Vec3f colour = colours[i];
      for (int c = 0; c < static_cast<int>(centres.size()); ++c) {
        const cv::Vec3f d = colour - centres[c];
        if (const float distance = d.dot(d); distance < best) {
          best = distance;
          cluster[i] = c;
        }
      }
    }
  }
}

}  // namespace

void ColourGmm::fit(const ColourSamples& colours) {
  CV_Assert(colours.size() > 0);
  // The start needs no more colours than this; the iterations that follow relearn
  // from all of them.
  constexpr size_t kFitSamples = 8000;
  const ColourSamples samples = subsample(colours, kFitSamples);
  std::vector<int> cluster = principalAxisSlices(samples, kComponents);
  kMeans(samples, cluster, kComponents);
  learn(samples, cluster);
}

void ColourGmm::learn(const ColourSamples& colours, const std::vector<int>& components) {
  std::array<cv::Vec3d, kComponents> sums{};
  std::array<cv::Matx33d, kComponents> products{};
  std::array<int, kComponents> counts{};
  for (size_t i = 0; i < colours.size(); ++i) {
    const cv::Vec3d c(colours[i]);
    sums[components[i]] += c;
    products[components[i]] += c * c.t();
    ++counts[components[i]];
  }
  for (int k = 0; k < kComponents; ++k) {
    Component& component = components_[k];
    component = {};
    if (counts[k] == 0) continue;
    component.mean = sums[k] / counts[k];
    cv::Matx33d covariance = products[k] * (1.0 / counts[k]) - component.mean * component.mean.t();
    // A component of one flat colour has a singular covariance: give it the spread of
    // 8-bit noise (2 levels). GrabCut's 0.01 made such a component so sharp that a
    // few stray pixels of a flat colour in the background model outweighed the object
    // model (a click on a striped disc kept three stripes; ui test_main_window).
    constexpr double kMinVariance = 4;
    for (int i = 0; i < 3; ++i) covariance(i, i) += kMinVariance;
    component.inverse = covariance.inv();
    component.weight = static_cast<double>(counts[k]) / colours.size();
    component.logNormaliser = std::log(component.weight) - 0.5 * std::log(cv::determinant(covariance));
  }
}

void ColourGmm::logDensities(const Component& c, const ColourSamples& colours, std::vector<float>& out) const {
  const size_t n = colours.size();
  out.resize(n);
  const float* b = colours.channels[0].data();
  const float* g = colours.channels[1].data();
  const float* r = colours.channels[2].data();
  const float mb = static_cast<float>(c.mean[0]), mg = static_cast<float>(c.mean[1]), mr = static_cast<float>(c.mean[2]);
  const cv::Matx33f m = cv::Matx33f(c.inverse) * -0.5f;
  const float bb = m(0, 0), gg = m(1, 1), rr = m(2, 2);
  const float bg = 2 * m(0, 1), br = 2 * m(0, 2), gr = 2 * m(1, 2);
  const float offset = static_cast<float>(c.logNormaliser);
  for (size_t i = 0; i < n; ++i) {
    const float db = b[i] - mb, dg = g[i] - mg, dr = r[i] - mr;
    out[i] = offset + bb * db * db + gg * dg * dg + rr * dr * dr + bg * db * dg + br * db * dr + gr * dg * dr;
  }
}

std::vector<int> ColourGmm::likeliestComponents(const ColourSamples& colours) const {
  std::vector<int> likeliest(colours.size(), 0);
  std::vector<float> best(colours.size(), -std::numeric_limits<float>::infinity()), current;
  for (int k = 0; k < kComponents; ++k) {
    if (components_[k].weight == 0) continue;
    logDensities(components_[k], colours, current);
    for (size_t i = 0; i < colours.size(); ++i)
      if (current[i] > best[i]) {
        best[i] = current[i];
        likeliest[i] = k;
      }
  }
  return likeliest;
}

std::vector<float> ColourGmm::costs(const ColourSamples& colours) const {
  const size_t n = colours.size();
  std::vector<float> sum(n, 0.f), current;
  for (const Component& component : components_) {
    if (component.weight == 0) continue;
    logDensities(component, colours, current);
    cv::Mat values(static_cast<int>(n), 1, CV_32F, current.data());
    cv::exp(values, values);
    for (size_t i = 0; i < n; ++i) sum[i] += current[i];
  }
  // -log(0) for colours beyond every component: the cap instead.
  const float floor = std::exp(-kMaxCost);
  for (float& s : sum) s = std::max(s, floor);
  cv::Mat values(static_cast<int>(n), 1, CV_32F, sum.data());
  cv::log(values, values);
  for (float& s : sum) s = -s;
  return sum;
}

}  // namespace permanence
