#include "mask/mask_io.h"

#include "errors.h"

#include "media/image_codec.h"

#include <filesystem>

namespace permanence {

Mask loadMaskPng(const std::string& path) {
  if (!std::filesystem::exists(path)) throw InputError(path + ": mask file not found");
  return Mask::fromMat(readImageFile(path, ImageLayout::AsStored));
}

void saveMaskPng(const std::string& path, const Mask& mask) {
  writePngFile(path, mask.toMat());
}

}  // namespace permanence
