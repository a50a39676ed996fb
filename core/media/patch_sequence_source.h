#pragma once
// A patch file (patch_file.h) read as a FrameSource: each frame is its base (zeros,
// or the source clip's frame for a plate) with its patch pasted, exactly as it was
// written. The patches are held in memory (small); the base is read per frame.
#include "media/frame_source.h"
#include "media/patch_file.h"

#include <memory>
#include <mutex>

namespace permanence {

class PatchSequenceSource : public FrameSource {
 public:
  // `base` gives the frames a PatchBase::Source file was diffed against (the clip);
  // unused for PatchBase::Zero. Throws InputError naming the file when it cannot be
  // read, or when `base` is missing or differs in frame count or size.
  PatchSequenceSource(const std::string& file, Rational rate, std::shared_ptr<FrameSource> base);

  const std::string& path() const override { return file_; }
  int frameCount() const override { return static_cast<int>(sequence_.patches.size()); }
  cv::Size frameSize() const override { return sequence_.frameSize; }
  Rational frameRate() const override { return rate_; }
  double frameTime(int index) const override;
  std::string frameName(int index) const override { return sequence_.names.at(index); }
  // BGR; a mask file reads as grey converted to BGR.
  cv::Mat readFrame(int index) override;
  // BGRA: a layer as stored (straight alpha).
  cv::Mat readFrameWithAlpha(int index) override;
  bool hasAlpha() const override { return sequence_.channels == 4; }
  MediaInfo describe() const override;
  // The frame as stored: 1, 3 or 4 channels.
  cv::Mat readStored(int index);

 private:
  std::string file_;
  PatchSequence sequence_;
  Rational rate_;
  std::shared_ptr<FrameSource> base_;
  std::mutex baseLock_;  // decoders are not re-entrant
};

}  // namespace permanence
