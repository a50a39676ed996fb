#pragma once
// Writes a PNG sequence (RGBA layers or 8-bit masks) into a hidden temporary folder
// next to the destination and moves it into place only in finish(): a failed or
// cancelled export leaves no half-written folder.
#include <opencv2/core.hpp>

#include <string>

namespace permanence {

class ImageSequenceWriter {
 public:
  // Throws InputError when the parent folder is not writable. An existing
  // destination folder is replaced only in finish().
  explicit ImageSequenceWriter(std::string folder);
  ~ImageSequenceWriter();  // removes the temporary folder unless finished
  ImageSequenceWriter(const ImageSequenceWriter&) = delete;
  ImageSequenceWriter& operator=(const ImageSequenceWriter&) = delete;

  // BGR, BGRA or 8-bit single-channel; written as NAME.png. NAME may contain a
  // sub-folder ("sample_2/00000").
  void write(const std::string& name, const cv::Mat& image);
  void finish();
  const std::string& folder() const { return folder_; }

 private:
  std::string folder_;
  std::string temp_;
  bool finished_ = false;
};

// Moves `temp` to `destination`, replacing an existing folder; used by every
// writer that builds a folder under a temporary name.
void replaceFolder(const std::string& temp, const std::string& destination);

}  // namespace permanence
