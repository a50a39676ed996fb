#pragma once
// What a Top-K sample assumed, in the user's words. The amodal backends label their
// hypotheses in their own terms ("similarity, ±12 frames, vote ≥ 0.3, background
// cue", "diffusion seed 7"); the gallery shows the main idea as the caption
// ("follows the motion, ±12 frames") and all of it in words as the tooltip. Terms it
// does not know are kept as they are, so a new backend's labels still show.
#include <QString>

namespace permanence::ui {

struct SampleWords {
  QString caption;      // short: the motion followed and how far it looks
  QString description;  // everything the label says
};

SampleWords sampleWords(const QString& label);

}  // namespace permanence::ui
