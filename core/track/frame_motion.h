#pragma once
// What a frame brings to mask propagation that does not depend on the mask: the frame
// at work size, the optical flow between it and the previous frame (DIS, both ways)
// and where the two flows disagree.
// Being independent of the mask, it can be computed for frame t+1 on one core while
// frame t's mask is refined on the other.
#include "track/track_options.h"

#include <opencv2/core.hpp>
#include <opencv2/video/tracking.hpp>

namespace permanence {

struct FrameMotion {
  cv::Mat image;     // 8-bit BGR, work size
  cv::Mat forward;   // CV_32FC2: displacement of each pixel of the previous frame
  cv::Mat source;    // CV_32FC2: where each pixel of this frame was (a remap map)
  // 8-bit, non-zero where going back then forth does not land where it started: the
  // pixel was hidden or revealed between the frames, so the flow says little there.
  cv::Mat doubtful;
};

class MotionEstimator {
 public:
  // `keyFrame` 8-bit BGR, the frame propagation starts from; frames are brought to
  // `workSize`. Uses the options' flow preset and inconsistency thresholds.
  MotionEstimator(const cv::Mat& keyFrame, cv::Size workSize, const TrackOptions& options);

  // The next frame (same size as the keyframe), relative to the one before it.
  FrameMotion next(const cv::Mat& frame);

 private:
  TrackOptions options_;
  cv::Size workSize_;
  cv::Mat grid_;  // CV_32FC2, each pixel's own coordinates
  cv::Ptr<cv::DISOpticalFlow> flow_;
  cv::Mat previousGray_;
};

}  // namespace permanence
