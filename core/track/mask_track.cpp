#include "track/mask_track.h"

#include "errors.h"

#include <string>

namespace permanence {

MaskTrack::MaskTrack(int frameCount, cv::Size frameSize)
    : frameSize_(frameSize), masks_(frameCount, Mask(frameSize.width, frameSize.height)) {}

void MaskTrack::checkFrame(int frame) const {
  if (frame < 0 || frame >= frameCount())
    throw InputError("frame " + std::to_string(frame) + " is outside the clip (0.." +
                     std::to_string(frameCount() - 1) + ")");
}

FrameRange MaskTrack::setKeyframe(int frame, const Mask& mask) {
  checkFrame(frame);
  if (mask.size() != frameSize_)
    throw InputError("mask for frame " + std::to_string(frame) + " is " + std::to_string(mask.width()) +
                     "x" + std::to_string(mask.height()) + ", frames are " +
                     std::to_string(frameSize_.width) + "x" + std::to_string(frameSize_.height));
  keyframes_[frame] = mask;
  masks_[frame] = mask;
  return affectedBy(frame);
}

FrameRange MaskTrack::removeKeyframe(int frame) {
  checkFrame(frame);
  if (keyframes_.erase(frame) == 0) return {};
  return affectedBy(frame);
}

std::vector<int> MaskTrack::keyframes() const {
  std::vector<int> frames;
  for (const auto& entry : keyframes_) frames.push_back(entry.first);
  return frames;
}

int MaskTrack::previousKeyframe(int frame) const {
  auto it = keyframes_.lower_bound(frame);
  return it == keyframes_.begin() ? -1 : std::prev(it)->first;
}

int MaskTrack::nextKeyframe(int frame) const {
  auto it = keyframes_.upper_bound(frame);
  return it == keyframes_.end() ? -1 : it->first;
}

FrameRange MaskTrack::affectedBy(int frame) const {
  const int previous = previousKeyframe(frame);
  const int next = nextKeyframe(frame);
  return {previous + 1, next < 0 ? frameCount() - 1 : next - 1};
}

void MaskTrack::setMasks(int first, const std::vector<Mask>& masks) {
  for (size_t i = 0; i < masks.size(); ++i) {
    const int frame = first + static_cast<int>(i);
    checkFrame(frame);
    if (!isKeyframe(frame)) masks_[frame] = masks[i];
  }
}

}  // namespace permanence
