#pragma once
// One OpenEXR file of half-float channels: the format in which compositing
// applications (Nuke, Fusion) take layers and mattes. OpenEXR itself stays inside
// exr_writer.cpp. A file is written in one go (ZIP, lossless) and appears complete
// or not at all: it is built under a temporary name next to PATH and renamed when
// the last scanline is written; the destructor removes it otherwise.
#include "media/rational.h"

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace permanence {

struct ExrChannel {
  // "R", "G", "B", "A", or LAYER.C: Nuke and Fusion show "modal.A" as channel A of
  // a layer "modal" (Nuke's modal.alpha).
  std::string name;
  cv::Mat plane;  // CV_32FC1 of the data window's size, stored as half
};

struct ExrImage {
  cv::Size displaySize;  // the full frame: the display window
  cv::Rect dataWindow;   // the pixels stored: inside the display window, not empty
  std::vector<ExrChannel> channels;
  Rational frameRate;    // written as the framesPerSecond attribute
};

class ExrWriter {
 public:
  // Nothing touches the disk before write().
  explicit ExrWriter(std::string path);
  ~ExrWriter();  // removes the temporary file of a write() that did not complete
  ExrWriter(const ExrWriter&) = delete;
  ExrWriter& operator=(const ExrWriter&) = delete;

  // Writes `image` to PATH. Throws IoError naming the file when it cannot be
  // written (an unwritable folder, a full disk); std::invalid_argument for an
  // image that breaks the rules above.
  void write(const ExrImage& image);

 private:
  std::string path_;
  std::string temp_;  // the file being written, until renamed to path_
};

}  // namespace permanence
