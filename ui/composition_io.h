#pragma once
// Converts the editor's composition to and from core's Project: the layers (order,
// visibility, keyframes), the export settings and which folder holds the background
// plate (its frames travel with ProjectPixels, see project_io.h).
#include "composition.h"
#include "project/project.h"

#include <filesystem>

namespace permanence::ui {

// Sets the layers and export settings of `project` (made by sessionToProject for the
// same session), and names the plate folder a previous save wrote into `folder` when
// the plate is current (a save names the one it writes instead).
void compositionToProject(const Composition& composition, Project& project, const std::filesystem::path& folder);

// Restores the composition of `project` after projectToSession restored its objects
// (object i of the project is object i of the session), with the plate's frames as
// readProjectPixels read them (null: none).
void projectToComposition(const Project& project, EncodedFrames plate, Composition& composition);

}  // namespace permanence::ui
