#pragma once
// Converts the editor's object session to and from core's Project. Saving writes
// each object's masks and its Top-K samples (amodal masks, RGBA layers) as PNGs
// into the project folder; loading re-segments the clicks and reads those PNGs.
#include "object_session.h"
#include "project/project.h"

#include <filesystem>

namespace permanence::ui {

// The project model of the session; with `writePixels`, also writes the masks and
// layers under `folder` and names them in the model (autosave leaves them out).
Project sessionToProject(const ObjectSession& session, const std::filesystem::path& folder, bool writePixels);

// Restores the objects of `project` into `session`, whose clip is already open.
// Throws InputError naming the file when a stored mask does not fit the clip.
void projectToSession(const Project& project, const std::filesystem::path& folder, ObjectSession& session);

}  // namespace permanence::ui
