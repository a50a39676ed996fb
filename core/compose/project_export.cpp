#include "compose/project_export.h"

#include "compose/compose_export.h"
#include "compose/scene.h"
#include "compose/z_order.h"
#include "errors.h"
#include "mask/mask_sequence.h"
#include "project/project_paths.h"

namespace permanence {
namespace fs = std::filesystem;
namespace {

std::string projectFile(const fs::path& projectFolder) { return (projectFolder / "project.json").string(); }

fs::path resolveStored(const fs::path& projectFolder, const std::string& stored) {
  return resolveInProject(projectFolder, stored, false, projectFile(projectFolder));
}

const SampleInfo& chosenSample(const ObjectTrack& object, const fs::path& projectFolder) {
  if (object.chosenSample < 0 || object.chosenSample >= static_cast<int>(object.samples.size()))
    throw InputError(projectFile(projectFolder) + ": object '" + object.name + "' has no chosen sample");
  return object.samples[object.chosenSample];
}

// Object names become folder names, so they must be plain file names.
std::string folderName(const ObjectTrack& object, const fs::path& projectFolder) {
  const std::string& name = object.name;
  if (name.empty() || name == "." || name == ".." || name.find_first_of("/\\") != std::string::npos)
    throw InputError(projectFile(projectFolder) + ": object name '" + name + "' cannot be used as a folder name");
  return name;
}

}  // namespace

std::vector<std::string> inferLayerOrder(const Project& project, const fs::path& projectFolder) {
  std::vector<ObjectMasks> masks;
  for (const ObjectTrack& object : project.objects)
    masks.push_back({loadMaskSequence(resolveStored(projectFolder, object.modalPath).string()),
                     loadMaskSequence(resolveStored(projectFolder, chosenSample(object, projectFolder).amodalPath).string())});
  std::vector<std::string> ids;
  for (int index : inferZOrder(masks)) ids.push_back(project.objects[index].id);
  return ids;
}

std::vector<std::string> exportOutputs(const Project& project) {
  const ExportSettings& settings = project.exportSettings;
  std::vector<std::string> outputs;
  if (!fs::path(settings.compositePath).is_absolute()) outputs.push_back(settings.compositePath);
  for (const Layer& layer : project.layers) {
    const ObjectTrack* object = project.findObject(layer.objectId);
    if (!object) continue;  // exportProject refuses such a project before writing
    const std::string folder = "objects/" + object->name + "/";
    if (settings.proresPerObject) outputs.push_back(folder + object->name + ".mov");
    if (settings.pngLayers) outputs.push_back(folder + "rgba");
    if (settings.masks) {
      outputs.push_back(folder + "modal");
      outputs.push_back(folder + "amodal");
    }
    if (settings.openExr) outputs.push_back(folder + "exr");
  }
  if (settings.openExr) outputs.push_back(kPlateExrFolder);
  return outputs;
}

void exportProject(const Project& project, const fs::path& projectFolder, JobContext& job,
                   const fs::path& outputFolderOrDefault) {
  const fs::path outputFolder = outputFolderOrDefault.empty() ? projectFolder.parent_path() : outputFolderOrDefault;
  const Scene scene = sceneFromProject(project, projectFolder);
  const ExportSettings& settings = project.exportSettings;
  const ExportRange range{settings.firstFrame, settings.lastFrame};
  // Check every object's folder name before writing anything.
  std::vector<fs::path> objectFolders;
  for (const Layer& layer : project.layers)
    objectFolders.push_back(outputFolder / "objects" / folderName(*project.findObject(layer.objectId), projectFolder));

  CompositeExportOptions composite;
  composite.crf = settings.crf;
  composite.range = range;
  if (settings.copyAudio) composite.audioSource = scene.audioSource;
  const fs::path compositePath(settings.compositePath);
  exportComposite(scene, (compositePath.is_absolute() ? compositePath : outputFolder / compositePath).string(),
                  composite, job);

  for (size_t i = 0; i < project.layers.size(); ++i) {
    const Layer& layer = project.layers[i];
    const ObjectTrack& object = *project.findObject(layer.objectId);  // sceneFromProject checked it
    const fs::path& objectFolder = objectFolders[i];
    fs::create_directories(objectFolder);
    const int layerIndex = scene.layerIndex(layer.objectId);
    if (settings.proresPerObject)
      exportLayerProRes(scene, layerIndex, (objectFolder / (object.name + ".mov")).string(), range, job);
    if (settings.pngLayers) exportLayerPngs(scene, layerIndex, (objectFolder / "rgba").string(), range, job);
    const fs::path modalPath = resolveStored(projectFolder, object.modalPath);
    const fs::path amodalPath = resolveStored(projectFolder, chosenSample(object, projectFolder).amodalPath);
    if (settings.masks) {
      exportMaskSequence(modalPath.string(), (objectFolder / "modal").string(), job);
      exportMaskSequence(amodalPath.string(), (objectFolder / "amodal").string(), job);
    }
    if (settings.openExr)
      exportLayerExr(scene, layerIndex, modalPath.string(), amodalPath.string(), (objectFolder / "exr").string(),
                     object.name, range, job);
  }
  if (settings.openExr) exportPlateExr(scene, (outputFolder / kPlateExrFolder).string(), range, job);
}

}  // namespace permanence
