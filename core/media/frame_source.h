#pragma once
// One interface for every source of frames: a video file or a folder of images.
// Frames are addressed by index (0..frameCount()-1) and returned as 8-bit BGR.
#include "media/media_info.h"
#include "media/rational.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace permanence {

class FrameSource {
 public:
  virtual ~FrameSource() = default;

  virtual const std::string& path() const = 0;
  virtual int frameCount() const = 0;
  // Size of the frames as displayed (after rotation for videos).
  virtual cv::Size frameSize() const = 0;
  virtual Rational frameRate() const = 0;
  // Presentation time of a frame in seconds, relative to the first frame.
  virtual double frameTime(int index) const = 0;
  // Name used for per-frame output files: the image's base name for a folder,
  // a zero-padded index ("00000") for a video.
  virtual std::string frameName(int index) const = 0;
  // 8-bit BGR (CV_8UC3), frameSize(). Throws MediaError naming the file on failure.
  virtual cv::Mat readFrame(int index) = 0;
  // 8-bit BGRA (CV_8UC4); sources without alpha return opaque frames.
  virtual cv::Mat readFrameWithAlpha(int index);
  virtual bool hasAlpha() const { return false; }
  // Unique per source object for the life of the process (unlike its address, which
  // a later source may reuse): the frame cache keys on it.
  std::uint64_t identity() const { return identity_; }
  // Container, codec, sizes and timing, as `permanence-cli info` prints them.
  virtual MediaInfo describe() const = 0;

 private:
  static std::uint64_t nextIdentity();
  std::uint64_t identity_ = nextIdentity();  // copied with the content it names
};

// Smallest and largest frame side the pipeline accepts, for videos and frame folders
// alike. Below 16 px OpenCV's flow and GrabCut assert; above 4096 px DIS flow's
// pyramid overflows (a 4608 px wide folder crashed `track`).
constexpr int kMinFrameSide = 16;
constexpr int kMaxFrameSide = 4096;

// Throws MediaError "PATH: frame size WxH is outside the supported range..." when a
// side is outside kMinFrameSide..kMaxFrameSide.
void checkFrameSize(const std::string& path, cv::Size size);

// Frame rate of a folder of images, which carries none of its own.
constexpr Rational kDefaultFolderFrameRate{25, 1};

// Opens a folder of images (sorted by name; played at `folderRate`) or a video file.
// Throws InputError or MediaError naming the path and the problem.
std::unique_ptr<FrameSource> openFrameSource(const std::string& path, Rational folderRate = kDefaultFolderFrameRate);

// The name of every frame (FrameSource::frameName), in order: what per-frame files
// are called.
std::vector<std::string> frameNames(const FrameSource& source);

// Zero-padded frame name used for videos: 5 digits ("00042").
std::string indexedFrameName(int index);

}  // namespace permanence
