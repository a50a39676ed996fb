#pragma once
// A project on disk: NAME.permanence/project.json, saved atomically, plus an
// autosave file next to it that the editor writes periodically. After a crash the
// autosave is newer than the project file, and the editor offers to recover it.
#include "project/project.h"

#include <filesystem>

namespace permanence {

inline constexpr const char* kProjectFileName = "project.json";
inline constexpr const char* kAutosaveFileName = "project.autosave.json";

// Creates the folder when needed, writes project.json atomically and removes a
// now-stale autosave. Throws InputError naming the file; the old file survives.
void saveProject(const Project& project, const std::filesystem::path& folder);
// Throws InputError naming the file for a missing, corrupt or newer-version file,
// or a path that escapes the folder.
Project loadProject(const std::filesystem::path& folder);

void autosaveProject(const Project& project, const std::filesystem::path& folder);
// True when an autosave exists that is newer than project.json (or there is no
// project.json at all).
bool hasRecoverableAutosave(const std::filesystem::path& folder);
Project loadAutosave(const std::filesystem::path& folder);
void discardAutosave(const std::filesystem::path& folder);

}  // namespace permanence
