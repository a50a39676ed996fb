#pragma once
// A video file as a FrameSource. At open, a packet scan builds the table of
// presentation timestamps, so frames are addressed by index even with a variable
// frame rate, and the frame count is exact. Reading the next frame just decodes;
// any other frame seeks to the keyframe before it, decodes forward and checks the
// timestamp. Rotation metadata is applied and the colour matrix and range are
// honoured when converting to 8-bit BGR.
#include "media/ffmpeg_ptr.h"
#include "media/frame_source.h"
#include "media/media_info.h"

#include <vector>

namespace permanence {

class VideoReader : public FrameSource {
 public:
  // Throws MediaError naming the file and the problem.
  explicit VideoReader(std::string path);

  const std::string& path() const override { return path_; }
  int frameCount() const override { return static_cast<int>(pts_.size()); }
  cv::Size frameSize() const override { return displaySize_; }
  Rational frameRate() const override { return info_.fps; }
  double frameTime(int index) const override;
  std::string frameName(int index) const override { return indexedFrameName(index); }
  cv::Mat readFrame(int index) override;
  cv::Mat readFrameWithAlpha(int index) override;
  bool hasAlpha() const override { return info_.hasAlpha; }
  MediaInfo describe() const override { return info_; }

 private:
  struct Keyframe {
    std::int64_t pts;
    std::int64_t seekTs;  // the keyframe packet's dts (or pts): safe to seek to
  };
  void openDecoder();
  void scanPackets();
  void fillInfo();
  void seekBefore(int index, int keyframesBack);
  // Back to the first packet: the only exact way into a stream without timestamps.
  void rewind();
  // Decodes the next frame into frame_; returns its index, or -1 at the end.
  int decodeNext();
  int indexOfPts(std::int64_t pts) const;
  // Leaves frame `index` decoded in frame_.
  void decodeFrame(int index);
  cv::Mat convert(bool withAlpha);
  [[noreturn]] void fail(const std::string& problem) const;

  std::string path_;
  ffmpeg::InputContextPtr format_;
  ffmpeg::CodecContextPtr decoder_;
  ffmpeg::FramePtr frame_ = ffmpeg::makeFrame();
  ffmpeg::PacketPtr packet_ = ffmpeg::makePacket();
  ffmpeg::SwsPtr sws_;
  int swsKey_[6] = {-1, -1, -1, -1, -1, -1};  // width, height, format, output format, matrix, range
  int stream_ = -1;
  std::vector<std::int64_t> pts_;  // sorted presentation timestamps, one per frame
  std::vector<Keyframe> keyframes_;  // sorted by pts
  int nextIndex_ = 0;  // index the decoder will produce next, when known
  bool draining_ = false;
  // Raw elementary streams (.h264) and AVI give packets without presentation
  // timestamps (AVI's decoded frames even come out shifted by the B-frame delay), so
  // the table cannot be checked against them: frames are numbered in the order the
  // decoder outputs them, and any seek backwards decodes from the start.
  bool timestampless_ = false;
  int framesSinceRewind_ = 0;
  cv::Size codedSize_;
  cv::Size displaySize_;
  MediaInfo info_;
};

}  // namespace permanence
