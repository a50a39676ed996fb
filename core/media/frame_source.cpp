#include "media/frame_source.h"

#include "errors.h"
#include "media/image_sequence_source.h"
#include "media/video_reader.h"

#include <opencv2/imgproc.hpp>

#include <atomic>
#include <cstdio>
#include <filesystem>

namespace permanence {

cv::Mat FrameSource::readFrameWithAlpha(int index) {
  cv::Mat bgra;
  cv::cvtColor(readFrame(index), bgra, cv::COLOR_BGR2BGRA);
  return bgra;
}

std::uint64_t FrameSource::nextIdentity() {
  static std::atomic<std::uint64_t> next{1};
  return next++;
}

std::string indexedFrameName(int index) {
  char name[32];
  std::snprintf(name, sizeof name, "%05d", index);
  return name;
}

std::unique_ptr<FrameSource> openFrameSource(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return std::make_unique<ImageSequenceSource>(path);
  if (!std::filesystem::exists(path, ec)) throw InputError(path + ": no such file or folder");
  return std::make_unique<VideoReader>(path);
}

}  // namespace permanence
