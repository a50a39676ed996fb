#include "object_overlays.h"

namespace permanence::ui {

QImage maskOverlay(const Mask& modal, const Mask& amodal, const QColor& colour, bool paintVisible) {
  const cv::Scalar paint(colour.blue(), colour.green(), colour.red(), 255);
  // Painted straight into the image (no copy); every pixel is either the colour at
  // full alpha or fully transparent, the same bytes premultiplied, which the painter
  // draws without converting.
  QImage image(modal.width(), modal.height(), QImage::Format_ARGB32_Premultiplied);
  cv::Mat bgra(image.height(), image.width(), CV_8UC4, image.bits(), static_cast<std::size_t>(image.bytesPerLine()));
  bgra.setTo(cv::Scalar(0, 0, 0, 0));
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
  return image;
}

void ObjectOverlays::prefetch(const ObjectSession& session, int first, int last, const OverlayKinds& kinds) {
  if (!kinds.completed) return;
  // The worker serves one request: the first shown object with samples (the usual
  // case; others are decoded when drawn).
  for (int i = 0; i < session.objectCount(); ++i) {
    const EditorObject& object = session.object(i);
    if (object.visible && object.samples) {
      layers_.prefetch(object.samples, object.chosenSample, first, last);
      return;
    }
  }
}

std::vector<ViewerOverlay> ObjectOverlays::build(const ObjectSession& session, int frame, const OverlayKinds& kinds) {
  std::vector<ViewerOverlay> overlays;
  for (int i = 0; i < session.objectCount(); ++i) {
    const EditorObject& object = session.object(i);
    if (!object.visible) continue;
    if (object.samples && kinds.completed) {
      const QImage layer = layers_.layer(object.samples, object.chosenSample, frame);
      if (!layer.isNull()) overlays.push_back({layer, true});
    }
    const Mask& modal = object.track.mask(frame);
    const Mask amodal = object.samples && kinds.amodal ? object.samples->at(object.chosenSample).amodal.at(frame) : Mask();
    const bool paintVisible = kinds.modal && !modal.isEmpty();
    if (paintVisible || (!amodal.isNull() && !amodal.isEmpty()))
      overlays.push_back({maskOverlay(modal, amodal, object.colour, paintVisible), false});
  }
  return overlays;
}

}  // namespace permanence::ui
