#include "mask/mask_sequence.h"

#include "errors.h"
#include "mask/mask_io.h"
#include "media/image_sequence_source.h"
#include "media/patch_file.h"

namespace fs = std::filesystem;

namespace permanence {
namespace {

std::string sizeText(cv::Size size) { return std::to_string(size.width) + "x" + std::to_string(size.height); }

std::vector<Mask> loadMaskFolder(const std::string& folder, const FrameSource& frames) {
  std::vector<Mask> masks;
  masks.reserve(frames.frameCount());
  const cv::Size size = frames.frameSize();
  for (int i = 0; i < frames.frameCount(); ++i) {
    const std::string file = (fs::path(folder) / (frames.frameName(i) + ".png")).string();
    if (!fs::exists(file))
      throw InputError(file + ": mask missing for frame " + std::to_string(i) + " of " + frames.path());
    Mask mask = loadMaskPng(file);
    if (mask.size() != size)
      throw InputError(file + ": mask is " + sizeText(mask.size()) + " but the frames are " + sizeText(size));
    masks.push_back(std::move(mask));
  }
  return masks;
}

// Checks the sequence against `frames` when given.
std::vector<Mask> loadMaskPatches(const std::string& file, const FrameSource* frames) {
  const PatchSequence sequence = readPatchFile(file);
  if (sequence.channels != 1 || sequence.base != PatchBase::Zero)
    throw InputError(file + ": not a mask patch file");
  if (frames && sequence.frameSize != frames->frameSize())
    throw InputError(file + ": masks are " + sizeText(sequence.frameSize) + " but the frames are " +
                     sizeText(frames->frameSize()));
  if (frames && static_cast<int>(sequence.patches.size()) != frames->frameCount())
    throw InputError(file + ": holds " + std::to_string(sequence.patches.size()) + " masks but " + frames->path() +
                     " has " + std::to_string(frames->frameCount()) + " frames");
  std::vector<Mask> masks;
  masks.reserve(sequence.patches.size());
  for (std::size_t i = 0; i < sequence.patches.size(); ++i)
    masks.push_back(Mask::fromMat(
        applyPatch(sequence.patches[i], {}, sequence.frameSize, 1, file + ": frame " + sequence.names[i])));
  return masks;
}

}  // namespace

std::vector<Mask> loadMaskSequence(const std::string& path, const FrameSource& frames) {
  if (fs::is_directory(path)) return loadMaskFolder(path, frames);
  if (fs::is_regular_file(path)) return loadMaskPatches(path, &frames);
  throw InputError(path + ": mask folder not found");
}

std::vector<Mask> loadMaskSequence(const std::string& path) {
  if (fs::is_directory(path)) return loadMaskFolder(path, ImageSequenceSource(path));
  if (fs::is_regular_file(path)) return loadMaskPatches(path, nullptr);
  throw InputError(path + ": mask folder not found");
}

void saveMaskSequence(const fs::path& file, const std::vector<Mask>& masks, const std::vector<std::string>& names) {
  if (masks.size() != names.size()) throw std::logic_error("saveMaskSequence: one name per mask expected");
  PatchSequence sequence;
  sequence.frameSize = masks.empty() ? cv::Size() : masks.front().size();
  sequence.channels = 1;
  sequence.names = names;
  for (const Mask& mask : masks) sequence.patches.push_back(patchOf(mask.toMat(), {}));
  writePatchFile(file, sequence);
}

}  // namespace permanence
