#pragma once
// Synthetic clips for tracking tests: a textured object moving over a textured
// background, optionally with a textured occluder passing in front. The visible
// (modal) mask of the object is known exactly on every frame.
#include "mask/mask.h"

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace permanence::test {

struct MovingRect {
  cv::Size size;
  cv::Point2d start;     // top-left on frame 0
  cv::Point2d velocity;  // pixels per frame
  cv::Scalar colour;     // mean BGR; the texture varies around it
  cv::Rect at(int frame) const;
};

struct TrackScene {
  cv::Size frameSize{320, 240};
  int frameCount = 30;
  MovingRect object{{60, 50}, {40, 90}, {4, 1}, {40, 60, 200}};
  bool withOccluder = false;
  MovingRect occluder{{40, 200}, {300, 20}, {-6, 0}, {200, 120, 40}};
  bool ellipse = true;  // the object is an ellipse inscribed in its rectangle
};

struct TrackClip {
  std::vector<cv::Mat> frames;  // BGR
  std::vector<Mask> visible;    // the object's visible mask per frame
  std::vector<Mask> occluder;   // the occluder's mask per frame (empty without one)
};

TrackClip makeTrackClip(const TrackScene& scene);

// Blurred colour noise around `colour` (8-bit BGR): texture for the flow to lock on to.
cv::Mat texture(cv::Size size, cv::Scalar colour, int seed, double amplitude);

// Writes the frames as 00000.png, 00001.png... into `folder` (created).
void writeFrames(const TrackClip& clip, const std::string& folder);

}  // namespace permanence::test
