#pragma once
// Development data for the tracker beyond the six real DAVIS sequences: the real
// objects of ../shared/data/davis2016 (their pixels and frame masks, so they deform as
// filmed) composited over the OTHER sequences' real footage, moved along a path,
// scaled (up to 3x within 20 frames), rotated, passed behind an occluder, among
// copies of themselves, or small and hazy. The truth is exact: the pasted object's
// mask minus what is pasted over it. Deterministic: the same clips on every run.
#include "mask/mask.h"

#include <opencv2/core.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace permanence::bench {

// One DAVIS 2016 sequence read whole: frames (BGR) and masks (0/255).
struct DavisSequence {
  std::string name;
  std::vector<cv::Mat> frames;
  std::vector<cv::Mat> masks;
};

DavisSequence loadDavisSequence(const std::filesystem::path& davisRoot, const std::string& name);

// What happens to the pasted object.
enum class VarietyKind {
  Grow,       // long side 70 -> 210 px within 20 frames, turning 30 degrees
  ShrinkFast, // 260 -> 90 px within 20 frames at up to 14 px/frame, a pole passes in front
  Crowd,      // among three copies of itself (other frames of its clip), turning back and forth
  SmallHazy,  // 40 px, the whole frame veiled towards grey (low contrast)
};

const char* kindName(VarietyKind kind);

struct VarietyClip {
  std::string name;             // e.g. "grow:dog/cows" (kind:object/background)
  std::vector<cv::Mat> frames;  // BGR, the background's size
  std::vector<Mask> truth;      // the object's visible mask per frame
};

// The object of `object` pasted over the footage of `background` (its frames run back
// and forth when the clip is longer), `frames` frames long; `other` gives the occluder
// or nothing (it may be the same as `background`). `seed` varies the path.
VarietyClip makeVarietyClip(const DavisSequence& object, const DavisSequence& background,
                            const DavisSequence& other, VarietyKind kind, int frames, int seed);

}  // namespace permanence::bench
