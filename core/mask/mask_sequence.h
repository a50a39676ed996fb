#pragma once
// A clip's masks, one per frame, stored either way:
//  - a folder of mask PNGs, one per frame, named after the frame
//    (FrameSource::frameName), each of the frame size: what the CLI's --masks and
//    --out folders hold, and projects of schema 1;
//  - a patch file (patch_file.h, 1 channel, each mask cropped to its box): what a
//    project of schema 2 holds.
#include "mask/mask.h"
#include "media/frame_source.h"

#include <filesystem>
#include <string>
#include <vector>

namespace permanence {

// Reads a mask folder or a patch file. Throws InputError naming the first missing
// file or the first mask whose size (or count) differs from the frames'.
std::vector<Mask> loadMaskSequence(const std::string& path, const FrameSource& frames);
// The same, named and sized by the stored sequence itself (a folder's images, or the
// patch file's header): for a project's masks, whose clip need not be opened.
std::vector<Mask> loadMaskSequence(const std::string& path);

// Writes `masks` as a patch file named `file`, frame i named names[i]; atomic.
// Throws InputError naming the file.
void saveMaskSequence(const std::filesystem::path& file, const std::vector<Mask>& masks,
                      const std::vector<std::string>& names);

}  // namespace permanence
