#pragma once
// A sequence of frame patches (frame_patch.h) in one file: how a project stores an
// object's masks and layers and the background plate (project schema 2). One file
// per sequence instead of one PNG per frame: 300 small PNGs take 300 file-system
// blocks (4 kB each) where their bytes are ~1 kB, and a file is replaced atomically.
//
// Layout: the line "permanence-patches 1", then a one-line JSON header
//   {"width":W,"height":H,"channels":C,"base":"zero"|"source",
//    "frames":[{"name":"00000","x":X,"y":Y,"width":BW,"height":BH,"bytes":N},...]}
// then each frame's PNG bytes, in order (N = 0 for a frame equal to its base).
#include "media/frame_patch.h"

#include <filesystem>
#include <string>
#include <vector>

namespace permanence {

// What a frame was diffed against: zeros (layers, masks) or the project's source
// frame of the same index (the background plate).
enum class PatchBase { Zero, Source };

struct PatchSequence {
  cv::Size frameSize;
  int channels = 0;  // 1: mask (0/255), 3: BGR, 4: BGRA
  PatchBase base = PatchBase::Zero;
  std::vector<std::string> names;  // each frame's name (FrameSource::frameName)
  std::vector<FramePatch> patches;  // one per name
};

// The file name extension of a patch file.
inline constexpr const char* kPatchFileExtension = ".patches";

// Writes atomically (the old file survives a failure). Throws InputError naming the file.
void writePatchFile(const std::filesystem::path& file, const PatchSequence& sequence);
// Throws InputError naming the file when it is missing, truncated or inconsistent.
PatchSequence readPatchFile(const std::filesystem::path& file);

}  // namespace permanence
