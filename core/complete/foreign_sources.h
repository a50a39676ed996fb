#pragma once
// The background plate must show the scene where a removed object was, never another
// object that covered the spot at another time (a cup put over the ball: the cup
// stands still there, so it passes for static scene). A source frame's pixels for a
// hole are foreign when the source does not show, around the hole, what frame t
// shows there: the covering object reaches beyond the hole, the scene around it is
// the same in every true view. What passes across frame t's surroundings at t (it
// differs from frames on both sides) is not compared: a passer-by there is no
// evidence against a source that shows the scene.
#include "flow/object_motion.h"

#include <opencv2/core.hpp>

#include <functional>
#include <optional>
#include <vector>

namespace permanence {

struct ForeignSourceSettings {
  int band = 8;             // px around each hole component compared
  int meanRadius = 2;       // colours compared as the mean of 5 x 5 pixels (noise)
  int tolerance = 30;       // largest channel difference of two views of the same scene point
  // Share of the band that must agree for a source to be kept: a cup over the spot
  // agrees on ~0 of it, true views of a scene a bar passes across on 0.41-0.9
  // (BackgroundPlate tests); 0.6 rejected some of those.
  double minAgreement = 0.35;
  int minPoints = 20;       // fewer comparable band pixels: no evidence, the source is kept
  // Frames t -+ these are looked at to tell what passes across the band at t.
  std::vector<int> passingOffsets = {2, 4, 8};
};

// A frame of the window: its pixels, its hole, and how frame t maps into it.
struct SourceFrame {
  const cv::Mat* frame = nullptr;  // BGR
  const cv::Mat* hole = nullptr;   // 8-bit: pixels that say nothing of the scene there
  cv::Matx23d tIntoS;
};

// Frame s of the window as seen from frame t; nullopt when s is not in the window.
using SourceFrames = std::function<std::optional<SourceFrame>(int s)>;

// `chosen` (CV_32S over `roi` of frame t: the source frame of each hole pixel, -1 for
// none) loses, per connected hole component, the sources whose band around the
// component disagrees with frame t's steady pixels there (they become -1).
void rejectForeignSources(cv::Mat& chosen, const cv::Rect& roi, int t, const SourceFrames& sourceOf,
                          const ForeignSourceSettings& settings = {});

}  // namespace permanence
