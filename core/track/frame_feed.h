#pragma once
// Hands a tracker the frames of a run, one after the other, at work size, while the
// source is always read forward. A video decoder seeks to the keyframe before a frame
// and decodes forward from there, so a backward pass reading frame by frame would
// decode up to a whole GOP per frame; here it reads a chunk of frames forward once and
// serves them from last to first.
#include "media/frame_source.h"

#include <opencv2/core.hpp>

#include <map>

namespace permanence {

class FrameFeed {
 public:
  // Frames `from`, then towards `to` (either order, both inclusive), brought to `workSize`.
  // Going backward, up to `chunkFrames` work-size frames are held at once.
  FrameFeed(FrameSource& source, int from, int to, cv::Size workSize, int chunkFrames = 32);

  bool done() const { return next_ == end_; }
  // The next frame of the run (8-bit BGR, work size). Call only while !done().
  cv::Mat next();

 private:
  void readChunkEndingAt(int frame);

  FrameSource& source_;
  cv::Size workSize_;
  int chunkFrames_;
  int step_;
  int next_;
  int end_;  // one past the run's last frame, in its direction
  int lowest_;
  std::map<int, cv::Mat> chunk_;
};

}  // namespace permanence
