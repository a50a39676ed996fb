#pragma once
// The development set of stages 1 and 2 (issue 18): pseudo-occlusion of the real
// objects of ../shared/data/davis2016, with exact truth (the object's original mask
// and pixels). Two groups:
//  - "real": each DAVIS object in its own footage (25 frames), with another DAVIS
//    object (its pixels and mask, animated) sliding across it, several occluders and
//    directions per object, and a textured panel (a crop of other real footage)
//    hiding it fully for a few frames;
//  - "generated": the synthetic scenes (core/synth) and the DAVIS objects pasted
//    over another sequence's footage, passing fully behind a still panel or crossed
//    by another real object moving the other way.
// Deterministic: the same clips on every run.
#include "mask/mask.h"

#include <opencv2/core.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace permanence::bench {

struct OcclusionClip {
  std::string name;                   // e.g. "cows behind dog, right to left"
  bool real = false;                  // the object in its own footage
  std::vector<std::string> madeFrom;  // the DAVIS sequences it uses (leave-one-out)
  std::vector<cv::Mat> frames;        // BGR, with the occluder in front
  std::vector<Mask> modal;            // the object's visible mask
  std::vector<Mask> amodal;           // its whole mask (truth)
  std::vector<cv::Mat> truthBgr;      // the frames without the occluder (truth pixels)
  std::vector<Mask> occluder;         // the occluder's visible mask
};

// The six sequences of the shared data.
const std::vector<std::string>& davisSequences();

// Both groups; the real one is empty (and the generated one only synthetic) when
// `davisRoot` holds no DAVIS data.
std::vector<OcclusionClip> makeOcclusionSet(const std::filesystem::path& davisRoot);

// Writes frames/, modal/, amodal/, truth/ and occluder/ of one clip under `folder`.
void writeOcclusionClip(const OcclusionClip& clip, const std::filesystem::path& folder);

}  // namespace permanence::bench
