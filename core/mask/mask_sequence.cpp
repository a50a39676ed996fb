#include "mask/mask_sequence.h"

#include "errors.h"
#include "mask/mask_io.h"

#include <filesystem>

namespace permanence {

std::vector<Mask> loadMaskSequence(const std::string& folder, const FrameSource& frames) {
  if (!std::filesystem::is_directory(folder)) throw InputError(folder + ": mask folder not found");
  std::vector<Mask> masks;
  masks.reserve(frames.frameCount());
  const cv::Size size = frames.frameSize();
  for (int i = 0; i < frames.frameCount(); ++i) {
    const std::string file = (std::filesystem::path(folder) / (frames.frameName(i) + ".png")).string();
    if (!std::filesystem::exists(file))
      throw InputError(file + ": mask missing for frame " + std::to_string(i) + " of " + frames.path());
    Mask mask = loadMaskPng(file);
    if (mask.size() != size)
      throw InputError(file + ": mask is " + std::to_string(mask.width()) + "x" + std::to_string(mask.height()) +
                       " but the frames are " + std::to_string(size.width) + "x" + std::to_string(size.height));
    masks.push_back(std::move(mask));
  }
  return masks;
}

}  // namespace permanence
