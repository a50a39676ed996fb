#include "media/video_reader.h"

#include "errors.h"

extern "C" {
#include <libavutil/display.h>
#include <libavutil/pixdesc.h>
}

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace permanence {
namespace {

int rotationOf(const AVStream* stream) {
  const auto* matrix = reinterpret_cast<const int32_t*>(
      av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, nullptr));
  if (!matrix) return 0;
  // av_display_rotation_get is counter-clockwise; frames must be turned clockwise.
  double theta = -av_display_rotation_get(matrix);
  theta -= 360 * std::floor(theta / 360 + 0.9 / 360);
  const int quarter = static_cast<int>(std::lround(theta / 90.0)) % 4;
  return quarter * 90;
}

int swsColorspace(const AVFrame* frame) {
  switch (frame->colorspace) {
    case AVCOL_SPC_BT709: return SWS_CS_ITU709;
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL: return SWS_CS_BT2020;
    case AVCOL_SPC_SMPTE240M: return SWS_CS_SMPTE240M;
    case AVCOL_SPC_FCC: return SWS_CS_FCC;
    case AVCOL_SPC_BT470BG:
    case AVCOL_SPC_SMPTE170M: return SWS_CS_ITU601;
    default: return frame->height >= 720 ? SWS_CS_ITU709 : SWS_CS_ITU601;  // as players guess
  }
}

bool isFullRange(const AVFrame* frame) {
  const auto fmt = static_cast<AVPixelFormat>(frame->format);
  return frame->color_range == AVCOL_RANGE_JPEG || fmt == AV_PIX_FMT_YUVJ420P ||
         fmt == AV_PIX_FMT_YUVJ422P || fmt == AV_PIX_FMT_YUVJ444P;
}

}  // namespace

VideoReader::VideoReader(std::string path) : path_(std::move(path)) {
  std::error_code ec;
  if (!std::filesystem::exists(path_, ec)) fail("no such file");
  AVFormatContext* raw = nullptr;
  if (int err = avformat_open_input(&raw, path_.c_str(), nullptr, nullptr); err < 0)
    fail("cannot open as a video (" + ffmpeg::errorText(err) + ")");
  format_.reset(raw);
  if (int err = avformat_find_stream_info(format_.get(), nullptr); err < 0)
    fail("cannot read stream information (" + ffmpeg::errorText(err) + ")");
  stream_ = av_find_best_stream(format_.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (stream_ < 0) fail("has no video stream");
  openDecoder();
  scanPackets();
  fillInfo();
}

void VideoReader::fail(const std::string& problem) const { throw MediaError(path_ + ": " + problem); }

void VideoReader::openDecoder() {
  const AVCodecParameters* par = format_->streams[stream_]->codecpar;
  const AVCodec* codec = avcodec_find_decoder(par->codec_id);
  if (!codec) fail(std::string("unsupported video codec '") + avcodec_get_name(par->codec_id) + "'");
  checkFrameSize(path_, {par->width, par->height});
  decoder_.reset(avcodec_alloc_context3(codec));
  avcodec_parameters_to_context(decoder_.get(), par);
  decoder_->thread_count = 0;  // one per core
  decoder_->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
  decoder_->pkt_timebase = format_->streams[stream_]->time_base;
  if (int err = avcodec_open2(decoder_.get(), codec, nullptr); err < 0)
    fail("cannot open the " + std::string(codec->name) + " decoder (" + ffmpeg::errorText(err) + ")");
  codedSize_ = {par->width, par->height};
}

void VideoReader::scanPackets() {
  std::int64_t lastDts = AV_NOPTS_VALUE;
  bool everyPacketHasPts = true;
  std::int64_t packets = 0;
  for (;;) {
    const int err = av_read_frame(format_.get(), packet_.get());
    if (err == AVERROR_EOF) break;
    if (err < 0) fail("read error while indexing (" + ffmpeg::errorText(err) + ")");
    if (packet_->stream_index == stream_) {
      everyPacketHasPts &= packet_->pts != AV_NOPTS_VALUE;
      ++packets;
      std::int64_t pts = packet_->pts != AV_NOPTS_VALUE ? packet_->pts : packet_->dts;
      if (pts == AV_NOPTS_VALUE) pts = lastDts == AV_NOPTS_VALUE ? 0 : lastDts + 1;
      lastDts = packet_->dts != AV_NOPTS_VALUE ? packet_->dts : pts;
      if (!(packet_->flags & AV_PKT_FLAG_DISCARD)) {
        pts_.push_back(pts);
        if (packet_->flags & AV_PKT_FLAG_KEY)
          keyframes_.push_back({pts, std::min(pts, lastDts)});
      }
    }
    av_packet_unref(packet_.get());
  }
  if (pts_.empty()) fail("contains no video frames");
  // An MP4 with its index in front still opens when cut short; the index tells.
  if (const std::int64_t promised = format_->streams[stream_]->nb_frames; packets < promised)
    fail("is truncated: its index lists " + std::to_string(promised) + " frames but only " +
         std::to_string(packets) + " are present");
  timestampless_ = !everyPacketHasPts;
  std::sort(pts_.begin(), pts_.end());
  pts_.erase(std::unique(pts_.begin(), pts_.end()), pts_.end());
  std::sort(keyframes_.begin(), keyframes_.end(),
            [](const Keyframe& a, const Keyframe& b) { return a.pts < b.pts; });
  if (keyframes_.empty() || keyframes_.front().pts > pts_.front())
    keyframes_.insert(keyframes_.begin(), {pts_.front(), pts_.front()});
  seekBefore(0, 0);
}

void VideoReader::fillInfo() {
  const AVStream* stream = format_->streams[stream_];
  const AVCodecParameters* par = stream->codecpar;
  info_.path = path_;
  info_.container = format_->iformat->name;
  info_.codec = avcodec_get_name(par->codec_id);
  const char* fmtName = av_get_pix_fmt_name(static_cast<AVPixelFormat>(par->format));
  info_.pixelFormat = fmtName ? fmtName : "unknown";
  const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(par->format));
  info_.hasAlpha = desc && (desc->flags & AV_PIX_FMT_FLAG_ALPHA);
  info_.rotation = rotationOf(stream);
  displaySize_ = info_.rotation % 180 ? cv::Size(codedSize_.height, codedSize_.width) : codedSize_;
  info_.width = displaySize_.width;
  info_.height = displaySize_.height;
  const AVRational rate = av_guess_frame_rate(format_.get(), const_cast<AVStream*>(stream), nullptr);
  info_.fps = rate.num > 0 ? Rational{rate.num, rate.den} : Rational{25, 1};
  info_.frameCount = frameCount();
  const double lastFrame = 1.0 / info_.fps.toDouble();
  info_.durationSeconds = frameTime(frameCount() - 1) + lastFrame;
  for (unsigned i = 0; i < format_->nb_streams; ++i)
    if (format_->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO) info_.hasAudio = true;
}

