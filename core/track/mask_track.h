#pragma once
// One object's masks over a clip: a mask per frame plus the keyframes, the frames
// where the user gave the mask (directly or through clicks). Propagated masks between
// two keyframes depend only on those two, so a correction on frame t invalidates only
// the frames up to the neighbouring keyframes; setKeyframe says which.
#include "mask/mask.h"

#include <map>
#include <vector>

namespace permanence {

// Inclusive range of frames; empty when last < first.
struct FrameRange {
  int first = 0;
  int last = -1;
  bool isEmpty() const { return last < first; }
  int size() const { return isEmpty() ? 0 : last - first + 1; }
  bool contains(int frame) const { return frame >= first && frame <= last; }
};

class MaskTrack {
 public:
  MaskTrack(int frameCount, cv::Size frameSize);

  int frameCount() const { return static_cast<int>(masks_.size()); }
  cv::Size frameSize() const { return frameSize_; }

  // Makes `frame` a keyframe with this mask (an empty mask says "not visible here").
  // Returns the frames whose masks must be recomputed: those between the previous
  // and the next keyframe. Throws InputError for a frame out of range or a mask of
  // the wrong size.
  FrameRange setKeyframe(int frame, const Mask& mask);
  // Returns the frames to recompute, as setKeyframe; empty when `frame` was no keyframe.
  FrameRange removeKeyframe(int frame);

  bool isKeyframe(int frame) const { return keyframes_.count(frame) > 0; }
  std::vector<int> keyframes() const;
  const Mask& keyframeMask(int frame) const { return keyframes_.at(frame); }
  // Nearest keyframe before / after `frame` (exclusive), or -1 when there is none.
  int previousKeyframe(int frame) const;
  int nextKeyframe(int frame) const;

  // The current mask of a frame (an all-empty mask until computed).
  const Mask& mask(int frame) const { return masks_.at(frame); }
  // Stores computed masks for frames first, first+1...; keyframes keep their masks.
  void setMasks(int first, const std::vector<Mask>& masks);

 private:
  FrameRange affectedBy(int frame) const;
  void checkFrame(int frame) const;

  cv::Size frameSize_;
  std::vector<Mask> masks_;
  std::map<int, Mask> keyframes_;
};

}  // namespace permanence
