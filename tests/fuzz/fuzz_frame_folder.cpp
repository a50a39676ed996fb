// libFuzzer target for the readers of user frames and masks: any byte string as an
// image file in a frame folder (opened as a clip, first frame read, as the commands
// do) and as a mask PNG (as --keyframe and --masks read it). Each must either give a
// frame or mask of the size it reports, or throw with a message; crashes, hangs and
// sanitizer reports are failures.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "mask/mask_io.h"
#include "media/image_sequence_source.h"

namespace {

const std::filesystem::path& scratchFolder() {
  static const std::filesystem::path folder = [] {
    auto path = std::filesystem::temp_directory_path() / ("permanence-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
    return path;
  }();
  return folder;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The decoder is chosen by the bytes' signature, not the name: one name serves all.
  const std::filesystem::path file = scratchFolder() / "frame.png";
  {
    std::ofstream out(file, std::ios::binary);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    permanence::ImageSequenceSource frames(scratchFolder().string());
    const cv::Mat frame = frames.readFrame(0);
    if (frame.size() != frames.frameSize() || frame.type() != CV_8UC3) __builtin_trap();
    const cv::Mat bgra = frames.readFrameWithAlpha(0);
    if (bgra.size() != frames.frameSize() || bgra.type() != CV_8UC4) __builtin_trap();
  } catch (const std::exception&) {
    // Refused with a message: the expected outcome for most inputs.
  }
  try {
    const permanence::Mask mask = permanence::loadMaskPng(file.string());
    if (mask.width() <= 0 || mask.height() <= 0) __builtin_trap();
  } catch (const std::exception&) {
  }
  return 0;
}
