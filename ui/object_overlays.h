#pragma once
// What the viewer draws over a frame for each shown object: its completed RGBA layer
// (the chosen Top-K sample), its visible (modal) mask painted in its colour and the
// hidden part of its amodal shape hatched in that colour. Each kind can be turned
// off. The completed layers are PNG-encoded; a LayerCache keeps the decoded ones, so
// the many refreshes of one frame (clicks, masks arriving) decode them once, and
// decodes the next frames' while the clip plays.
#include "layer_cache.h"
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
  // Decodes the shown objects' completed layers of frames first..last in the background.
  void prefetch(const ObjectSession& session, int first, int last, const OverlayKinds& kinds);

 private:
  LayerCache layers_;
};

// The hidden part of `amodal` (null: none) beyond `modal`, hatched in `colour`, and,
// with `paintVisible`, the visible mask painted in it.
QImage maskOverlay(const Mask& modal, const Mask& amodal, const QColor& colour, bool paintVisible);

}  // namespace permanence::ui
