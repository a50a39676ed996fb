#include "media/image_sequence_writer.h"

#include "errors.h"
#include "media/image_codec.h"

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
  if (ec) throw IoError(destination + ": cannot replace the folder (" + ec.message() + ")");
  fs::rename(temp, destination, ec);
  if (ec) {
    if (hadOld) fs::rename(old, destination);
    throw IoError(destination + ": cannot move the finished folder into place (" + ec.message() + ")");
  }
  fs::remove_all(old, ec);
}

ImageSequenceWriter::ImageSequenceWriter(std::string folder, Placement placement)
    : folder_(std::move(folder)), placement_(placement) {
  const fs::path dest = fs::absolute(folder_);
  std::random_device rd;
  temp_ = placement == Placement::Direct
              ? dest.string()
              : (dest.parent_path() / ("." + dest.filename().string() + ".partial-" + std::to_string(rd()))).string();
  std::error_code ec;
  fs::create_directories(temp_, ec);
  if (ec) throw IoError(folder_ + ": cannot create output folder (" + ec.message() + ")");
}

namespace {
constexpr std::size_t kQueuedImages = 3;  // bounds the memory the writer holds
}  // namespace

ImageSequenceWriter::~ImageSequenceWriter() {
  try {
    waitForEncoder();
  } catch (...) {  // abandoned: the folder is removed anyway
  }
  if (finished_ || placement_ == Placement::Direct) return;
  std::error_code ec;
  fs::remove_all(temp_, ec);
}

void ImageSequenceWriter::write(const std::string& name, const cv::Mat& image) { enqueue({name, image.clone()}); }

void ImageSequenceWriter::write(const std::string& name, ExrImage image) { enqueue({name, std::move(image)}); }

void ImageSequenceWriter::enqueue(Pending item) {
  std::unique_lock lock(mutex_);
  if (failure_) std::rethrow_exception(failure_);
  if (!encoder_.joinable()) encoder_ = std::thread(&ImageSequenceWriter::encodeLoop, this);
  changed_.wait(lock, [&] { return queue_.size() < kQueuedImages || failure_; });
  if (failure_) std::rethrow_exception(failure_);
  queue_.push_back(std::move(item));
  changed_.notify_all();
}

void ImageSequenceWriter::copyPng(const std::string& name, const std::string& pngFile) {
  const fs::path file = fs::path(temp_) / (name + ".png");
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  fs::copy_file(pngFile, file, fs::copy_options::overwrite_existing, ec);
  if (ec) throw IoError(folder_ + "/" + name + ".png: cannot copy " + pngFile + " (" + ec.message() + ")");
}

void ImageSequenceWriter::encodeLoop() {
  for (;;) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !queue_.empty() || closing_; });
    if (queue_.empty()) return;
    const Pending item = std::move(queue_.front());
    lock.unlock();
    try {
      encode(item);
    } catch (...) {
      lock.lock();
      failure_ = std::current_exception();
      queue_.clear();
      changed_.notify_all();
      return;
    }
    lock.lock();
    queue_.pop_front();
    changed_.notify_all();
  }
}

void ImageSequenceWriter::encode(const Pending& item) const {
  const bool png = std::holds_alternative<cv::Mat>(item.image);
  const fs::path file = fs::path(temp_) / (item.name + (png ? ".png" : ".exr"));
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);  // names may hold sub-folders ("sample_2/00000")
  if (png) writePngFile(file.string(), std::get<cv::Mat>(item.image));
  else ExrWriter(file.string()).write(std::get<ExrImage>(item.image));
}

void ImageSequenceWriter::waitForEncoder() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
    changed_.notify_all();
  }
  if (encoder_.joinable()) encoder_.join();
  std::lock_guard lock(mutex_);
  if (failure_) std::rethrow_exception(failure_);
}

void ImageSequenceWriter::finish() {
  waitForEncoder();
  if (placement_ == Placement::Staged) replaceFolder(temp_, folder_);
  finished_ = true;
}

}  // namespace permanence
