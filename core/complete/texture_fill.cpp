#include "complete/texture_fill.h"

#include <opencv2/imgproc.hpp>

#include <limits>
#include <random>
#include <vector>

namespace permanence {
namespace {

constexpr int kRadius = 2;       // 5x5 patches
constexpr int kRandomTries = 8;  // random known places tried per pixel
constexpr int kMinOverlap = 4;   // known pixels two patches must share to be compared

// Sum of squared differences per shared known pixel between the patches at p and c
// (both inside `image`); infinity when they share too few.
double patchCost(const cv::Mat& image, const cv::Mat& filled, const cv::Mat& original, cv::Point p, cv::Point c) {
  double sum = 0;
  int n = 0;
  for (int dy = -kRadius; dy <= kRadius; ++dy) {
    const int py = p.y + dy, cy = c.y + dy;
    if (py < 0 || cy < 0 || py >= image.rows || cy >= image.rows) continue;
    const cv::Vec3b* a = image.ptr<cv::Vec3b>(py);
    const cv::Vec3b* b = image.ptr<cv::Vec3b>(cy);
    const uchar* fa = filled.ptr<uchar>(py);
    const uchar* ob = original.ptr<uchar>(cy);
    for (int dx = -kRadius; dx <= kRadius; ++dx) {
      const int px = p.x + dx, cx = c.x + dx;
      if (px < 0 || cx < 0 || px >= image.cols || cx >= image.cols || !fa[px] || !ob[cx]) continue;
      for (int k = 0; k < 3; ++k) {
        const double d = static_cast<double>(a[px][k]) - b[cx][k];
        sum += d * d;
      }
      ++n;
    }
  }
  return n >= kMinOverlap ? sum / n : std::numeric_limits<double>::infinity();
}

}  // namespace

void synthesiseTexture(cv::Mat& image, const cv::Mat& holes, const cv::Mat& known, std::uint64_t seed) {
  const cv::Rect roi = cv::boundingRect(holes | known);
  if (roi.empty() || cv::countNonZero(holes) == 0) return;
  cv::Mat img = image(roi);
  const cv::Mat original = known(roi) & ~holes(roi);  // what may be copied
  std::vector<cv::Point> sources;
  cv::findNonZero(original, sources);
  if (sources.empty()) return;
  cv::Mat filled = original.clone();  // known so far (originals and filled pixels)
  const cv::Mat pending = holes(roi).clone();
  cv::Mat sourceOf(roi.size(), CV_32SC2, cv::Scalar(-1, -1));
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<size_t> pick(0, sources.size() - 1);
  const cv::Rect inside({0, 0}, roi.size());
  const cv::Mat ring = cv::getStructuringElement(cv::MORPH_RECT, {3, 3});
  cv::Mat grown;
  std::vector<cv::Point> layer;
  while (true) {
    // The hole pixels next to known ones: the next layer of the peel.
    cv::dilate(filled, grown, ring);
    cv::findNonZero(grown & pending & ~filled, layer);
    if (layer.empty()) {
      // A piece of the hole that touches nothing known: seed it with one known pixel.
      std::vector<cv::Point> rest;
      cv::findNonZero(pending & ~filled, rest);
      if (rest.empty()) break;
      const cv::Point seedAt = sources[pick(rng)];
      img.at<cv::Vec3b>(rest.front()) = img.at<cv::Vec3b>(seedAt);
      sourceOf.at<cv::Vec2i>(rest.front()) = cv::Vec2i(seedAt.x, seedAt.y);
      filled.at<uchar>(rest.front()) = 255;
      continue;
    }
    for (const cv::Point p : layer) {
      cv::Point best(-1, -1);
      double bestCost = std::numeric_limits<double>::infinity();
      const auto tryAt = [&](cv::Point c) {
        if (!inside.contains(c) || !original.at<uchar>(c)) return;
        const double cost = patchCost(img, filled, original, p, c);
        if (cost < bestCost) {
          bestCost = cost;
          best = c;
        }
      };
      // Continue a neighbour's source (coherent pieces), then random places, then
      // the best one's own neighbours.
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const cv::Point q(p.x + dx, p.y + dy);
          if (!inside.contains(q)) continue;
          const cv::Vec2i s = sourceOf.at<cv::Vec2i>(q);
          if (s[0] >= 0) tryAt(cv::Point(s[0] - dx, s[1] - dy));
        }
      for (int i = 0; i < kRandomTries; ++i) tryAt(sources[pick(rng)]);
      if (best.x >= 0) {
        const cv::Point centre = best;
        for (const cv::Point d : {cv::Point(1, 0), cv::Point(-1, 0), cv::Point(0, 1), cv::Point(0, -1)})
          tryAt(centre + d);
      }
      if (best.x < 0) best = sources[pick(rng)];  // nothing comparable yet
      img.at<cv::Vec3b>(p) = img.at<cv::Vec3b>(best);
      sourceOf.at<cv::Vec2i>(p) = cv::Vec2i(best.x, best.y);
      filled.at<uchar>(p) = 255;
    }
  }
}

}  // namespace permanence
