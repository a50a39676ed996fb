#include "composition_io.h"

#include "project_io.h"

namespace fs = std::filesystem;

namespace permanence::ui {
namespace {

// The session's object index of a project object id, or -1.
int objectIndexOf(const Project& project, const std::string& id) {
  for (std::size_t i = 0; i < project.objects.size(); ++i)
    if (project.objects[i].id == id) return static_cast<int>(i);
  return -1;
}

}  // namespace

void compositionToProject(const Composition& composition, Project& project, const fs::path& folder) {
  project.layers.clear();
  for (const CompositionLayer& layer : composition.layers())
    project.layers.push_back({objectIdOf(layer.object), layer.visible, layer.keyframes});
  project.exportSettings = composition.exportSettings();
  project.backgroundPath.clear();
  if (composition.plateIsCurrent() && fs::is_regular_file(folder / kBackgroundFile))
    project.backgroundPath = kBackgroundFile;
}

void projectToComposition(const Project& project, EncodedFrames plate, Composition& composition) {
  std::vector<CompositionLayer> layers;
  for (const Layer& layer : project.layers) {
    const int object = objectIndexOf(project, layer.objectId);
    if (object >= 0) layers.push_back({object, layer.visible, layer.keyframes});
  }
  composition.exportSettings() = project.exportSettings;
  composition.setLayers(std::move(layers));
  if (plate) composition.setPlate({std::move(plate), composition.deoccludedObjects()});
}

}  // namespace permanence::ui
