#include "media/image_sequence_source.h"

#include "errors.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace permanence {

bool isImageFile(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp" || ext == ".tif" ||
         ext == ".tiff" || ext == ".webp";
}

ImageSequenceSource::ImageSequenceSource(std::string folder, Rational frameRate)
    : folder_(std::move(folder)), rate_(frameRate) {
  std::error_code ec;
  if (!fs::is_directory(folder_, ec)) throw InputError(folder_ + ": not a folder");
  for (const auto& entry : fs::directory_iterator(folder_, ec))
    if (entry.is_regular_file() && isImageFile(entry.path().string()))
      files_.push_back(entry.path().string());
  if (ec) throw InputError(folder_ + ": cannot list folder (" + ec.message() + ")");
  if (files_.empty()) throw InputError(folder_ + ": folder holds no images (PNG/JPEG)");
  std::sort(files_.begin(), files_.end());
  size_ = readImage(0, ImageLayout::Bgr).size();
}

double ImageSequenceSource::frameTime(int index) const { return index / rate_.toDouble(); }

std::string ImageSequenceSource::frameName(int index) const {
  return fs::path(files_.at(index)).stem().string();
}

cv::Mat ImageSequenceSource::readImage(int index, ImageLayout layout) const {
  if (index < 0 || index >= frameCount())
    throw InputError(folder_ + ": frame " + std::to_string(index) + " out of range");
  const std::string& file = files_[index];
  cv::Mat image = readImageFile(file, layout);
  if (!size_.empty() && image.size() != size_)
    throw InputError(file + ": frame size " + std::to_string(image.cols) + "x" +
                     std::to_string(image.rows) + " differs from the first frame's " +
                     std::to_string(size_.width) + "x" + std::to_string(size_.height));
  return image;
}

cv::Mat ImageSequenceSource::readFrame(int index) { return readImage(index, ImageLayout::Bgr); }

cv::Mat ImageSequenceSource::readFrameWithAlpha(int index) {
  return readImage(index, ImageLayout::Bgra);
}

void ImageSequenceSource::checkUniformSize() const {
  // Decoding is the check every format supports (no header-only read).
  for (int i = 1; i < frameCount(); ++i) readImage(i, ImageLayout::Gray);
}

}  // namespace permanence

namespace permanence {

MediaInfo ImageSequenceSource::describe() const {
  MediaInfo info;
  info.path = folder_;
  info.container = "image_sequence";
  std::string ext = fs::path(files_.front()).extension().string();
  info.codec = ext.empty() ? "image" : ext.substr(1);
  const cv::Mat first = readImageFile(files_.front(), ImageLayout::AsStored);
  info.pixelFormat = first.channels() == 4 ? "bgra" : first.channels() == 1 ? "gray" : "bgr24";
  info.hasAlpha = first.channels() == 4;
  info.width = size_.width;
  info.height = size_.height;
  info.fps = rate_;
  info.frameCount = frameCount();
  info.durationSeconds = frameCount() / rate_.toDouble();
  return info;
}

}  // namespace permanence
