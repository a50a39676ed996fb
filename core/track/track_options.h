#pragma once
// Settings of mask propagation; the defaults are the ones measured in
// bench/harness_davis_track.cpp (the same for every clip, nothing per sequence).
#include "track/graph_cut_refine.h"

namespace permanence {

struct TrackOptions {
  int workLongSide = 480;             // flow and graph cut run at this long side
  int flowPreset = 1;                 // cv::DISOpticalFlow preset (0 ultrafast, 1 fast, 2 medium)
  // A pixel is doubtful when its forward-backward flow error exceeds
  // flowInconsistency + flowInconsistencyShare * |flow| (work px).
  double flowInconsistency = 1.0;
  double flowInconsistencyShare = 0.0;
  double hiddenFraction = 0.1;        // visible area below this share of the usual area: hidden
  double fullyVisibleFraction = 0.7;  // area above this share: shape and motion are learnt
  double reacquireScore = 0.8;        // share of the object's usual colour score needed to re-acquire
  RefineOptions refine;
};

}  // namespace permanence
