#pragma once
// A folder's size as du counts it: file systems give each file whole blocks.
#include <cstdint>
#include <filesystem>

namespace permanence::test {

// `bytes` rounded up to whole 4 KiB blocks, as a file of that size takes on disk.
std::uintmax_t inBlocks(std::uintmax_t bytes);
// The sum over the folder's files (recursively) of their sizes in whole 4 KiB blocks.
std::uintmax_t folderBytes(const std::filesystem::path& folder);

}  // namespace permanence::test
