#include "encoded_frame_source.h"

#include "errors.h"
#include "media/image_codec.h"

namespace permanence::ui {

EncodedFrameSource::EncodedFrameSource(std::string label, EncodedFrames frames, FrameNames names, cv::Size size,
                                       Rational rate, bool alpha)
    : label_(std::move(label)),
      frames_(std::move(frames)),
      names_(std::move(names)),
      size_(size),
      rate_(rate),
      alpha_(alpha) {}

double EncodedFrameSource::frameTime(int index) const {
  const double fps = rate_.toDouble();
  return fps > 0 ? index / fps : 0.0;
}

cv::Mat EncodedFrameSource::decode(int index, int channels) const {
  const std::vector<unsigned char>& bytes = frames_->at(index);
  if (bytes.empty()) return cv::Mat(size_, CV_8UC(channels), cv::Scalar::all(0));
  const std::string name = label_ + ": frame " + std::to_string(index);
  const cv::Mat image = decodeImage(bytes, channels == 4 ? ImageLayout::Bgra : ImageLayout::Bgr, name);
  if (image.size() != size_) throw MediaError(name + " cannot be decoded at the clip's size");
  return image;
}

cv::Mat EncodedFrameSource::readFrame(int index) { return decode(index, 3); }
cv::Mat EncodedFrameSource::readFrameWithAlpha(int index) { return decode(index, 4); }

MediaInfo EncodedFrameSource::describe() const {
  MediaInfo info;
  info.path = label_;
  info.container = "memory";
  info.codec = "png";
  info.pixelFormat = alpha_ ? "bgra" : "bgr24";
  info.width = size_.width;
  info.height = size_.height;
  info.fps = rate_;
  info.frameCount = frameCount();
  info.durationSeconds = frameTime(frameCount());
  info.hasAlpha = alpha_;
  return info;
}

FrameNames frameNamesOf(const FrameSource& frames) {
  auto names = std::make_shared<std::vector<std::string>>();
  for (int i = 0; i < frames.frameCount(); ++i) names->push_back(frames.frameName(i));
  return names;
}

}  // namespace permanence::ui
