#pragma once
// A Gaussian mixture over BGR colours, as GrabCut's: five full-covariance components.
// Learnt deterministically (no random start), so the same pixels always give the same
// model whatever the state of OpenCV's random generator. Colours are evaluated in
// batches (one channel per array) so that the arithmetic vectorises.
#include <opencv2/core.hpp>

#include <array>
#include <vector>

namespace permanence {

// Colours as three parallel channel arrays.
struct ColourSamples {
  std::vector<float> channels[3];

  size_t size() const { return channels[0].size(); }
  void push_back(const cv::Vec3f& colour) {
    for (int c = 0; c < 3; ++c) channels[c].push_back(colour[c]);
  }
  cv::Vec3f operator[](size_t i) const { return {channels[0][i], channels[1][i], channels[2][i]}; }
};

class ColourGmm {
 public:
  static constexpr int kComponents = 5;

  // Clusters the colours (k-means started from equal-count slices along their
  // principal axis) and learns one component per cluster. `colours` must not be empty.
  void fit(const ColourSamples& colours);

  // The likeliest component of each colour.
  std::vector<int> likeliestComponents(const ColourSamples& colours) const;

  // Learns each component from the colours assigned to it (`components[i]` for
  // colour i); a component left without colours drops out of the mixture.
  void learn(const ColourSamples& colours, const std::vector<int>& components);

  // -log of the mixture's density at each colour: the cost of calling the colour this
  // model's (capped: a colour far from every component costs as much as any).
  std::vector<float> costs(const ColourSamples& colours) const;

 private:
  struct Component {
    double weight = 0;
    cv::Vec3d mean;
    cv::Matx33d inverse;
    double logNormaliser = 0;  // log(weight / sqrt(det(covariance)))
  };
  // log(weight * density) of every colour under one component.
  void logDensities(const Component& component, const ColourSamples& colours, std::vector<float>& out) const;

  std::array<Component, kComponents> components_;
};

}  // namespace permanence
