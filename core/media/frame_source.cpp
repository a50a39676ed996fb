#include "media/frame_source.h"

#include "errors.h"
#include "media/image_sequence_source.h"
#include "media/video_reader.h"

#include <opencv2/imgproc.hpp>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace permanence {

cv::Mat FrameSource::readFrameWithAlpha(int index) {
  cv::Mat bgra;
  cv::cvtColor(readFrame(index), bgra, cv::COLOR_BGR2BGRA);
  return bgra;
}

std::vector<std::string> frameNames(const FrameSource& source) {
  std::vector<std::string> names;
  for (int i = 0; i < source.frameCount(); ++i) names.push_back(source.frameName(i));
  return names;
}

std::uint64_t FrameSource::nextIdentity() {
  static std::atomic<std::uint64_t> next{1};
  return next++;
}

std::optional<Rational> parseFrameRate(const std::string& text) {
  constexpr double kMaxFrameRate = 1000;
  std::size_t used = 0;
  Rational rate;
  try {
    if (const auto slash = text.find('/'); slash != std::string::npos) {
      rate = {std::stoll(text.substr(0, slash), &used), 1};
      if (used != slash) return std::nullopt;
      const std::string den = text.substr(slash + 1);
      rate.den = std::stoll(den, &used);
      if (used != den.size()) return std::nullopt;
    } else {
      const double value = std::stod(text, &used);
      if (used != text.size() || !(value > 0) || value > kMaxFrameRate) return std::nullopt;
      rate = {static_cast<std::int64_t>(std::llround(value * 1000)), 1000};
    }
  } catch (const std::logic_error&) {  // stoll / stod: not a number, or out of range
    return std::nullopt;
  }
  if (rate.num <= 0 || rate.den <= 0 || rate.toDouble() > kMaxFrameRate) return std::nullopt;
  return rate;
}

std::string indexedFrameName(int index) {
  char name[32];
  std::snprintf(name, sizeof name, "%05d", index);
  return name;
}

void checkFrameSize(const std::string& path, cv::Size size) {
  if (size.width < kMinFrameSide || size.height < kMinFrameSide || size.width > kMaxFrameSide ||
      size.height > kMaxFrameSide)
    throw MediaError(path + ": frame size " + std::to_string(size.width) + "x" + std::to_string(size.height) +
                     " is outside the supported range " + std::to_string(kMinFrameSide) + ".." +
                     std::to_string(kMaxFrameSide) + " pixels per side");
}

std::unique_ptr<FrameSource> openFrameSource(const std::string& path, Rational folderRate) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    auto folder = std::make_unique<ImageSequenceSource>(path, folderRate);
    checkFrameSize(folder->files().front(), folder->frameSize());
    return folder;
  }
  if (!std::filesystem::exists(path, ec)) throw InputError(path + ": no such file or folder");
  return std::make_unique<VideoReader>(path);
}

}  // namespace permanence