double VideoReader::frameTime(int index) const {
  if (index < 0 || index >= frameCount()) fail("frame " + std::to_string(index) + " out of range");
  if (timestampless_) return index / info_.fps.toDouble();
  return (pts_.at(index) - pts_.front()) * av_q2d(format_->streams[stream_]->time_base);
}

int VideoReader::indexOfPts(std::int64_t pts) const {
  const auto it = std::lower_bound(pts_.begin(), pts_.end(), pts);
  if (it != pts_.end() && *it == pts) return static_cast<int>(it - pts_.begin());
  return -1;
}

void VideoReader::seekBefore(int index, int keyframesBack) {
  if (timestampless_) {
    rewind();
    return;
  }
  const std::int64_t target = pts_[index];
  auto it = std::upper_bound(keyframes_.begin(), keyframes_.end(), target,
                             [](std::int64_t t, const Keyframe& k) { return t < k.pts; });
  int k = static_cast<int>(it - keyframes_.begin()) - 1 - keyframesBack;
  k = std::max(k, 0);
  int err = av_seek_frame(format_.get(), stream_, keyframes_[k].seekTs, AVSEEK_FLAG_BACKWARD);
  if (err < 0 && k == 0) err = av_seek_frame(format_.get(), -1, 0, AVSEEK_FLAG_BYTE);  // no index
  if (err < 0) fail("seek failed (" + ffmpeg::errorText(err) + ")");
  avcodec_flush_buffers(decoder_.get());
  draining_ = false;
  nextIndex_ = -1;  // unknown until the first frame comes out
}

void VideoReader::rewind() {
  if (int err = av_seek_frame(format_.get(), -1, 0, AVSEEK_FLAG_BYTE); err < 0)
    fail("cannot rewind (" + ffmpeg::errorText(err) + ")");
  avcodec_flush_buffers(decoder_.get());
  draining_ = false;
  nextIndex_ = 0;
  framesSinceRewind_ = 0;
}

