#pragma once
// Frames held in memory as a FrameSource: generated clips in tests and benchmarks.
#include "media/frame_source.h"

#include <vector>

namespace permanence {

class MemoryFrameSource : public FrameSource {
 public:
  MemoryFrameSource(std::vector<cv::Mat> frames, std::string name = "memory", Rational rate = {25, 1});

  const std::string& path() const override { return name_; }
  int frameCount() const override { return static_cast<int>(frames_.size()); }
  cv::Size frameSize() const override { return frames_.empty() ? cv::Size() : frames_[0].size(); }
  Rational frameRate() const override { return rate_; }
  double frameTime(int index) const override { return index / rate_.toDouble(); }
  std::string frameName(int index) const override { return indexedFrameName(index); }
  cv::Mat readFrame(int index) override { return frames_.at(index); }
  MediaInfo describe() const override;

 private:
  std::vector<cv::Mat> frames_;
  std::string name_;
  Rational rate_;
};

}  // namespace permanence
