#pragma once
// The classic (CPU, no weights) amodal backend, after SaVos: the hidden part of an
// object is usually visible in another frame. Each frame's object motion is fitted
// to sparse flow on its visible pixels; the visible masks of nearby frames are
// warped into frame t and vote, weighted by temporal distance, fit quality and how
// much of the object they show; the vote is added to the modal mask only where frame
// t plausibly hides the object (next to the visible part, not on what t shows as
// plain background unless a still occluder's edge cuts the object there, not behind
// nearer depth when given). Other objects' masks, when given, mark where it may be
// hidden. Frames where the object is hidden whole take its shape along its path
// (hidden_path.h). Hypotheses differ in motion model, temporal reach, vote threshold
// and that path; each is scored by temporal stability and vote support.
#include "amodal/amodal_masker.h"
#include "amodal/hidden_path.h"
#include "flow/object_motion.h"

namespace permanence {

struct AmodalHypothesis {
  MotionModel model = MotionModel::Similarity;
  int reach = 12;           // frames on each side that vote
  double threshold = 0.5;   // vote share needed to add a pixel
  bool convexCompletion = false;  // fill never-seen parts towards the convex hull
  bool backgroundCue = true;  // add nothing where other frames show plain background
  HiddenPath path = HiddenPath::Interpolated;  // where it goes while hidden whole
  std::string label;
};

// Settings of the classic backend; the defaults are those chosen on the
// development data (bench/harness_amodal, which can change them by name).
struct ClassicAmodalSettings {
  double workingSide = 320;    // long side of the working resolution
  double fitSide = 480;        // long side at which the object's motion is fitted (more corners)
  int sliverOpening = 7;       // opening (working px) that removes thin misfit bands from the added part
  double alignmentPower = 4;   // sharpness of the preference for frames whose shape fits frame t
  double backgroundPower = 4;  // sharpness of the distrust of frames that land on plain background
  int misfitReach = 10;        // how far (working px) outside the silhouette motion misfit reaches
  double completenessPower = 2;  // sharpness of the preference for voters that show more of the object (LOO: 2 for 5 of 6)
};

class ClassicAmodalMasker : public AmodalMasker {
 public:
  explicit ClassicAmodalMasker(ClassicAmodalSettings settings = {}) : settings_(settings) {}
  std::string name() const override { return "classic"; }
  std::vector<AmodalSample> infer(const AmodalInput& input, const AmodalOptions& options,
                                  JobContext& context) override;

  // The first K hypotheses tried for a seed (seed 0: the fixed, documented set).
  static std::vector<AmodalHypothesis> hypotheses(int k, std::uint64_t seed);

 private:
  ClassicAmodalSettings settings_;
};

}  // namespace permanence
