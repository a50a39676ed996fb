#include "compose/renderer.h"

#include "errors.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace permanence {
namespace {

cv::Point2d alphaCentroid(const cv::Mat& bgra) {
  cv::Mat alpha;
  cv::extractChannel(bgra, alpha, 3);
  const cv::Moments m = cv::moments(alpha);
  if (m.m00 <= 0) return {bgra.cols / 2.0, bgra.rows / 2.0};
  return {m.m10 / m.m00, m.m01 / m.m00};
}

cv::Mat premultiply(const cv::Mat& bgra) {
  cv::Mat f;
  bgra.convertTo(f, CV_32FC4, 1.0 / 255);
  cv::Mat channels[4];
  cv::split(f, channels);
  for (int c = 0; c < 3; ++c) channels[c] = channels[c].mul(channels[3]);
  cv::merge(channels, 4, f);
  return f;
}

cv::Mat readLayerFrame(const Scene& scene, const SceneLayer& layer, int index) {
  const cv::Mat bgra = layer.rgba->readFrameWithAlpha(index);
  if (bgra.type() != CV_8UC4 || bgra.size() != scene.plate->frameSize())
    throw InputError(layer.rgba->path() + ": frame " + std::to_string(index) +
                     " is not BGRA of the background plate's size");
  return bgra;
}

// Where the layer's frame `bgra` goes in the image under `t`.
cv::Matx23d layerPlacement(const cv::Mat& bgra, const LayerTransform& t, const std::optional<cv::Point2d>& anchor) {
  const cv::Point2d centre = anchor ? *anchor : alphaCentroid(bgra);
  // OpenCV's angle is counter-clockwise in image coordinates; ours is clockwise.
  cv::Matx23d affine = cv::getRotationMatrix2D(centre, -t.rotationDegrees, t.scale);
  affine(0, 2) += t.translateX;
  affine(1, 2) += t.translateY;
  return affine;
}

}  // namespace

cv::Mat placeLayer(const cv::Mat& bgra, const LayerTransform& t, const std::optional<cv::Point2d>& anchor) {
  const cv::Matx23d affine = layerPlacement(bgra, t, anchor);
  cv::Mat placed(bgra.size(), CV_32FC4, cv::Scalar::all(0));
  // Only the part that holds the object is warped (a ball is a few thousand pixels
  // of a 720p frame); outside it everything is transparent black either way.
  cv::Mat alpha;
  cv::extractChannel(bgra, alpha, 3);
  const cv::Rect from = cv::boundingRect(alpha);
  if (from.empty()) return placed;
  std::vector<cv::Point2f> corners = {from.tl(), {float(from.br().x), float(from.y)}, from.br(),
                                      {float(from.x), float(from.br().y)}};
  cv::transform(corners, corners, affine);
  const cv::Rect to = (cv::boundingRect(corners) + cv::Size(4, 4) - cv::Point(2, 2)) & cv::Rect({0, 0}, bgra.size());
  if (to.empty()) return placed;
  // In crop coordinates: dst - to.tl = A (src + from.tl) + b - to.tl.
  cv::Matx23d local = affine;
  local(0, 2) += affine(0, 0) * from.x + affine(0, 1) * from.y - to.x;
  local(1, 2) += affine(1, 0) * from.x + affine(1, 1) * from.y - to.y;
  cv::warpAffine(premultiply(bgra(from)), placed(to), local, to.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                 cv::Scalar::all(0));
  if (t.opacity != 1) placed(to) *= std::clamp(t.opacity, 0.0, 1.0);
  return placed;
}

void compositeOver(cv::Mat& canvas, const cv::Mat& layer) {
  CV_Assert(canvas.type() == CV_32FC3 && layer.type() == CV_32FC4 && canvas.size() == layer.size());
  for (int y = 0; y < canvas.rows; ++y) {
    cv::Vec3f* out = canvas.ptr<cv::Vec3f>(y);
    const cv::Vec4f* in = layer.ptr<cv::Vec4f>(y);
    for (int x = 0; x < canvas.cols; ++x) {
      const float keep = 1.0f - in[x][3];
      for (int c = 0; c < 3; ++c) out[x][c] = in[x][c] + out[x][c] * keep;
    }
  }
}

cv::Mat renderFrame(const Scene& scene, int index) {
  cv::Mat canvas;
  scene.plate->readFrame(index).convertTo(canvas, CV_32FC3, 1.0 / 255);
  for (const SceneLayer& layer : scene.layers) {
    if (!layer.visible) continue;
    const LayerTransform t = transformAt(layer.keyframes, index);
    if (t.opacity <= 0) continue;
    compositeOver(canvas, placeLayer(readLayerFrame(scene, layer, index), t, layer.anchor));
  }
  cv::Mat out;
  canvas.convertTo(out, CV_8UC3, 255.0);
  return out;
}

cv::Mat renderLayer(const Scene& scene, int layerIndex, int index) {
  const SceneLayer& layer = scene.layers.at(layerIndex);
  const cv::Mat placed = placeLayer(readLayerFrame(scene, layer, index), transformAt(layer.keyframes, index),
                                    layer.anchor);
  // Back to straight alpha: divide colour by alpha where there is any.
  cv::Mat out(placed.size(), CV_8UC4);
  for (int y = 0; y < placed.rows; ++y) {
    const cv::Vec4f* in = placed.ptr<cv::Vec4f>(y);
    cv::Vec4b* px = out.ptr<cv::Vec4b>(y);
    for (int x = 0; x < placed.cols; ++x) {
      const float a = in[x][3];
      for (int c = 0; c < 3; ++c) px[x][c] = cv::saturate_cast<uchar>(a > 0 ? 255.0f * in[x][c] / a : 0.0f);
      px[x][3] = cv::saturate_cast<uchar>(255.0f * a);
    }
  }
  return out;
}

PlacedLayer placeLayerWithMattes(const Scene& scene, int layerIndex, int index, const std::vector<cv::Mat>& mattes) {
  const SceneLayer& layer = scene.layers.at(layerIndex);
  const cv::Mat bgra = readLayerFrame(scene, layer, index);
  const LayerTransform t = transformAt(layer.keyframes, index);
  PlacedLayer placed{placeLayer(bgra, t, layer.anchor), {}};
  const cv::Matx23d affine = layerPlacement(bgra, t, layer.anchor);
  for (const cv::Mat& matte : mattes) {
    CV_Assert(matte.type() == CV_8UC1 && matte.size() == bgra.size());
    cv::Mat unit, moved;
    matte.convertTo(unit, CV_32FC1, 1.0 / 255);
    cv::warpAffine(unit, moved, affine, unit.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
    placed.mattes.push_back(moved);
  }
  return placed;
}

}  // namespace permanence
