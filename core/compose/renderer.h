#pragma once
// Composites one frame at a time from the plate and the layers, in premultiplied
// alpha, so memory does not grow with the clip's length. Layers are warped with
// bilinear interpolation on premultiplied pixels, which keeps edges anti-aliased
// without dark fringes. The same scene and frame always give the same pixels.
#include "compose/keyframes.h"
#include "compose/scene.h"

#include <opencv2/core.hpp>

#include <vector>

namespace permanence {

// A layer's frame placed in the image: premultiplied BGRA, CV_32FC4, values 0..1,
// transform and opacity applied. The frame must be BGRA of the plate's size.
cv::Mat placeLayer(const cv::Mat& bgra, const LayerTransform& transform, const std::optional<cv::Point2d>& anchor);

// Premultiplied `layer` (CV_32FC4) over `canvas` (CV_32FC3, opaque), in place.
void compositeOver(cv::Mat& canvas, const cv::Mat& layer);

// The composite of frame `index`: 8-bit BGR of the plate's size.
cv::Mat renderFrame(const Scene& scene, int index);

// Layer `layerIndex` alone at frame `index`, as placed in the composite:
// 8-bit BGRA with straight alpha (for ProRes and PNG export).
cv::Mat renderLayer(const Scene& scene, int layerIndex, int index);

// Layer `layerIndex` at frame `index` as placed in the composite (placeLayer), with
// mattes of its frame (CV_8UC1 of the plate's size: its visible and amodal masks)
// moved by the same transform, as CV_32FC1 0..1 (bilinear). The layer's opacity is
// in its alpha, not in the mattes: they say where the object is.
struct PlacedLayer {
  cv::Mat premultiplied;        // CV_32FC4, as placeLayer returns it
  std::vector<cv::Mat> mattes;  // in the order given
};
PlacedLayer placeLayerWithMattes(const Scene& scene, int layerIndex, int index, const std::vector<cv::Mat>& mattes);

}  // namespace permanence
