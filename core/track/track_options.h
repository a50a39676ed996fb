#pragma once
// Settings of mask propagation; the defaults are the ones measured in
// bench/harness_davis_track.cpp (the same for every clip, nothing per sequence).
#include "track/graph_cut_refine.h"

namespace permanence {

struct TrackOptions {
  int workLongSide = 480;             // flow and graph cut run at this long side
  // An object whose area's square root is below this many work px is tracked at a
  // larger work size (up to the frame's), so that it measures this much. Chosen on the
  // mean of real DAVIS and the generated variety (harness_davis_track --loo): 0 (off)
  // 0.557, 40: 0.577, 80: 0.615, 120: 0.635, 200: 0.627.
  double smallObjectSide = 120;
  // ...but the work size grows by at most this factor per side: the cost grows with its
  // square, the accuracy hardly (dev-data mean J, harness_davis_track --loo, 2026-12-01:
  // 1.5: 0.615, 2: 0.637, 3: 0.642, unbounded: 0.632; LOO chose 3 on 5 of 6 folds,
  // within the noise of 2 at half the pixels).
  double smallObjectMaxScaleUp = 2;
  int flowPreset = 1;                 // cv::DISOpticalFlow preset (0 ultrafast, 1 fast, 2 medium)
  // A pixel is doubtful when its forward-backward flow error exceeds
  // flowInconsistency + flowInconsistencyShare * |flow| (work px).
  double flowInconsistency = 1.0;
  double flowInconsistencyShare = 0.0;
  double hiddenFraction = 0.1;        // visible area below this share of the usual area: hidden
  double fullyVisibleFraction = 0.9;  // area above this share: motion and usual area are learnt
  double wholeShapeFraction = 0.95;   // area above this share: the shape is learnt
  double reacquireScore = 0.8;        // share of the object's usual colour score needed to re-acquire
  // A re-acquired object is shown from the confirmFrames-th frame on which its area
  // stayed above confirmFraction of the usual area (the first ones stay empty).
  int confirmFrames = 3;
  double confirmFraction = 0.6;
  // A partly hidden object's carried shape seeds the cut where the colour says object
  // with at least this probability, in parts of at least this share of the usual area.
  double reemergeProbability = 0.55;
  double reemergeMinArea = 0.02;
  // A pixel moves otherwise than the object when its flow differs from the object's
  // by more than max(tolerance, share x |object motion|) work px.
  double otherMotionTolerance = 3.0;
  double otherMotionShare = 1.0;
  // The object's pixels are also matched in the next frame within this many work px
  // of its velocity's prediction (0: off); where that shift fits its pixels
  // patchCostRatio times better than the flow's and lies patchMinDisagreement px
  // away, it replaces the flow (see patch_motion.h).
  int patchSearchRadius = 24;
  double patchCostRatio = 1.5;
  double patchMinDisagreement = 2.0;
  // ...and only while at least this share of the usual area is in view (the pixels of
  // a part going under an occluder fit almost anywhere better than there).
  // harness_davis_track --loo patchMinVisibleShare=0.3,0.45,0.6,0.75: dev mean 0.694 /
  // 0.693 / 0.680 / 0.676 (variety 0.612 / 0.611 / 0.585 / 0.577, real six 0.775-0.776);
  // 0.3 is chosen on 5 of 6 folds but breaks
  // Tracker.FullOcclusionGivesEmptyMasksThenReacquires, 0.45 on the sixth.
  double patchMinVisibleShare = 0.45;
  RefineOptions refine;
};

}  // namespace permanence
