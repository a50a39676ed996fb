#include "folder_size.h"

namespace permanence::test {
namespace {
constexpr std::uintmax_t kBlock = 4096;
}  // namespace

std::uintmax_t inBlocks(std::uintmax_t bytes) { return (bytes + kBlock - 1) / kBlock * kBlock; }

std::uintmax_t folderBytes(const std::filesystem::path& folder) {
  std::uintmax_t total = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder))
    if (entry.is_regular_file()) total += inBlocks(entry.file_size());
  return total;
}

}  // namespace permanence::test
