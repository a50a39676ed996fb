#pragma once
// A deterministic synthetic clip with exact ground truth for stages 1 and 2:
// textured objects moving rigidly or non-rigidly over a panning textured
// background, an occluder passing in front, optionally an object leaving the
// frame. Everything is known per frame: visible (modal) and full (amodal) masks,
// the object's full appearance, and the clean background.
#include "mask/mask.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace permanence {

struct SyntheticSceneSpec {
  int width = 320;
  int height = 240;
  int frames = 30;
  std::uint64_t seed = 1;
  double cameraPan = 1.5;     // background pixels per frame
  bool nonRigid = false;      // the target breathes (axes oscillate)
  bool leavesFrame = false;   // the target exits on the right
  double occluderSize = 0.9;  // occluder height relative to the target's (>1 hides it fully)
  // The occluder's centre starts at this share of the width and moves left by
  // `occluderTravel` widths over the clip (0: it stands still).
  double occluderStart = 0.95;
  double occluderTravel = 0.8;
};

struct SyntheticObject {
  std::vector<Mask> modal;
  std::vector<Mask> amodal;
  std::vector<cv::Mat> amodalBgr;  // the object's full appearance (pixels outside amodal: 0)
};

struct SyntheticScene {
  std::vector<cv::Mat> frames;      // BGR
  std::vector<cv::Mat> background;  // the frames without any object
  SyntheticObject target;           // the object that gets occluded
  SyntheticObject occluder;         // in front of the target
};

SyntheticScene makeSyntheticScene(const SyntheticSceneSpec& spec);

// Writes frames/, background/, modal/, amodal/, amodal_rgb/ and occluder/ PNG
// folders (frame names 00000...). Throws InputError when the folder is not writable.
void writeSyntheticScene(const SyntheticScene& scene, const std::string& folder);

}  // namespace permanence
