#include "media/patch_sequence_source.h"

#include "errors.h"

#include <opencv2/imgproc.hpp>

namespace permanence {

PatchSequenceSource::PatchSequenceSource(const std::string& file, Rational rate, std::shared_ptr<FrameSource> base)
    : file_(file), sequence_(readPatchFile(file)), rate_(rate), base_(std::move(base)) {
  if (sequence_.base != PatchBase::Source) return;
  if (!base_) throw InputError(file_ + ": is stored over the source clip, which is not open");
  if (base_->frameCount() != frameCount() || base_->frameSize() != frameSize())
    throw InputError(file_ + ": frame count or size differs from the source " + base_->path());
  if (sequence_.channels != 3) throw InputError(file_ + ": a patch file over the source must be BGR");
}

double PatchSequenceSource::frameTime(int index) const {
  const double fps = rate_.toDouble();
  return fps > 0 ? index / fps : 0.0;
}

cv::Mat PatchSequenceSource::readStored(int index) {
  cv::Mat base;
  if (sequence_.base == PatchBase::Source) {
    std::lock_guard lock(baseLock_);
    base = base_->readFrame(index);
  }
  return applyPatch(sequence_.patches.at(index), base, sequence_.frameSize, sequence_.channels,
                    file_ + ": frame " + sequence_.names.at(index));
}

cv::Mat PatchSequenceSource::readFrame(int index) {
  const cv::Mat stored = readStored(index);
  if (stored.channels() == 3) return stored;
  cv::Mat bgr;
  cv::cvtColor(stored, bgr, stored.channels() == 1 ? cv::COLOR_GRAY2BGR : cv::COLOR_BGRA2BGR);
  return bgr;
}

cv::Mat PatchSequenceSource::readFrameWithAlpha(int index) {
  const cv::Mat stored = readStored(index);
  if (stored.channels() == 4) return stored;
  cv::Mat bgra;
  cv::cvtColor(stored, bgra, stored.channels() == 1 ? cv::COLOR_GRAY2BGRA : cv::COLOR_BGR2BGRA);
  return bgra;
}

MediaInfo PatchSequenceSource::describe() const {
  MediaInfo info;
  info.path = file_;
  info.container = "patches";
  info.codec = "png";
  info.pixelFormat = sequence_.channels == 4 ? "bgra" : sequence_.channels == 3 ? "bgr24" : "gray";
  info.width = sequence_.frameSize.width;
  info.height = sequence_.frameSize.height;
  info.fps = rate_;
  info.frameCount = frameCount();
  info.durationSeconds = frameTime(frameCount());
  info.hasAlpha = hasAlpha();
  return info;
}

}  // namespace permanence
