#include "media/video_writer.h"

#include "errors.h"

extern "C" {
#include <libavutil/opt.h>
}

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <random>

namespace fs = std::filesystem;

namespace permanence {
namespace {
// Encoder ticks per frame of the nominal rate: fine enough for the timestamps of a
// variable-frame-rate source (1/25000 s at 25 fps), exact for a constant rate; fewer
// where the rate's numerator is so large that the time base would overflow an int.
int ticksPerFrame(Rational rate) {
  constexpr std::int64_t kTicks = 1000;
  return static_cast<int>(std::clamp<std::int64_t>(std::numeric_limits<int>::max() / std::max<std::int64_t>(rate.num, 1), 1, kTicks));
}
}  // namespace

VideoWriter::VideoWriter(std::string path, cv::Size size, Rational frameRate, VideoWriterOptions options)
    : path_(std::move(path)), size_(size), rate_(frameRate) {
  const bool prores = options.codec == VideoCodec::ProRes4444;
  if (size.width <= 0 || size.height <= 0) fail("invalid frame size");
  if (!prores && (size.width % 2 || size.height % 2))
    fail("H.264 (yuv420p) needs an even frame size, got " + std::to_string(size.width) + "x" +
         std::to_string(size.height));
  const fs::path dest = fs::absolute(path_);
  std::error_code ec;
  if (!fs::is_directory(dest.parent_path(), ec)) failIo("the output folder does not exist");
  std::random_device rd;
  temp_ = (dest.parent_path() / ("." + dest.stem().string() + ".partial-" + std::to_string(rd()) +
                                 dest.extension().string()))
              .string();
  const char* muxer = prores ? "mov" : "mp4";
  AVFormatContext* raw = nullptr;
  if (avformat_alloc_output_context2(&raw, nullptr, muxer, temp_.c_str()) < 0) fail("cannot create the container");
  output_.reset(raw);

  const AVCodec* codec = avcodec_find_encoder_by_name(prores ? "prores_ks" : "libx264");
  if (!codec) fail(std::string("encoder ") + (prores ? "prores_ks" : "libx264") + " is not available");
  encoder_.reset(avcodec_alloc_context3(codec));
  encoder_->width = size.width;
  encoder_->height = size.height;
  ticksPerFrame_ = ticksPerFrame(rate_);
  encoder_->time_base = AVRational{static_cast<int>(rate_.den), static_cast<int>(rate_.num * ticksPerFrame_)};
  encoder_->framerate = AVRational{static_cast<int>(rate_.num), static_cast<int>(rate_.den)};
  encoder_->pix_fmt = prores ? AV_PIX_FMT_YUVA444P10LE : AV_PIX_FMT_YUV420P;
  encoder_->color_range = AVCOL_RANGE_MPEG;
  encoder_->colorspace = AVCOL_SPC_BT709;
  encoder_->color_primaries = AVCOL_PRI_BT709;
  encoder_->color_trc = AVCOL_TRC_BT709;
  encoder_->thread_count = 0;
  if (output_->oformat->flags & AVFMT_GLOBALHEADER) encoder_->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  if (prores) {
    av_opt_set(encoder_->priv_data, "profile", "4444", 0);
    av_opt_set_int(encoder_->priv_data, "alpha_bits", 16, 0);
  } else {
    av_opt_set(encoder_->priv_data, "preset", options.preset.c_str(), 0);
    av_opt_set_int(encoder_->priv_data, "crf", options.crf, 0);
  }
  if (int err = avcodec_open2(encoder_.get(), codec, nullptr); err < 0)
    fail("cannot open the encoder (" + ffmpeg::errorText(err) + ")");
  videoStream_ = avformat_new_stream(output_.get(), nullptr);
  // 90 kHz, as MPEG uses: exact for 23.976 to 60 fps and fine for variable rates; the
  // encoder's own ticks would give the container a timescale of tens of millions.
  videoStream_->time_base = AVRational{1, 90000};
  avcodec_parameters_from_context(videoStream_->codecpar, encoder_.get());

  if (!options.audioSource.empty()) openAudioSource(options.audioSource);

  if (int err = avio_open(&output_->pb, temp_.c_str(), AVIO_FLAG_WRITE); err < 0)
    failIo("cannot create the file (" + ffmpeg::errorText(err) + ")");
  if (int err = avformat_write_header(output_.get(), nullptr); err < 0)
    failIo("cannot write the header (" + ffmpeg::errorText(err) + ")");

  frame_->format = encoder_->pix_fmt;
  frame_->width = size.width;
  frame_->height = size.height;
  // prores_ks writes the colour tags of each frame, not the encoder's.
  frame_->color_range = encoder_->color_range;
  frame_->colorspace = encoder_->colorspace;
  frame_->color_primaries = encoder_->color_primaries;
  frame_->color_trc = encoder_->color_trc;
  if (av_frame_get_buffer(frame_.get(), 0) < 0) fail("out of memory");
}

VideoWriter::~VideoWriter() {
  if (!finished_) closeAndRemoveTemp();
}

void VideoWriter::fail(const std::string& problem) {
  closeAndRemoveTemp();
  throw MediaError(path_ + ": " + problem);
}

void VideoWriter::failIo(const std::string& problem) {
  closeAndRemoveTemp();
  throw IoError(path_ + ": " + problem);
}

void VideoWriter::closeAndRemoveTemp() {
  output_.reset();
  audioInput_.reset();
  if (!temp_.empty()) {
    std::error_code ec;
    fs::remove(temp_, ec);
  }
}

void VideoWriter::openAudioSource(const std::string& source) {
  AVFormatContext* raw = nullptr;
  if (avformat_open_input(&raw, source.c_str(), nullptr, nullptr) < 0 ||
      avformat_find_stream_info(raw, nullptr) < 0) {
    if (raw) avformat_close_input(&raw);
    fail("cannot read the audio source " + source);
  }
  audioInput_.reset(raw);
  audioInStream_ = av_find_best_stream(raw, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
  if (audioInStream_ < 0) {
    audioInput_.reset();  // a source without audio gives a silent export
    return;
  }
  audioStream_ = avformat_new_stream(output_.get(), nullptr);
  avcodec_parameters_copy(audioStream_->codecpar, raw->streams[audioInStream_]->codecpar);
  audioStream_->codecpar->codec_tag = 0;
  audioStream_->time_base = raw->streams[audioInStream_]->time_base;
  audioDone_ = false;
}

void VideoWriter::write(const cv::Mat& frame) {
  const std::int64_t next = lastPts_ < 0 ? 0 : lastPts_ + ticksPerFrame_;
  write(frame, static_cast<double>(next) * av_q2d(encoder_->time_base));
}

void VideoWriter::write(const cv::Mat& frame, double seconds) {
  if (finished_) throw std::logic_error("VideoWriter::write after finish");
  if (!output_) throw MediaError(path_ + ": the export already failed");
  if (frame.size() != size_) fail("frame " + std::to_string(frames_) + " has the wrong size");
  if (frame.type() != CV_8UC3 && frame.type() != CV_8UC4) fail("frames must be 8-bit BGR or BGRA");
  const AVPixelFormat in = frame.channels() == 4 ? AV_PIX_FMT_BGRA : AV_PIX_FMT_BGR24;
  if (!sws_ || swsInputFormat_ != in) {
    sws_.reset(sws_getContext(size_.width, size_.height, in, size_.width, size_.height, encoder_->pix_fmt,
                              SWS_BICUBIC, nullptr, nullptr, nullptr));
    const int* bt709 = sws_getCoefficients(SWS_CS_ITU709);
    sws_setColorspaceDetails(sws_.get(), bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16);
    swsInputFormat_ = in;
  }
  if (av_frame_make_writable(frame_.get()) < 0) fail("out of memory");
  const uint8_t* src[4] = {frame.data, nullptr, nullptr, nullptr};
  const int srcStride[4] = {static_cast<int>(frame.step), 0, 0, 0};
  sws_scale(sws_.get(), src, srcStride, 0, size_.height, frame_->data, frame_->linesize);
  const double tick = av_q2d(encoder_->time_base);
  frame_->pts = std::max(lastPts_ + 1, static_cast<std::int64_t>(std::llround(seconds / tick)));
  lastPts_ = frame_->pts;
  endSeconds_ = static_cast<double>(lastPts_ + ticksPerFrame_) * tick;  // the last frame lasts one nominal frame
  ++frames_;
  encode(frame_.get());
  copyAudio(endSeconds_);
}

void VideoWriter::encode(AVFrame* frame) {
  if (int err = avcodec_send_frame(encoder_.get(), frame); err < 0)
    fail("encoding failed (" + ffmpeg::errorText(err) + ")");
  for (;;) {
    const int got = avcodec_receive_packet(encoder_.get(), packet_.get());
    if (got == AVERROR(EAGAIN) || got == AVERROR_EOF) return;
    if (got < 0) fail("encoding failed (" + ffmpeg::errorText(got) + ")");
    if (packet_->duration == 0) packet_->duration = ticksPerFrame_;  // the muxer's edit list needs it
    av_packet_rescale_ts(packet_.get(), encoder_->time_base, videoStream_->time_base);
    packet_->stream_index = videoStream_->index;
    writePacket(packet_.get());
  }
}

void VideoWriter::writePacket(AVPacket* packet) {
  if (int err = av_interleaved_write_frame(output_.get(), packet); err < 0)
    failIo("cannot write (" + ffmpeg::errorText(err) + "; disk full?)");
}

void VideoWriter::copyAudio(double untilSeconds) {
  if (audioDone_) return;
  AVStream* in = audioInput_->streams[audioInStream_];
  const double videoEnd = endSeconds_;
  for (;;) {
    const int err = av_read_frame(audioInput_.get(), packet_.get());
    if (err < 0) {
      audioDone_ = true;
      return;
    }
    if (packet_->stream_index != audioInStream_ || packet_->pts == AV_NOPTS_VALUE) {
      av_packet_unref(packet_.get());
      continue;
    }
    const double t = packet_->pts * av_q2d(in->time_base);
    if (t >= videoEnd && untilSeconds < 0) {  // the export is shorter than the source audio
      av_packet_unref(packet_.get());
      audioDone_ = true;
      return;
    }
    av_packet_rescale_ts(packet_.get(), in->time_base, audioStream_->time_base);
    packet_->stream_index = audioStream_->index;
    packet_->pos = -1;
    writePacket(packet_.get());
    if (untilSeconds >= 0 && t >= untilSeconds) return;
  }
}

void VideoWriter::finish() {
  if (finished_) return;
  if (!output_) throw MediaError(path_ + ": the export already failed");
  encode(nullptr);
  copyAudio(-1);
  if (int err = av_write_trailer(output_.get()); err < 0)
    failIo("cannot finish the file (" + ffmpeg::errorText(err) + ")");
  if (int err = avio_closep(&output_->pb); err < 0)
    failIo("cannot close the file (" + ffmpeg::errorText(err) + "; disk full?)");
  std::error_code ec;
  fs::rename(temp_, path_, ec);
  if (ec) failIo("cannot move the finished file into place (" + ec.message() + ")");
  finished_ = true;
}

}  // namespace permanence
