#pragma once
// The project model: plain data shared by the CLI and the GUI. Everything a user
// did (objects and their prompts, chosen samples, layer transforms, export
// settings) lives here; pixels and masks live in folders inside the project, named
// by relative paths.
#include <optional>
#include <string>
#include <vector>

namespace permanence {

struct ClickPrompt {
  int frame = 0;
  double x = 0, y = 0;  // pixels of the displayed frame
  bool positive = true;
};

struct BoxPrompt {
  int frame = 0;
  double x = 0, y = 0, width = 0, height = 0;
};

// One Top-K alternative of stage 1 + stage 2 for an object.
struct SampleInfo {
  double score = 0;
  // Relative to the project folder: a patch file (schema 2) or a folder of PNGs (schema 1).
  std::string amodalPath;
  std::string rgbaPath;  // empty until completed
  std::string label;      // what the amodal backend assumed for it (AmodalSample::label)
};

struct ObjectTrack {
  std::string id;    // stable, unique in the project ("obj1")
  std::string name;  // shown to the user
  std::string colour = "#ff5050";  // #rrggbb
  std::vector<ClickPrompt> clicks;
  std::vector<BoxPrompt> boxes;
  std::vector<int> keyframes;  // frames where the user gave clicks or a mask
  std::string modalPath;       // relative; a patch file, or a folder of PNGs (schema 1)
  std::vector<SampleInfo> samples;
  int chosenSample = 0;
};

enum class Interpolation { Linear, EaseInOut, Hold };

struct TransformKeyframe {
  int frame = 0;
  double translateX = 0, translateY = 0;  // pixels
  double scale = 1;
  double rotationDegrees = 0;  // clockwise, about the layer's anchor
  double opacity = 1;
  Interpolation interpolation = Interpolation::Linear;  // towards the next keyframe
};

struct Layer {
  std::string objectId;
  bool visible = true;
  std::vector<TransformKeyframe> keyframes;  // sorted by frame; none = identity
};

struct ExportSettings {
  std::string compositePath = "composite.mp4";  // relative to the project's parent folder or absolute
  int crf = 18;
  int firstFrame = 0;
  int lastFrame = -1;  // inclusive; -1 = the last frame
  bool copyAudio = true;
  bool proresPerObject = false;
  bool pngLayers = false;
  bool masks = true;
  // OpenEXR sequences for compositors: objects/NAME/exr/NAME.NNNNN.exr (layer with its
  // mattes) and plate/plate.NNNNN.exr.
  bool openExr = false;
};

struct BackendSettings {
  std::string track = "classic";
  std::string amodal = "classic";
  std::string complete = "classic";
  int topK = 3;
};

struct Project {
  std::string source;  // relative to the project folder, or absolute when the user chose so
  std::string sourceFrameRate;  // "NUM/DEN" when the source is a frame folder; empty: 25/1
  std::vector<ObjectTrack> objects;
  std::vector<Layer> layers;  // back to front
  std::string backgroundPath;  // relative; the filled plate: a patch file over the source, or a folder (schema 1)
  ExportSettings exportSettings;
  BackendSettings backends;

  ObjectTrack* findObject(const std::string& id);
  const ObjectTrack* findObject(const std::string& id) const;
  // The next free id of the form "objN".
  std::string newObjectId() const;
};

}  // namespace permanence
