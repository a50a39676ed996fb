#include "track/superpixel_grab_cut.h"

#include "track/colour_gmm.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/imgproc/detail/gcgraph.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace permanence {

namespace {

// GrabCut's smoothness weight; a sure superpixel's cost of the other label.
constexpr double kGamma = 50;
constexpr double kSureSuperpixel = 1e9;

enum Constraint : uchar { kFree, kObject, kBackground };

// The four neighbours a row-major scan has already passed (left, up-left, up,
// up-right) with their distances: each neighbouring pair once.
struct Offset {
  int dx, dy;
  double distance;
};
constexpr double kDiagonal = 1.4142135623730951;
constexpr Offset kBackward[4] = {{-1, 0, 1.0}, {-1, -1, kDiagonal}, {0, -1, 1.0}, {1, -1, kDiagonal}};
constexpr Offset kAround[8] = {{-1, 0, 1.0}, {-1, -1, kDiagonal}, {0, -1, 1.0}, {1, -1, kDiagonal},
                               {1, 0, 1.0},  {1, 1, kDiagonal},   {0, 1, 1.0},  {-1, 1, kDiagonal}};

bool inside(cv::Size size, int x, int y) { return x >= 0 && y >= 0 && x < size.width && y < size.height; }

// The colours on each side of the labelling: [0] background, [1] object.
std::array<ColourSamples, 2> split(const ColourSamples& colours, const std::vector<uchar>& object) {
  std::array<ColourSamples, 2> sides;
  for (size_t p = 0; p < colours.size(); ++p) sides[object[p] ? 1 : 0].push_back(colours[p]);
  return sides;
}

// Assigns each pixel to the likeliest component of its side's model, then relearns
// both models from those assignments (one GrabCut iteration's learning step).
void relearn(const ColourSamples& colours, const std::vector<uchar>& object, ColourGmm& objectModel,
             ColourGmm& backgroundModel) {
  const std::array<ColourSamples, 2> sides = split(colours, object);
  backgroundModel.learn(sides[0], backgroundModel.likeliestComponents(sides[0]));
  objectModel.learn(sides[1], objectModel.likeliestComponents(sides[1]));
}

}  // namespace

SuperpixelGrabCut::SuperpixelGrabCut(const cv::Mat& image, SuperpixelGrabCutOptions options)
    : options_(options), size_(image.size()) {
  CV_Assert(image.type() == CV_8UC3);
  for (int y = 0; y < image.rows; ++y)
    for (int x = 0; x < image.cols; ++x) colours_.push_back(cv::Vec3f(image.at<cv::Vec3b>(y, x)));
  superpixels_ = computeSuperpixels(image, options_.superpixelStep, options_.compactness);

  // GrabCut's contrast scale: beta = 1 / (2 * mean squared colour difference).
  double sum = 0;
  long count = 0;
  for (int y = 0; y < size_.height; ++y)
    for (int x = 0; x < size_.width; ++x)
      for (const Offset& o : kBackward)
        if (inside(size_, x + o.dx, y + o.dy)) {
          const cv::Vec3f d = colours_[y * size_.width + x] - colours_[(y + o.dy) * size_.width + x + o.dx];
          sum += d.dot(d);
          ++count;
        }
  beta_ = sum > 0 ? count / (2 * sum) : 0;

  // A superpixel pair's weight: the sum of the pixel weights across its border.
  neighbours_.assign(superpixels_.count, {});
  for (int y = 0; y < size_.height; ++y)
    for (int x = 0; x < size_.width; ++x) {
      const int p = y * size_.width + x;
      const int a = superpixels_.labels.at<int>(y, x);
      for (const Offset& o : kBackward) {
        if (!inside(size_, x + o.dx, y + o.dy)) continue;
        const int b = superpixels_.labels.at<int>(y + o.dy, x + o.dx);
        if (a == b) continue;
        const double w = pixelWeight(p, (y + o.dy) * size_.width + x + o.dx, o.distance);
        std::vector<Neighbour>& list = neighbours_[std::min(a, b)];
        const int other = std::max(a, b);
        auto it = std::find_if(list.begin(), list.end(), [&](const Neighbour& n) { return n.superpixel == other; });
        if (it == list.end()) list.push_back({other, w});
        else it->weight += w;
      }
    }
}

double SuperpixelGrabCut::pixelWeight(int p, int q, double distance) const {
  const cv::Vec3f d = colours_[p] - colours_[q];
  return kGamma / distance * std::exp(-beta_ * d.dot(d));
}

std::vector<uchar> SuperpixelGrabCut::superpixelConstraints(const cv::Mat& labels) const {
  std::vector<uchar> constraint(superpixels_.count, kFree);
  for (int y = 0; y < size_.height; ++y)
    for (int x = 0; x < size_.width; ++x) {
      const uchar label = labels.at<uchar>(y, x);
      uchar& c = constraint[superpixels_.labels.at<int>(y, x)];
      if (label == cv::GC_FGD) c = kObject;
      else if (label == cv::GC_BGD && c == kFree) c = kBackground;
    }
  return constraint;
}

