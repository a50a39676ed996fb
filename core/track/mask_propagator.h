#pragma once
// Carries an object's mask from a keyframe to the following frames, one frame at a
// time, in whichever direction the frames are fed (as FrameMotion). Each step warps
// the previous mask with the optical flow, keeps pixels whose forward and backward
// flows disagree (occlusion boundaries) out of the sure object, and lets a graph cut in a band around the warped
// mask snap it to the image, so an occluder's pixels are not taken for the object.
// While the object is partly hidden, its last fully visible shape is carried along
// at its velocity, and the parts of it that show the object's colours seed the cut:
// a part that comes out on the far side of an occluder is taken up again.
// When the visible area collapses the object counts as hidden (empty mask); its
// colour model and last fully visible shape are kept, and each frame searches near
// the position predicted from its motion until the shape's colours show again.
#include "mask/mask.h"
#include "track/appearance_model.h"
#include "track/frame_motion.h"
#include "track/track_options.h"

#include <opencv2/core.hpp>

#include <deque>
#include <optional>

namespace permanence {

class MaskPropagator {
 public:
  // `keyFrame` 8-bit BGR and its mask (same size).
  MaskPropagator(const cv::Mat& keyFrame, const Mask& keyMask, const TrackOptions& options);

  // The size frames are tracked at (give it to the MotionEstimator).
  cv::Size workSize() const { return workSize_; }

  // The mask on the next frame (same size as the keyframe), from its motion.
  Mask next(const FrameMotion& motion);

 private:
  cv::Mat followFlow(const FrameMotion& motion);
  std::optional<cv::Point2f> matchedMotion(const cv::Mat& image, cv::Point2f flowMotion) const;
  cv::Mat reacquire(const cv::Mat& image);
  cv::Mat reemergingParts(const cv::Mat& image, const cv::Mat& prior) const;
  void learn(const cv::Mat& image, const cv::Mat& mask);

  TrackOptions options_;
  cv::Size fullSize_;
  cv::Size workSize_;
  cv::Mat previousMask_;  // 0/255, work size
  cv::Mat previousImage_; // the frame previousMask_ belongs to, work size
  AppearanceModel appearance_;
  ColourModels colourModels_;
  double usualArea_ = 0;        // visible area when fully visible (running average)
  cv::Mat shape_;               // last whole mask, cropped to its box
  cv::Point shapeTopLeft_;      // where that box was
  cv::Point2d shapeCenter_;     // the box centre of the last fully visible mask
  cv::Point2d velocity_;        // of the object, work px per frame
  std::deque<cv::Point2d> recentMotions_;  // the object's last motions in full view, for velocity_
  std::optional<cv::Point2d> flowMotion_;  // the object's median flow on this frame, when followed
  int framesSinceFullyVisible_ = 0;
  int framesSinceShape_ = 0;
  int unconfirmedFrames_ = 0;   // frames a re-acquired object must still hold up before it is shown
  double shapeScore_ = 0;       // mean object probability under the shape then
  bool hidden_ = false;
};

}  // namespace permanence