int VideoReader::decodeNext() {
  for (;;) {
    const int got = avcodec_receive_frame(decoder_.get(), frame_.get());
    if (got == 0 && timestampless_) {
      nextIndex_ = framesSinceRewind_ + 1;
      return framesSinceRewind_++;
    }
    if (got == 0) {
      std::int64_t pts = frame_->best_effort_timestamp;
      if (pts == AV_NOPTS_VALUE) pts = frame_->pts;
      const int index = indexOfPts(pts);
      nextIndex_ = index < 0 ? -1 : index + 1;
      if (index >= 0) return index;
      continue;  // a frame the index does not know (discarded packet): skip it
    }
    if (got == AVERROR_EOF) return -1;
    if (got != AVERROR(EAGAIN)) fail("decode error (" + ffmpeg::errorText(got) + ")");
    if (draining_) return -1;
    const int err = av_read_frame(format_.get(), packet_.get());
    if (err == AVERROR_EOF || err < 0) {
      draining_ = true;
      avcodec_send_packet(decoder_.get(), nullptr);
      continue;
    }
    if (packet_->stream_index == stream_) {
      const int sent = avcodec_send_packet(decoder_.get(), packet_.get());
      if (sent < 0 && sent != AVERROR(EAGAIN) && sent != AVERROR_INVALIDDATA)
        fail("decode error (" + ffmpeg::errorText(sent) + ")");
    }
    av_packet_unref(packet_.get());
  }
}

cv::Mat VideoReader::readFrame(int index) {
  decodeFrame(index);
  return convert(false);
}

cv::Mat VideoReader::readFrameWithAlpha(int index) {
  decodeFrame(index);
  return convert(true);
}

void VideoReader::decodeFrame(int index) {
  if (index < 0 || index >= frameCount())
    fail("frame " + std::to_string(index) + " out of range (0.." + std::to_string(frameCount() - 1) + ")");
  // Reading ahead a few frames is cheaper than a seek.
  const bool ahead = nextIndex_ >= 0 && index >= nextIndex_ && (timestampless_ || index - nextIndex_ < 8);
  for (int attempt = 0; attempt < 4; ++attempt) {
    if (!ahead || attempt > 0) seekBefore(index, attempt);
    for (;;) {
      const int got = decodeNext();
      if (got == index) return;
      if (got < 0 || got > index) break;  // overshot: the seek landed too late
    }
  }
  fail("frame " + std::to_string(index) + " could not be decoded (corrupt or truncated file)");
}

cv::Mat VideoReader::convert(bool withAlpha) {
  const AVPixelFormat outFormat = withAlpha ? AV_PIX_FMT_BGRA : AV_PIX_FMT_BGR24;
  const int colorspace = swsColorspace(frame_.get());
  const int fullRange = isFullRange(frame_.get()) ? 1 : 0;
  const int key[6] = {frame_->width, frame_->height, frame_->format, outFormat, colorspace, fullRange};
  if (!sws_ || !std::equal(key, key + 6, swsKey_)) {
    sws_.reset(sws_getContext(frame_->width, frame_->height, static_cast<AVPixelFormat>(frame_->format),
                              frame_->width, frame_->height, outFormat, SWS_BILINEAR, nullptr,
                              nullptr, nullptr));
    if (!sws_) fail("cannot convert pixel format " + info_.pixelFormat);
    sws_setColorspaceDetails(sws_.get(), sws_getCoefficients(colorspace), fullRange,
                             sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
    std::copy(key, key + 6, swsKey_);
  }
  cv::Mat coded(frame_->height, frame_->width, withAlpha ? CV_8UC4 : CV_8UC3);
  uint8_t* dst[4] = {coded.data, nullptr, nullptr, nullptr};
  int dstStride[4] = {static_cast<int>(coded.step), 0, 0, 0};
  sws_scale(sws_.get(), frame_->data, frame_->linesize, 0, frame_->height, dst, dstStride);
  switch (info_.rotation) {
    case 90: cv::rotate(coded, coded, cv::ROTATE_90_CLOCKWISE); break;
    case 180: cv::rotate(coded, coded, cv::ROTATE_180); break;
    case 270: cv::rotate(coded, coded, cv::ROTATE_90_COUNTERCLOCKWISE); break;
    default: break;
  }
  return coded;
}

}  // namespace permanence
