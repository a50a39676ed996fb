#include "mask/mask_io.h"

#include "errors.h"

#include <opencv2/imgcodecs.hpp>

#include <filesystem>

namespace permanence {

Mask loadMaskPng(const std::string& path) {
  if (!std::filesystem::exists(path)) throw InputError(path + ": mask file not found");
  const cv::Mat image = cv::imread(path, cv::IMREAD_UNCHANGED);
  if (image.empty()) throw InputError(path + ": not a readable image");
  return Mask::fromMat(image);
}

void saveMaskPng(const std::string& path, const Mask& mask) {
  bool ok = false;
  try {
    ok = cv::imwrite(path, mask.toMat());
  } catch (const cv::Exception& e) {
    throw InputError(path + ": cannot write mask (" + e.what() + ")");
  }
  if (!ok) throw InputError(path + ": cannot write mask");
}

}  // namespace permanence
