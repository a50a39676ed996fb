#include "compose/scene.h"

#include "errors.h"
#include "media/image_sequence_source.h"
#include "media/patch_sequence_source.h"
#include "project/project_paths.h"

namespace permanence {
namespace {

// A stored frame sequence: a patch file, or a folder of full-frame images (the
// layout of schema 1). `source` is the clip a plate's patches were taken over.
std::shared_ptr<FrameSource> openStoredFrames(const std::filesystem::path& path, Rational rate,
                                              std::shared_ptr<FrameSource> source) {
  if (std::filesystem::is_directory(path)) return std::make_shared<ImageSequenceSource>(path.string(), rate);
  if (!std::filesystem::exists(path)) throw InputError(path.string() + ": not found");
  return std::make_shared<PatchSequenceSource>(path.string(), rate, std::move(source));
}

}  // namespace

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
  if (project.backgroundPath.empty()) throw InputError(file + ": the project has no background plate yet");
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
  const std::shared_ptr<FrameSource> source =
      openFrameSource(resolveInProject(projectFolder, project.source, true, file).string(), folderRate);
  scene.plate = openStoredFrames(resolveInProject(projectFolder, project.backgroundPath, false, file),
                                 source->frameRate(), source);
  if (source->frameCount() == scene.plate->frameCount())
    for (int i = 0; i < source->frameCount(); ++i) scene.frameTimes.push_back(source->frameTime(i));
  if (source->describe().hasAudio) scene.audioSource = source->path();
  for (const Layer& layer : project.layers) {
    const ObjectTrack* object = project.findObject(layer.objectId);
    if (!object) throw InputError(file + ": layer names unknown object '" + layer.objectId + "'");
    if (object->chosenSample < 0 || object->chosenSample >= static_cast<int>(object->samples.size()) ||
        object->samples[object->chosenSample].rgbaPath.empty())
      throw InputError(file + ": object '" + object->name + "' has no completed sample chosen");
    const std::string rgbaPath = object->samples[object->chosenSample].rgbaPath;
    SceneLayer sceneLayer;
    sceneLayer.objectId = layer.objectId;
    sceneLayer.rgba = openStoredFrames(resolveInProject(projectFolder, rgbaPath, false, file), source->frameRate(), {});
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
