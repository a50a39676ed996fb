#include "compose/scene.h"

#include "errors.h"
#include "media/image_sequence_source.h"
#include "project/project_paths.h"

namespace permanence {

int Scene::layerIndex(const std::string& objectId) const {
  for (size_t i = 0; i < layers.size(); ++i)
    if (layers[i].objectId == objectId) return static_cast<int>(i);
  throw InputError("scene: no layer for object '" + objectId + "'");
}

double Scene::frameTime(int index) const {
  if (index >= 0 && index < static_cast<int>(frameTimes.size())) return frameTimes[index];
  return index / plate->frameRate().toDouble();
}

Scene sceneFromProject(const Project& project, const std::filesystem::path& projectFolder) {
  const std::string file = (projectFolder / "project.json").string();
  if (project.backgroundDir.empty()) throw InputError(file + ": the project has no background plate yet");
  Scene scene;
  // The plate is a folder of frames, which carries no frame rate: take the source's,
  // so the composite keeps the clip's timing (29.97 stays 30000/1001, variable rates
  // their timestamps).
  Rational folderRate = kDefaultFolderFrameRate;
  if (!project.sourceFrameRate.empty()) {
    const auto parsed = parseFrameRate(project.sourceFrameRate);
    if (!parsed) throw InputError(file + ": source_frame_rate '" + project.sourceFrameRate + "' is not a frame rate");
    folderRate = *parsed;
  }
  const auto source = openFrameSource(resolveInProject(projectFolder, project.source, true, file).string(), folderRate);
  scene.plate = std::make_shared<ImageSequenceSource>(
      resolveInProject(projectFolder, project.backgroundDir, false, file).string(), source->frameRate());
  if (source->frameCount() == scene.plate->frameCount())
    for (int i = 0; i < source->frameCount(); ++i) scene.frameTimes.push_back(source->frameTime(i));
  if (source->describe().hasAudio) scene.audioSource = source->path();
  for (const Layer& layer : project.layers) {
    const ObjectTrack* object = project.findObject(layer.objectId);
    if (!object) throw InputError(file + ": layer names unknown object '" + layer.objectId + "'");
    if (object->chosenSample < 0 || object->chosenSample >= static_cast<int>(object->samples.size()) ||
        object->samples[object->chosenSample].rgbaDir.empty())
      throw InputError(file + ": object '" + object->name + "' has no completed sample chosen");
    const std::string rgbaDir = object->samples[object->chosenSample].rgbaDir;
    SceneLayer sceneLayer;
    sceneLayer.objectId = layer.objectId;
    sceneLayer.rgba = openFrameSource(resolveInProject(projectFolder, rgbaDir, false, file).string());
    sceneLayer.keyframes = layer.keyframes;
    sceneLayer.visible = layer.visible;
    if (sceneLayer.rgba->frameCount() != scene.plate->frameCount() ||
        sceneLayer.rgba->frameSize() != scene.plate->frameSize())
      throw InputError(sceneLayer.rgba->path() + ": frame count or size differs from the background plate");
    scene.layers.push_back(std::move(sceneLayer));
  }
  return scene;
}

}  // namespace permanence
