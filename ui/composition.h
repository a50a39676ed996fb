#pragma once
// The editor's re-composition: the background plate and one layer per
// de-occluded object (its chosen sample), stacked back to front, each with its
// visibility and keyframed transform. Layers follow the object session: an object
// gets a layer when it is de-occluded, placed where core's occlusion-inferred
// order puts it among the others, and loses it when its samples go (undo).
// Edits go through here so the views hear about them (`changed`); undo commands
// call these same functions.
#include "compose/keyframes.h"
#include "compose/scene.h"
#include "encoded_frame_source.h"
#include "object_session.h"
#include "project/project.h"

#include <QObject>

#include <vector>

namespace permanence::ui {

struct CompositionLayer {
  int object = -1;  // index in the ObjectSession
  bool visible = true;
  std::vector<TransformKeyframe> keyframes;  // sorted by frame; none = identity
};

// The clip with the de-occluded objects' visible masks removed and filled.
struct BackgroundPlate {
  EncodedFrames frames;      // PNG-encoded BGR, one per frame
  std::vector<int> removed;  // the objects it was computed without, ascending
};

// The project id of the session's object `index` (as sessionToProject names it).
std::string objectIdOf(int index);

// `keyframes` with `transform` keyed at `frame`: the keyframe there is replaced,
// or a new one is inserted in frame order.
std::vector<TransformKeyframe> withKeyAt(std::vector<TransformKeyframe> keyframes, int frame,
                                         const LayerTransform& transform, Interpolation interpolation);

class Composition : public QObject {
  Q_OBJECT
 public:
  explicit Composition(const ObjectSession& session, QObject* parent = nullptr);

  // Starts over for the session's newly opened clip (no plate, no layers).
  void reset();
  const std::vector<CompositionLayer>& layers() const { return layers_; }  // back to front
  // The layer of an object, or null when it has none.
  const CompositionLayer* layerOf(int object) const;
  std::vector<int> order() const;  // object indices, back to front
  void setOrder(const std::vector<int>& objects);
  void setVisible(int object, bool visible);
  void setKeyframes(int object, std::vector<TransformKeyframe> keyframes);
  // The frames where an object's layer is keyed (none without a layer).
  std::vector<int> keyedFrames(int object) const;
  // Replaces every layer (restoring a project); `layers` name de-occluded objects.
  void setLayers(std::vector<CompositionLayer> layers);

  // The objects with samples, ascending: what the plate must be computed without.
  std::vector<int> deoccludedObjects() const;
  const BackgroundPlate& plate() const { return plate_; }
  bool hasPlate() const { return plate_.frames != nullptr; }
  // The plate was computed without exactly the objects that now have layers.
  bool plateIsCurrent() const { return hasPlate() && plate_.removed == deoccludedObjects(); }
  void setPlate(BackgroundPlate plate);

  // Bumps on every change of what the composite shows (layers, plate, samples).
  quint64 revision() const { return revision_; }
  // What core renders and exports: the plate and each layer's chosen sample, back
  // to front, hidden ones marked so. Throws InputError without a plate.
  Scene scene() const;

  ExportSettings& exportSettings() { return exportSettings_; }
  const ExportSettings& exportSettings() const { return exportSettings_; }

 Q_SIGNALS:
  void changed();

 private:
  void onSessionChanged();
  void insertInferredPlace(int object);
  void touch();

  const ObjectSession& session_;
  std::vector<CompositionLayer> layers_;
  BackgroundPlate plate_;
  ExportSettings exportSettings_;
  FrameNames names_;
  quint64 revision_ = 0;
};

}  // namespace permanence::ui
