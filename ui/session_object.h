#pragma once
// One object the user is working on in the editor: its name, colour, the clicks given
// per frame and its mask track (keyframes + propagated masks).
#include "amodal/amodal_masker.h"
#include "track/mask_track.h"
#include "track/segmenter.h"

#include <QColor>
#include <QString>

#include <map>
#include <vector>

namespace permanence::ui {

struct SessionObject {
  QString name;
  QColor colour;
  bool visible = true;
  MaskTrack track;
  std::map<int, std::vector<Click>> clicks;  // frame -> clicks that made its keyframe
  std::vector<AmodalSample> amodal;          // Top-K full-shape hypotheses, best first
  int chosenSample = 0;                      // the user's pick among them
};

}  // namespace permanence::ui
