#pragma once
// What a saved project exports and in which order its layers stack by default.
// The output goes next to the project folder (DIR for DIR/NAME.permanence):
// DIR/composite.mp4 (or the chosen path), DIR/objects/NAME/{modal,amodal,rgba,exr}/,
// DIR/objects/NAME/NAME.mov and DIR/plate/, as the export settings ask.
#include "jobs/job.h"
#include "project/project.h"

#include <filesystem>
#include <string>
#include <vector>

namespace permanence {

// Where the OpenEXR sequence of the background plate goes in the output folder.
inline constexpr const char* kPlateExrFolder = "plate";

// Object ids back to front, inferred from occlusion between each object's modal
// masks and its chosen sample's amodal masks (see inferZOrder).
std::vector<std::string> inferLayerOrder(const Project& project, const std::filesystem::path& projectFolder);

// The files and folders exportProject writes, relative to its output folder (the
// composite only when its path is relative), so that a caller can refuse to replace them.
std::vector<std::string> exportOutputs(const Project& project);

// Runs every export the project's settings ask for. Relative output paths are
// resolved in `outputFolder` (by default the project folder's parent). Throws
// InputError naming the file and the problem; each output appears only when complete.
void exportProject(const Project& project, const std::filesystem::path& projectFolder, JobContext& job,
                   const std::filesystem::path& outputFolder = {});

}  // namespace permanence
