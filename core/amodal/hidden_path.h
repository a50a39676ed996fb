#pragma once
// Object permanence: while an object is hidden whole (no visible pixel), its shape
// follows the path that its motion before and after implies. Between the last frame
// where it is seen and the next one, the forward extrapolation from the one and the
// backward extrapolation from the other are blended (so the path meets both ends and
// keeps both velocities); where it is not seen again (or not seen before), its last
// (first) shape moves on at its measured velocity with a confidence that halves
// every few frames, for a bounded number of frames.
#include "flow/object_motion.h"

#include <opencv2/core.hpp>

#include <vector>

namespace permanence {

// Where the object goes while hidden: the alternatives Top-K offers.
enum class HiddenPath {
  Interpolated,  // the blend of both extrapolations (one extrapolation where only one side exists)
  Still,         // stays where it was last seen (first seen, when hidden from the start)
  Extrapolated,  // moves on at the velocity of the nearest side where it is seen
};

const char* hiddenPathName(HiddenPath path);

// Frames beyond the last (before the first) sighting that still get a shape, and the
// frames over which the confidence of such a shape halves. At 25-30 fps: about half a
// second of constant velocity, which is what a hidden object's motion still tells.
constexpr int kMaxExtrapolatedFrames = 15;
constexpr double kExtrapolationHalfLife = 5;

// `shapes[t]`: the object's whole shape in frame t (8-bit 0/255, one size for all),
// read on the frames where it is seen and overwritten on those where `hidden[t]`.
// `fits[i]` maps frame i into i+1 (bridged gaps have quality kBridgedQuality or less).
// `behind[t]` (may be empty, or empty Mats): where frame t shows something that can
// hide the object; a shape that falls mostly there is kept inside it. Returns the
// confidence of each frame's shape: 1 where seen, decaying where extrapolated, 0
// where the object is hidden beyond the bound (its shape is left empty there).
std::vector<double> fillHiddenFrames(std::vector<cv::Mat>& shapes, const std::vector<bool>& hidden,
                                     const std::vector<MotionFit>& fits, const std::vector<cv::Mat>& behind,
                                     HiddenPath path);

}  // namespace permanence
