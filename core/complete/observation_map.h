#pragma once
// For every pixel of frame t, the nearest frame in one direction of time (within a
// reach) that shows the same point of the scene, found by carrying a map of frame
// indices from frame to frame through the camera's motion. Two passes of it (forward
// and backward) replace searching every neighbour of every frame: each frame costs
// one warp of an index map instead of up to 2 x reach warps of full frames.
#include <opencv2/core.hpp>

namespace permanence {

class ObservationMap {
 public:
  ObservationMap(cv::Size frameSize, int reach);

  // Moves the map to frame t. `previousIntoCurrent` maps the previously visited
  // frame into t (ignored on the first call); `seen` (8-bit, frame size) marks the
  // pixels of t that show the scene.
  void advance(int t, const cv::Matx23d& previousIntoCurrent, const cv::Mat& seen);

  // CV_32S, frame size: the index of the nearest frame showing each pixel, -1 where
  // no frame within reach does.
  const cv::Mat& sources() const { return sources_; }

 private:
  cv::Mat sources_;
  int reach_;
  bool started_ = false;
};

}  // namespace permanence
