#pragma once
// A FrameSource that reads another one through the editor's FrameCache, which may be
// used from any thread: what the click worker hands to a learned tracker, so the
// editor's decoder is not read from two threads.
#include "media/frame_cache.h"
#include "media/frame_source.h"

namespace permanence::ui {

class CachedFrameSource : public FrameSource {
 public:
  CachedFrameSource(FrameSource& frames, FrameCache& cache) : frames_(frames), cache_(cache) {}
  const std::string& path() const override { return frames_.path(); }
  int frameCount() const override { return frames_.frameCount(); }
  cv::Size frameSize() const override { return frames_.frameSize(); }
  Rational frameRate() const override { return frames_.frameRate(); }
  double frameTime(int index) const override { return frames_.frameTime(index); }
  std::string frameName(int index) const override { return frames_.frameName(index); }
  cv::Mat readFrame(int index) override { return cache_.get(frames_, index); }
  MediaInfo describe() const override { return frames_.describe(); }

 private:
  FrameSource& frames_;
  FrameCache& cache_;
};

}  // namespace permanence::ui
