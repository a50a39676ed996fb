#pragma once
// A FrameSource over frames held in memory as encoded images (PNG bytes): the
// editor keeps completed layers and the background plate this way, since raw
// frames of a whole clip would not fit, and hands them to core's renderer and
// exporters like any other source. Reading only decodes, so one source may be
// read from several threads.
#include "media/frame_source.h"

#include <memory>
#include <string>
#include <vector>

namespace permanence::ui {

using EncodedFrames = std::shared_ptr<const std::vector<std::vector<unsigned char>>>;
using FrameNames = std::shared_ptr<const std::vector<std::string>>;

class EncodedFrameSource : public FrameSource {
 public:
  // `names` gives each frame's name (the clip's); an empty frame reads as black,
  // fully transparent with alpha.
  EncodedFrameSource(std::string label, EncodedFrames frames, FrameNames names, cv::Size size, Rational rate,
                     bool alpha);

  const std::string& path() const override { return label_; }
  int frameCount() const override { return static_cast<int>(frames_->size()); }
  cv::Size frameSize() const override { return size_; }
  Rational frameRate() const override { return rate_; }
  double frameTime(int index) const override;
  std::string frameName(int index) const override { return names_->at(index); }
  cv::Mat readFrame(int index) override;
  cv::Mat readFrameWithAlpha(int index) override;
  bool hasAlpha() const override { return alpha_; }
  MediaInfo describe() const override;

 private:
  cv::Mat decode(int index, int channels) const;

  std::string label_;
  EncodedFrames frames_;
  FrameNames names_;
  cv::Size size_;
  Rational rate_;
  bool alpha_;
};

// The frame names of `frames`, in order.
FrameNames frameNamesOf(const FrameSource& frames);

}  // namespace permanence::ui
