#include "media/exr_writer.h"

#include "errors.h"

#include <Imath/half.h>
#include <OpenEXR/ImfChannelList.h>
#include <OpenEXR/ImfFrameBuffer.h>
#include <OpenEXR/ImfHeader.h>
#include <OpenEXR/ImfOutputFile.h>
#include <OpenEXR/ImfStandardAttributes.h>
#include <OpenEXR/ImfThreading.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace permanence {
namespace {

void checkImage(const ExrImage& image) {
  const cv::Rect display({0, 0}, image.displaySize);
  if (image.dataWindow.empty() || (image.dataWindow & display) != image.dataWindow)
    throw std::invalid_argument("EXR data window is empty or outside the display window");
  if (image.channels.empty()) throw std::invalid_argument("EXR image without channels");
  for (const ExrChannel& channel : image.channels)
    if (channel.plane.type() != CV_32FC1 || channel.plane.size() != image.dataWindow.size())
      throw std::invalid_argument("EXR channel " + channel.name + " is not CV_32FC1 of the data window's size");
}

Imf::Header headerFor(const ExrImage& image) {
  const cv::Rect& d = image.dataWindow;
  Imf::Header header(Imath::Box2i({0, 0}, {image.displaySize.width - 1, image.displaySize.height - 1}),
                     Imath::Box2i({d.x, d.y}, {d.x + d.width - 1, d.y + d.height - 1}));
  // ZIP: lossless, so mattes keep their exact edges, and compressed in blocks of 16
  // scanlines, which Nuke reads efficiently (DWAA would be smaller but lossy).
  header.compression() = Imf::ZIP_COMPRESSION;
  for (const ExrChannel& channel : image.channels) header.channels().insert(channel.name, Imf::Channel(Imf::HALF));
  Imf::addFramesPerSecond(header, Imf::Rational(static_cast<int>(image.frameRate.num),
                                                static_cast<unsigned>(image.frameRate.den)));
  return header;
}

// OpenEXR compresses blocks of scanlines on its global thread pool, which is empty
// unless sized. With one thread per core, the sample's layer EXRs were written 1.3 to
// 1.9 times as fast on the 2-core machine (bench/harness_exr_export; the encoder
// thread of ImageSequenceWriter alone keeps one core busy).
int exrThreads() {
  static const int threads = [] {
    Imf::setGlobalThreadCount(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    return Imf::globalThreadCount();
  }();
  return threads;
}

}  // namespace

ExrWriter::ExrWriter(std::string path) : path_(std::move(path)) {}

ExrWriter::~ExrWriter() {
  if (!temp_.empty()) std::remove(temp_.c_str());
}

void ExrWriter::write(const ExrImage& image) {
  checkImage(image);
  const cv::Rect& d = image.dataWindow;
  std::vector<std::vector<half>> halves;
  Imf::FrameBuffer buffer;
  for (const ExrChannel& channel : image.channels) {
    std::vector<half>& plane = halves.emplace_back(static_cast<size_t>(d.area()));
    for (int y = 0; y < d.height; ++y) {
      const float* row = channel.plane.ptr<float>(y);
      for (int x = 0; x < d.width; ++x) plane[static_cast<size_t>(y) * d.width + x] = half(row[x]);
    }
    buffer.insert(channel.name, Imf::Slice::Make(Imf::HALF, plane.data(), Imath::V2i(d.x, d.y), d.width, d.height,
                                                 sizeof(half), sizeof(half) * d.width));
  }
  const std::filesystem::path target(path_);
  temp_ = (target.parent_path() / ("." + target.filename().string() + ".partial-" + std::to_string(::getpid())))
              .string();
  try {
    Imf::OutputFile file(temp_.c_str(), headerFor(image), exrThreads());
    file.setFrameBuffer(buffer);
    file.writePixels(d.height);
  } catch (const std::exception& e) {  // Iex::BaseExc: 'Failed to write ... file "TEMP". File too large.'
    std::string reason = e.what();
    // The temporary name is not one the user knows; the message names PATH instead.
    if (const auto at = reason.find(" \"" + temp_ + "\""); at != std::string::npos)
      reason.erase(at, temp_.size() + 3);
    throw IoError(path_ + ": cannot write the OpenEXR image (" + reason + ")");
  }
  std::error_code ec;
  std::filesystem::rename(temp_, path_, ec);
  if (ec) throw IoError(path_ + ": cannot move the OpenEXR image into place (" + ec.message() + ")");
  temp_.clear();
}

}  // namespace permanence
