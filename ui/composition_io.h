#pragma once
// Converts the editor's composition to and from core's Project: the layers
// (order, visibility, keyframes), the export settings and the background plate,
// whose frames are written as PNGs into the project's background folder.
#include "composition.h"
#include "project/project.h"

#include <filesystem>

namespace permanence::ui {

// Sets the layers, export settings and backgroundDir of `project` (made by
// sessionToProject for the same session). With `writePixels`, writes the current
// plate's frames under `folder`; without, names the plate a previous save wrote.
void compositionToProject(const Composition& composition, const FrameSource& frames, Project& project,
                          const std::filesystem::path& folder, bool writePixels);

// Restores the composition of `project` after projectToSession restored its
// objects (object i of the project is object i of the session). Throws InputError
// naming the file when the plate's frames cannot be read.
void projectToComposition(const Project& project, const FrameSource& frames, const std::filesystem::path& folder,
                          Composition& composition);

}  // namespace permanence::ui
