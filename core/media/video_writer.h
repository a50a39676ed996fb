#pragma once
// Encodes frames to H.264 MP4 (libx264, yuv420p, CRF) or ProRes 4444 with alpha in
// MOV (prores_ks, yuva444p10le), optionally copying the audio stream of a source
// file. The file is written under a temporary name in the destination folder and
// renamed in finish(), after the encoder is drained: a failed or abandoned export
// leaves no half file.
#include "media/ffmpeg_ptr.h"
#include "media/rational.h"

#include <opencv2/core.hpp>

#include <string>

namespace permanence {

enum class VideoCodec { H264, ProRes4444 };

struct VideoWriterOptions {
  VideoCodec codec = VideoCodec::H264;
  int crf = 18;                    // H.264 quality: 0 lossless .. 51 worst
  std::string preset = "medium";   // x264 speed preset
  std::string audioSource;         // copy this file's first audio stream when set
};

class VideoWriter {
 public:
  // Throws MediaError naming the file and the problem.
  VideoWriter(std::string path, cv::Size size, Rational frameRate, VideoWriterOptions options = {});
  ~VideoWriter();  // without finish(): closes and removes the temporary file
  VideoWriter(const VideoWriter&) = delete;
  VideoWriter& operator=(const VideoWriter&) = delete;

  // 8-bit BGR or BGRA of the writer's size; alpha is kept by ProRes 4444. Frames
  // follow each other at the writer's frame rate.
  void write(const cv::Mat& frame);
  // The same, shown at `seconds` from the start: a variable-frame-rate source keeps
  // its timing. Times must increase; one that does not is moved just after the previous frame.
  void write(const cv::Mat& frame, double seconds);
  // Drains the encoder, copies the remaining audio, writes the trailer, renames.
  void finish();
  const std::string& path() const { return path_; }

 private:
  void openAudioSource(const std::string& source);
  void encode(AVFrame* frame);
  // Copies source audio packets up to `untilSeconds` (all of them when negative).
  void copyAudio(double untilSeconds);
  void writePacket(AVPacket* packet);
  void closeAndRemoveTemp();
  [[noreturn]] void fail(const std::string& problem);    // MediaError: the input or the codec
  [[noreturn]] void failIo(const std::string& problem);  // IoError: the disk or the folder

  std::string path_;
  std::string temp_;
  cv::Size size_;
  Rational rate_;
  ffmpeg::OutputContextPtr output_;
  ffmpeg::CodecContextPtr encoder_;
  ffmpeg::FramePtr frame_ = ffmpeg::makeFrame();
  ffmpeg::PacketPtr packet_ = ffmpeg::makePacket();
  ffmpeg::SwsPtr sws_;
  int swsInputFormat_ = -1;
  AVStream* videoStream_ = nullptr;
  ffmpeg::InputContextPtr audioInput_;
  int audioInStream_ = -1;
  AVStream* audioStream_ = nullptr;
  bool audioDone_ = true;
  int frames_ = 0;
  int ticksPerFrame_ = 1;    // encoder ticks in one frame of the nominal rate
  std::int64_t lastPts_ = -1;  // of the last frame written, in encoder ticks
  double endSeconds_ = 0;      // where the written video ends: audio is copied up to it
  bool finished_ = false;
};

}  // namespace permanence
