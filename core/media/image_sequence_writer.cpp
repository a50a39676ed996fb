#include "media/image_sequence_writer.h"

#include "errors.h"

#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <random>

namespace fs = std::filesystem;

namespace permanence {

void replaceFolder(const std::string& temp, const std::string& destination) {
  std::error_code ec;
  const fs::path old = destination + ".old";
  fs::remove_all(old, ec);
  const bool hadOld = fs::exists(destination);
  if (hadOld) fs::rename(destination, old, ec);
  if (ec) throw InputError(destination + ": cannot replace the folder (" + ec.message() + ")");
  fs::rename(temp, destination, ec);
  if (ec) {
    if (hadOld) fs::rename(old, destination);
    throw InputError(destination + ": cannot move the finished folder into place (" + ec.message() + ")");
  }
  fs::remove_all(old, ec);
}

ImageSequenceWriter::ImageSequenceWriter(std::string folder) : folder_(std::move(folder)) {
  const fs::path dest = fs::absolute(folder_);
  std::random_device rd;
  temp_ = (dest.parent_path() / ("." + dest.filename().string() + ".partial-" + std::to_string(rd())))
              .string();
  std::error_code ec;
  fs::create_directories(temp_, ec);
  if (ec) throw InputError(folder_ + ": cannot create output folder (" + ec.message() + ")");
}

ImageSequenceWriter::~ImageSequenceWriter() {
  if (finished_) return;
  std::error_code ec;
  fs::remove_all(temp_, ec);
}

void ImageSequenceWriter::write(const std::string& name, const cv::Mat& image) {
  const fs::path file = fs::path(temp_) / (name + ".png");
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);  // names may hold sub-folders ("sample_2/00000")
  bool ok = false;
  try {
    ok = cv::imwrite(file.string(), image);
  } catch (const cv::Exception& e) {
    throw InputError(folder_ + "/" + name + ".png: cannot write (" + e.what() + ")");
  }
  if (!ok) throw InputError(folder_ + "/" + name + ".png: cannot write (disk full or not writable?)");
}

void ImageSequenceWriter::finish() {
  replaceFolder(temp_, folder_);
  finished_ = true;
}

}  // namespace permanence
