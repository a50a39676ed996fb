#pragma once
// What the viewer draws over a frame for each shown object: its completed RGBA layer
// (the chosen Top-K sample), its visible (modal) mask painted in its colour and the
// hidden part of its amodal shape hatched in that colour. Each kind can be turned
// off. The completed layers are PNG-encoded; the decoded ones of the last frame are
// kept, so the many refreshes of one frame (clicks, masks arriving) decode them once.
#include "object_session.h"
#include "viewer.h"

#include <vector>

namespace permanence::ui {

struct OverlayKinds {
  bool modal = true;      // the visible mask
  bool amodal = true;     // the hidden part of the amodal shape, hatched
  bool completed = true;  // the completed RGBA layer
};

class ObjectOverlays {
 public:
  std::vector<ViewerOverlay> build(const ObjectSession& session, int frame, const OverlayKinds& kinds);

 private:
  struct DecodedLayer {
    ObjectSamples samples;  // held, so that its address names it as long as it is kept
    int sample = 0;
    int frame = -1;
    QImage image;
  };
  QImage layerOf(const ObjectSamples& samples, int sample, int frame, std::vector<DecodedLayer>& kept) const;

  std::vector<DecodedLayer> decoded_;
};

// The hidden part of `amodal` (null: none) beyond `modal`, hatched in `colour`, and,
// with `paintVisible`, the visible mask painted in it.
QImage maskOverlay(const Mask& modal, const Mask& amodal, const QColor& colour, bool paintVisible);

}  // namespace permanence::ui