cv::Mat SuperpixelGrabCut::cut(const cv::Mat& labels, int iterations) const {
  CV_Assert(labels.type() == CV_8UC1 && labels.size() == size_ && labels.isContinuous() && iterations > 0);
  const int pixels = static_cast<int>(colours_.size());
  std::vector<uchar> object(pixels);
  for (int p = 0; p < pixels; ++p) object[p] = labels.data[p] & 1;
  const std::array<ColourSamples, 2> sides = split(colours_, object);
  auto toMask = [&] {
    cv::Mat mask(size_, CV_8UC1);
    for (int p = 0; p < pixels; ++p) mask.data[p] = object[p] ? 255 : 0;
    return mask;
  };
  if (sides[0].size() == 0 || sides[1].size() == 0) return toMask();

  ColourGmm objectModel, backgroundModel;
  objectModel.fit(sides[1]);
  backgroundModel.fit(sides[0]);
  const std::vector<uchar> constraint = superpixelConstraints(labels);
  const int count = superpixels_.count;
  std::vector<float> objectCost, backgroundCost;
  const int* superpixel = superpixels_.labels.ptr<int>();
  for (int iteration = 0; iteration < iterations; ++iteration) {
    relearn(colours_, object, objectModel, backgroundModel);
    objectCost = objectModel.costs(colours_);
    backgroundCost = backgroundModel.costs(colours_);
    std::vector<double> objectSum(count, 0.0), backgroundSum(count, 0.0);
    for (int p = 0; p < pixels; ++p) {
      const int s = superpixel[p];
      objectSum[s] += objectCost[p];
      backgroundSum[s] += backgroundCost[p];
    }
    cv::detail::GCGraph<double> graph(count, 2 * count * 8);
    for (int s = 0; s < count; ++s) {
      graph.addVtx();
      if (constraint[s] == kObject) graph.addTermWeights(s, kSureSuperpixel, 0);
      else if (constraint[s] == kBackground) graph.addTermWeights(s, 0, kSureSuperpixel);
      else graph.addTermWeights(s, backgroundSum[s], objectSum[s]);
    }
    for (int s = 0; s < count; ++s)
      for (const Neighbour& n : neighbours_[s]) {
        const double w = n.weight * options_.superpixelSmoothness;
        graph.addEdges(s, n.superpixel, w, w);
      }
    graph.maxFlow();
    for (int p = 0; p < pixels; ++p) {
      const uchar label = labels.data[p];
      object[p] = label == cv::GC_FGD || (label != cv::GC_BGD && graph.inSourceSegment(superpixel[p]));
    }
  }
  if (options_.refineBand > 0) refineBand(labels, objectCost, backgroundCost, object);
  return toMask();
}

// A pixel-level cut on the pixels within refineBand of the object's edge; pixels
// beyond the band keep their label and pull on their band neighbours.
void SuperpixelGrabCut::refineBand(const cv::Mat& labels, const std::vector<float>& objectCost,
                                   const std::vector<float>& backgroundCost, std::vector<uchar>& object) const {
  cv::Mat mask(size_, CV_8UC1);
  for (size_t p = 0; p < object.size(); ++p) mask.data[p] = object[p] ? 255 : 0;
  const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_RECT, {2 * options_.refineBand + 1, 2 * options_.refineBand + 1});
  cv::Mat grown, shrunk;
  cv::dilate(mask, grown, kernel);
  cv::erode(mask, shrunk, kernel);
  std::vector<int> vertex(object.size(), -1);
  std::vector<int> band;
  for (int p = 0; p < static_cast<int>(object.size()); ++p) {
    const uchar label = labels.data[p];
    if (grown.data[p] != shrunk.data[p] && label != cv::GC_FGD && label != cv::GC_BGD) {
      vertex[p] = static_cast<int>(band.size());
      band.push_back(p);
    }
  }
  if (band.empty()) return;
  cv::detail::GCGraph<double> graph(static_cast<unsigned>(band.size()), static_cast<unsigned>(band.size() * 8));
  for (const int p : band) {
    graph.addVtx();
    const int x = p % size_.width, y = p / size_.width;
    double source = backgroundCost[p], sink = objectCost[p];
    for (const Offset& o : kAround) {
      if (!inside(size_, x + o.dx, y + o.dy)) continue;
      const int q = (y + o.dy) * size_.width + x + o.dx;
      if (vertex[q] >= 0) continue;  // a band pair: an edge, added below
      const double w = pixelWeight(p, q, o.distance);
      (object[q] ? source : sink) += w;
    }
    graph.addTermWeights(vertex[p], source, sink);
  }
  for (const int p : band) {
    const int x = p % size_.width, y = p / size_.width;
    for (const Offset& o : kBackward) {
      if (!inside(size_, x + o.dx, y + o.dy)) continue;
      const int q = (y + o.dy) * size_.width + x + o.dx;
      if (vertex[q] < 0) continue;
      const double w = pixelWeight(p, q, o.distance);
      graph.addEdges(vertex[p], vertex[q], w, w);
    }
  }
  graph.maxFlow();
  for (const int p : band) object[p] = graph.inSourceSegment(vertex[p]);
}

}  // namespace permanence
