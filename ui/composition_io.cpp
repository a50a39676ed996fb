#include "composition_io.h"

#include "errors.h"
#include "project/project_paths.h"

#include <fstream>
#include <iterator>

namespace fs = std::filesystem;

namespace permanence::ui {
namespace {

constexpr const char* kBackgroundDir = "background";

void writePlate(const BackgroundPlate& plate, const FrameSource& frames, const fs::path& dir) {
  fs::create_directories(dir);
  for (std::size_t f = 0; f < plate.frames->size(); ++f) {
    const fs::path file = dir / (frames.frameName(static_cast<int>(f)) + ".png");
    std::ofstream out(file, std::ios::binary);
    const std::vector<unsigned char>& bytes = plate.frames->at(f);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw InputError(file.string() + ": cannot write");
  }
}

EncodedFrames readPlate(const FrameSource& frames, const fs::path& dir) {
  auto plate = std::make_shared<std::vector<std::vector<unsigned char>>>();
  for (int f = 0; f < frames.frameCount(); ++f) {
    const fs::path file = dir / (frames.frameName(f) + ".png");
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(file.string() + ": missing background plate frame");
    plate->emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return plate;
}

// The session's object index of a project object id, or -1.
int objectIndexOf(const Project& project, const std::string& id) {
  for (std::size_t i = 0; i < project.objects.size(); ++i)
    if (project.objects[i].id == id) return static_cast<int>(i);
  return -1;
}

}  // namespace

void compositionToProject(const Composition& composition, const FrameSource& frames, Project& project,
                          const fs::path& folder, bool writePixels) {
  project.layers.clear();
  for (const CompositionLayer& layer : composition.layers())
    project.layers.push_back({objectIdOf(layer.object), layer.visible, layer.keyframes});
  project.exportSettings = composition.exportSettings();
  project.backgroundDir.clear();
  if (!composition.plateIsCurrent()) return;
  if (writePixels) writePlate(composition.plate(), frames, folder / kBackgroundDir);
  if (fs::is_directory(folder / kBackgroundDir)) project.backgroundDir = kBackgroundDir;
}

void projectToComposition(const Project& project, const FrameSource& frames, const fs::path& folder,
                          Composition& composition) {
  std::vector<CompositionLayer> layers;
  for (const Layer& layer : project.layers) {
    const int object = objectIndexOf(project, layer.objectId);
    if (object >= 0) layers.push_back({object, layer.visible, layer.keyframes});
  }
  composition.exportSettings() = project.exportSettings;
  composition.setLayers(std::move(layers));
  if (project.backgroundDir.empty()) return;
  const fs::path dir = resolveInProject(folder, project.backgroundDir, false, (folder / "project.json").string());
  composition.setPlate({readPlate(frames, dir), composition.deoccludedObjects()});
}

}  // namespace permanence::ui
