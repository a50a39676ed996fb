#include "media/memory_frame_source.h"

namespace permanence {

MemoryFrameSource::MemoryFrameSource(std::vector<cv::Mat> frames, std::string name, Rational rate)
    : frames_(std::move(frames)), name_(std::move(name)), rate_(rate) {}

MediaInfo MemoryFrameSource::describe() const {
  MediaInfo info;
  info.path = name_;
  info.container = "memory";
  info.codec = "raw";
  info.pixelFormat = "bgr24";
  info.width = frameSize().width;
  info.height = frameSize().height;
  info.fps = rate_;
  info.frameCount = frameCount();
  info.durationSeconds = frameCount() / rate_.toDouble();
  return info;
}

}  // namespace permanence
