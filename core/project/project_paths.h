#pragma once
// Paths inside a project are stored relative to the project folder and may not
// leave it; only the source video (and the export target) may be absolute, when the
// user chose a file outside the project.
#include "project/project.h"

#include <filesystem>

namespace permanence {

// The path to store for a source the user picked: relative when it is inside the
// project folder, absolute otherwise.
std::string storedSourcePath(const std::filesystem::path& projectFolder, const std::filesystem::path& chosen);

// An absolute path for a stored path. Throws InputError naming `file` when a
// relative path escapes the folder or an internal path is absolute.
std::filesystem::path resolveInProject(const std::filesystem::path& projectFolder, const std::string& stored,
                                       bool mayBeAbsolute, const std::string& file);

// Checks every path in the project (see resolveInProject).
void validateProjectPaths(const Project& project, const std::filesystem::path& projectFolder,
                          const std::string& file);

}  // namespace permanence
