#include "object_prompts.h"

#include "errors.h"
#include "mask/mask_io.h"
#include "track/segmenter.h"

#include <algorithm>

namespace permanence::cli {
namespace {

std::string sizeText(cv::Size size) { return std::to_string(size.width) + "x" + std::to_string(size.height); }

std::string clipText(const FrameSource& source) {
  return source.path() + " (" + sizeText(source.frameSize()) + ", " + std::to_string(source.frameCount()) + " frames)";
}

std::string boxText(const BoxPrompt& b) {
  auto n = [](double v) { return std::to_string(static_cast<long long>(v)); };
  return n(b.x) + "," + n(b.y) + "," + n(b.x + b.width) + "," + n(b.y + b.height) + "@" + std::to_string(b.frame);
}

std::string clickText(const ClickPrompt& c) {
  return std::to_string(static_cast<long long>(c.x)) + "," + std::to_string(static_cast<long long>(c.y)) + "@" +
         std::to_string(c.frame);
}

}  // namespace

std::map<int, Mask> checkPrompts(const ObjectPrompts& object, const FrameSource& source) {
  const std::string who = "object '" + object.name + "': ";
  const cv::Size size = source.frameSize();
  for (const ClickPrompt& c : object.clicks)
    if (c.frame < 0 || c.frame >= source.frameCount() || c.x < 0 || c.y < 0 || c.x >= size.width || c.y >= size.height)
      throw InputError(who + "click " + clickText(c) + " is outside " + clipText(source));
  std::map<int, int> boxesPerFrame;
  for (const BoxPrompt& b : object.boxes) {
    if (b.frame < 0 || b.frame >= source.frameCount() || b.x < 0 || b.y < 0 || b.x + b.width > size.width ||
        b.y + b.height > size.height)
      throw InputError(who + "box " + boxText(b) + " is outside " + clipText(source));
    if (++boxesPerFrame[b.frame] > 1) throw InputError(who + "two boxes on frame " + std::to_string(b.frame));
  }
  std::map<int, Mask> masks;
  for (const KeyframeMask& keyframe : object.masks) {
    if (keyframe.frame >= source.frameCount())
      throw InputError(who + "--keyframe " + std::to_string(keyframe.frame) + ":" + keyframe.file +
                       ": frame " + std::to_string(keyframe.frame) + " is outside " + clipText(source));
    if (masks.count(keyframe.frame))
      throw InputError(who + "--keyframe: two masks for frame " + std::to_string(keyframe.frame));
    Mask mask = loadMaskPng(keyframe.file);
    if (mask.size() != size)
      throw InputError(keyframe.file + ": mask is " + sizeText(mask.size()) + ", the frames of " + source.path() +
                       " are " + sizeText(size));
    if (mask.isEmpty()) throw InputError(keyframe.file + ": mask is empty (no object pixel)");
    masks.emplace(keyframe.frame, std::move(mask));
  }
  for (const ClickPrompt& c : object.clicks) {
    const bool framePositive = std::any_of(object.clicks.begin(), object.clicks.end(),
                                           [&](const ClickPrompt& o) { return o.frame == c.frame && o.positive; });
    if (!framePositive && !masks.count(c.frame) && !boxesPerFrame.count(c.frame))
      throw InputError(who + "frame " + std::to_string(c.frame) +
                       " has only negative clicks: add a --click, a --box or a --keyframe mask there");
  }
  if (object.clicks.empty() && masks.empty() && object.boxes.empty())
    throw InputError(who + "needs a --click, a --box or a --keyframe mask");
  return masks;
}

MaskTrack keyframesFromPrompts(FrameSource& source, const ObjectPrompts& object, const std::map<int, Mask>& masks) {
  MaskTrack track(source.frameCount(), source.frameSize());
  for (const auto& [frame, mask] : masks) track.setKeyframe(frame, mask);
  std::map<int, SegmentRequest> requests;
  for (const ClickPrompt& c : object.clicks)
    requests[c.frame].clicks.push_back({{static_cast<int>(c.x), static_cast<int>(c.y)}, c.positive});
  for (const BoxPrompt& b : object.boxes)
    requests[b.frame].box = cv::Rect(static_cast<int>(b.x), static_cast<int>(b.y), static_cast<int>(b.width),
                                     static_cast<int>(b.height));
  const Segmenter segmenter;
  for (auto& [frame, request] : requests) {
    if (track.isKeyframe(frame)) request.previous = track.keyframeMask(frame);
    const Mask mask = segmenter.segment(source.readFrame(frame), request);
    if (mask.isEmpty())
      throw InputError("object '" + object.name + "': the clicks on frame " + std::to_string(frame) + " of " +
                       source.path() + " select nothing (a flat area?): click on the object itself");
    track.setKeyframe(frame, mask);
  }
  return track;
}

std::vector<FramePrompt> framePrompts(const ObjectPrompts& object, const std::map<int, Mask>& masks) {
  std::map<int, FramePrompt> byFrame;
  auto at = [&](int frame) -> FramePrompt& {
    FramePrompt& prompt = byFrame[frame];
    prompt.frame = frame;
    return prompt;
  };
  for (const auto& [frame, mask] : masks) at(frame).mask = mask;
  for (const ClickPrompt& c : object.clicks) at(c.frame).clicks.push_back(c);
  for (const BoxPrompt& b : object.boxes) at(b.frame).box = b;
  std::vector<FramePrompt> out;
  for (auto& entry : byFrame) out.push_back(std::move(entry.second));
  return out;
}

}  // namespace permanence::cli
