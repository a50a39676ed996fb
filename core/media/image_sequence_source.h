#pragma once
// A folder of still images (JPEG/PNG, including palette and grayscale PNG) as a
// FrameSource, sorted by file name. All frames must share one size.
#include "media/frame_source.h"
#include "media/image_codec.h"

#include <string>
#include <vector>

namespace permanence {

class ImageSequenceSource : public FrameSource {
 public:
  // Lists the folder and reads the first frame to learn the size. Throws InputError
  // when the folder is missing, holds no images, or the first image is unreadable.
  explicit ImageSequenceSource(std::string folder, Rational frameRate = {25, 1});

  const std::string& path() const override { return folder_; }
  int frameCount() const override { return static_cast<int>(files_.size()); }
  cv::Size frameSize() const override { return size_; }
  Rational frameRate() const override { return rate_; }
  double frameTime(int index) const override;
  std::string frameName(int index) const override;
  cv::Mat readFrame(int index) override;
  cv::Mat readFrameWithAlpha(int index) override;
  MediaInfo describe() const override;
  const std::vector<std::string>& files() const { return files_; }
  // Reads every frame's header and throws InputError naming the first file whose
  // size differs from the first frame's.
  void checkUniformSize() const;

 private:
  cv::Mat readImage(int index, ImageLayout layout) const;

  std::string folder_;
  std::vector<std::string> files_;
  cv::Size size_;
  Rational rate_;
};

// True for the extensions the image-sequence source reads.
bool isImageFile(const std::string& path);

}  // namespace permanence
