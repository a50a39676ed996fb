#include "object_overlays.h"

namespace permanence::ui {

QImage maskOverlay(const Mask& modal, const Mask& amodal, const QColor& colour, bool paintVisible) {
  const cv::Scalar paint(colour.blue(), colour.green(), colour.red(), 255);
  cv::Mat bgra(modal.height(), modal.width(), CV_8UC4, cv::Scalar(0, 0, 0, 0));
  if (!amodal.isNull()) {
    cv::Mat hidden = amodal.toMat() & ~modal.toMat();
    for (int y = 0; y < hidden.rows; ++y) {
      uchar* row = hidden.ptr<uchar>(y);
      for (int x = 0; x < hidden.cols; ++x)
        if ((x + y) % 8 >= 3) row[x] = 0;
    }
    bgra.setTo(paint, hidden);
  }
  if (paintVisible) bgra.setTo(paint, modal.toMat());
  return QImage(bgra.data, bgra.cols, bgra.rows, static_cast<int>(bgra.step), QImage::Format_ARGB32).copy();
}

QImage ObjectOverlays::layerOf(const ObjectSamples& samples, int sample, int frame,
                               std::vector<DecodedLayer>& kept) const {
  for (const DecodedLayer& layer : decoded_)
    if (layer.samples == samples && layer.sample == sample && layer.frame == frame) {
      kept.push_back(layer);
      return layer.image;
    }
  kept.push_back({samples, sample, frame, samples->at(sample).layer(frame)});
  return kept.back().image;
}

std::vector<ViewerOverlay> ObjectOverlays::build(const ObjectSession& session, int frame, const OverlayKinds& kinds) {
  std::vector<ViewerOverlay> overlays;
  std::vector<DecodedLayer> kept;
  for (int i = 0; i < session.objectCount(); ++i) {
    const EditorObject& object = session.object(i);
    if (!object.visible) continue;
    if (object.samples && kinds.completed) {
      const QImage layer = layerOf(object.samples, object.chosenSample, frame, kept);
      if (!layer.isNull()) overlays.push_back({layer, true});
    }
    const Mask& modal = object.track.mask(frame);
    const Mask amodal = object.samples && kinds.amodal ? object.samples->at(object.chosenSample).amodal.at(frame) : Mask();
    const bool paintVisible = kinds.modal && !modal.isEmpty();
    if (paintVisible || (!amodal.isNull() && !amodal.isEmpty()))
      overlays.push_back({maskOverlay(modal, amodal, object.colour, paintVisible), false});
  }
  decoded_ = std::move(kept);
  return overlays;
}

}  // namespace permanence::ui
