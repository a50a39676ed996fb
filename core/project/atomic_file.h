#pragma once
#include <filesystem>
#include <string>

namespace permanence {

// Writes `contents` to a temporary file in the same folder, flushes it to disk and
// renames it over `path`: readers see the old file or the new one, never half of
// one. Throws InputError naming the path (disk full, not writable...); the old
// file is then untouched.
void writeFileAtomically(const std::filesystem::path& path, const std::string& contents);

}  // namespace permanence
