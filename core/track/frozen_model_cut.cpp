#include "track/frozen_model_cut.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/imgproc/detail/gcgraph.hpp>

#include <array>
#include <cmath>
#include <limits>
#include <vector>

namespace permanence {

namespace {

constexpr int kComponents = 5;  // cv::grabCut's mixtures
constexpr double kGamma = 50;   // cv::grabCut's smoothness weight

// A colour mixture in cv::grabCut's layout: the weights, then the means, then the
// covariances (row-major 3x3) of its components.
class FrozenMixture {
 public:
  explicit FrozenMixture(const cv::Mat& model) {
    CV_Assert(model.type() == CV_64FC1 && model.rows == 1 && model.cols == 13 * kComponents);
    const double* weights = model.ptr<double>();
    const double* means = weights + kComponents;
    const double* covariances = means + 3 * kComponents;
    for (int k = 0; k < kComponents; ++k) {
      Component& c = components_[k];
      c.weight = weights[k];
      if (c.weight <= 0) continue;
      c.mean = cv::Vec3d(means + 3 * k);
      const cv::Matx33d covariance(covariances + 9 * k);
      const double determinant = cv::determinant(covariance);
      CV_Assert(determinant > std::numeric_limits<double>::epsilon());
      c.inverse = covariance.inv();
      c.scale = c.weight / std::sqrt(determinant);
    }
  }

  // -log of the mixture's density at `colour` (infinite where it is zero, as cv::grabCut).
  double cost(const cv::Vec3b& colour) const {
    const cv::Vec3d x(colour[0], colour[1], colour[2]);
    double density = 0;
    for (const Component& c : components_) {
      if (c.weight <= 0) continue;
      const cv::Vec3d d = x - c.mean;
      density += c.scale * std::exp(-0.5 * d.dot(c.inverse * d));
    }
    return -std::log(density);
  }

 private:
  struct Component {
    double weight = 0;
    cv::Vec3d mean;
    cv::Matx33d inverse;
    double scale = 0;  // weight / sqrt(det(covariance))
  };
  std::array<Component, kComponents> components_;
};

struct Offset {
  int dx, dy;
  double distance;
};
constexpr double kDiagonal = 1.4142135623730951;
// The neighbours a row-major scan has passed (each pair once), and all eight.
constexpr Offset kBackward[4] = {{-1, 0, 1.0}, {-1, -1, kDiagonal}, {0, -1, 1.0}, {1, -1, kDiagonal}};
constexpr Offset kAround[8] = {{-1, 0, 1.0}, {-1, -1, kDiagonal}, {0, -1, 1.0}, {1, -1, kDiagonal},
                               {1, 0, 1.0},  {1, 1, kDiagonal},   {0, 1, 1.0},  {-1, 1, kDiagonal}};

bool inside(const cv::Mat& image, int x, int y) { return x >= 0 && y >= 0 && x < image.cols && y < image.rows; }

double squaredDifference(const cv::Vec3b& a, const cv::Vec3b& b) {
  const double d0 = a[0] - b[0], d1 = a[1] - b[1], d2 = a[2] - b[2];
  return d0 * d0 + d1 * d1 + d2 * d2;
}

// GrabCut's contrast scale over the whole image: 1 / (2 * mean squared difference of
// neighbouring colours).
double contrastScale(const cv::Mat& image) {
  double sum = 0;
  double pairs = 0;
  for (int y = 0; y < image.rows; ++y)
    for (int x = 0; x < image.cols; ++x)
      for (const Offset& o : kBackward)
        if (inside(image, x + o.dx, y + o.dy)) {
          sum += squaredDifference(image.at<cv::Vec3b>(y, x), image.at<cv::Vec3b>(y + o.dy, x + o.dx));
          ++pairs;
        }
  return sum > std::numeric_limits<double>::epsilon() ? pairs / (2 * sum) : 0;
}

bool undecided(uchar label) { return label == cv::GC_PR_BGD || label == cv::GC_PR_FGD; }

}  // namespace

void cutWithFrozenModels(const cv::Mat& image, cv::Mat& labels, const cv::Mat& backgroundModel,
                         const cv::Mat& objectModel) {
  CV_Assert(image.type() == CV_8UC3 && labels.type() == CV_8UC1 && labels.size() == image.size());
  const FrozenMixture background(backgroundModel), object(objectModel);
  const double beta = contrastScale(image);
  auto weight = [&](int x, int y, const Offset& o) {
    return kGamma / o.distance *
           std::exp(-beta * squaredDifference(image.at<cv::Vec3b>(y, x), image.at<cv::Vec3b>(y + o.dy, x + o.dx)));
  };

  cv::Mat vertex(image.size(), CV_32SC1, cv::Scalar(-1));
  int count = 0;
  for (int y = 0; y < image.rows; ++y)
    for (int x = 0; x < image.cols; ++x)
      if (undecided(labels.at<uchar>(y, x))) vertex.at<int>(y, x) = count++;
  if (count == 0) return;

  cv::detail::GCGraph<double> graph(static_cast<unsigned>(count), static_cast<unsigned>(count) * 8);
  for (int y = 0; y < image.rows; ++y)
    for (int x = 0; x < image.cols; ++x) {
      const int v = vertex.at<int>(y, x);
      if (v < 0) continue;
      graph.addVtx();
      const cv::Vec3b colour = image.at<cv::Vec3b>(y, x);
      // The source side is the object: the source link is cut (paid) when the pixel
      // ends up background. A sure neighbour adds the smoothness cost of disagreeing.
      double costAsBackground = background.cost(colour), costAsObject = object.cost(colour);
      for (const Offset& o : kAround) {
        if (!inside(image, x + o.dx, y + o.dy)) continue;
        const uchar neighbour = labels.at<uchar>(y + o.dy, x + o.dx);
        if (undecided(neighbour)) continue;
        (neighbour == cv::GC_FGD ? costAsBackground : costAsObject) += weight(x, y, o);
      }
      graph.addTermWeights(v, costAsBackground, costAsObject);
      for (const Offset& o : kBackward) {
        if (!inside(image, x + o.dx, y + o.dy)) continue;
        const int u = vertex.at<int>(y + o.dy, x + o.dx);
        if (u < 0) continue;
        const double w = weight(x, y, o);
        graph.addEdges(v, u, w, w);
      }
    }
  graph.maxFlow();
  for (int y = 0; y < image.rows; ++y)
    for (int x = 0; x < image.cols; ++x)
      if (const int v = vertex.at<int>(y, x); v >= 0)
        labels.at<uchar>(y, x) = graph.inSourceSegment(v) ? cv::GC_PR_FGD : cv::GC_PR_BGD;
}

}  // namespace permanence
