#pragma once
// Writes an image sequence (PNG: RGBA layers or 8-bit masks; OpenEXR: layers and
// plates for compositors) into a hidden temporary folder next to the destination
// and moves it into place only in finish(): a failed or cancelled export leaves no
// half-written folder. Encoding (~25 ms a 720p PNG) runs on a thread of its own, a
// few frames behind the caller, so it overlaps the work that produces the frames.
#include "media/exr_writer.h"

#include <opencv2/core.hpp>

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <variant>

namespace permanence {

class ImageSequenceWriter {
 public:
  enum class Placement {
    Staged,  // built under a temporary name, then replaces `folder` in finish()
    Direct,  // written into `folder` as it goes: the caller stages it (the CLI's --out)
  };
  // Throws IoError when the folder cannot be created. An existing destination
  // folder is replaced only in finish().
  explicit ImageSequenceWriter(std::string folder, Placement placement = Placement::Staged);
  ~ImageSequenceWriter();  // removes the temporary folder unless finished (Staged)
  ImageSequenceWriter(const ImageSequenceWriter&) = delete;
  ImageSequenceWriter& operator=(const ImageSequenceWriter&) = delete;

  // BGR, BGRA or 8-bit single-channel; written as NAME.png. NAME may contain a
  // sub-folder ("sample_2/00000"). The image is copied; a failure to write an
  // earlier image is thrown here or by finish().
  void write(const std::string& name, const cv::Mat& image);
  // An OpenEXR image, written as NAME.exr.
  void write(const std::string& name, ExrImage image);
  // Adds an existing PNG file as NAME.png, unchanged (no decode, no encode).
  void copyPng(const std::string& name, const std::string& pngFile);
  // Waits for the pending images, then moves the folder into place.
  void finish();
  const std::string& folder() const { return folder_; }

 private:
  struct Pending {
    std::string name;
    std::variant<cv::Mat, ExrImage> image;
  };
  void enqueue(Pending item);
  void encodeLoop();
  void encode(const Pending& item) const;
  void waitForEncoder();  // stops the thread; rethrows its failure

  std::string folder_;
  std::string temp_;  // where the images go: a temporary folder, or folder_ itself (Direct)
  Placement placement_;
  bool finished_ = false;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Pending> queue_;
  bool closing_ = false;
  std::exception_ptr failure_;
  std::thread encoder_;
};

// Moves `temp` to `destination`, replacing an existing folder; used by every
// writer that builds a folder under a temporary name.
void replaceFolder(const std::string& temp, const std::string& destination);

}  // namespace permanence
