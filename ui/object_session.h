#pragma once
// The objects the user is cutting out of the open clip: per object its clicks per
// keyframe and its MaskTrack. Clicks on a frame are turned into that frame's
// keyframe mask at once by the core Segmenter. Edits go through here so the views
// hear about them (`changed`); undo commands call these same functions.
#include "media/frame_source.h"
#include "track/mask_track.h"
#include "track/segmenter.h"

#include <QColor>
#include <QObject>
#include <QString>

#include <QImage>

#include <map>
#include <memory>
#include <vector>

namespace permanence::ui {

// One Top-K alternative: the inferred full shape and the completed RGBA layer per frame.
struct ObjectSample {
  double score = 0;
  QString label;
  std::vector<Mask> amodal;    // one per frame
  // One per frame: the completed BGRA layer, PNG-encoded, since K raw layers of a
  // whole clip would not fit in memory.
  std::vector<std::vector<uchar>> layers;
  // The layer as ARGB32 with straight alpha (null when the frame has none).
  QImage layer(int frame) const;
};
using ObjectSamples = std::shared_ptr<const std::vector<ObjectSample>>;

struct EditorObject {
  QString name;
  QColor colour;
  bool visible = true;
  std::map<int, std::vector<Click>> clicks;  // keyframe -> the clicks given there
  MaskTrack track;
  ObjectSamples samples;  // null until amodal + completion ran
  int chosenSample = 0;
};

class ObjectSession : public QObject {
  Q_OBJECT
 public:
  explicit ObjectSession(QObject* parent = nullptr);

  // Starts over for a newly opened clip (no objects).
  void reset(FrameSource* frames);
  FrameSource* frames() const { return frames_; }

  int objectCount() const { return static_cast<int>(objects_.size()); }
  const EditorObject& object(int index) const { return objects_.at(index); }
  // Appends an object with the next palette colour; returns its index.
  int appendObject();
  void removeLastObject();
  void setVisible(int index, bool visible);
  void setAppearance(int index, const QString& name, const QColor& colour);

  const std::vector<Click>& clicksOn(int index, int frame) const;
  // Replaces the clicks on `frame` and re-segments it; no clicks removes the keyframe.
  // Masks between the neighbouring keyframes are cleared (they must be re-tracked).
  void setClicks(int index, int frame, const std::vector<Click>& clicks);
  // Stores tracked masks for frames first, first+1, ... (keyframes keep theirs).
  void setMasks(int index, int first, const std::vector<Mask>& masks);
  std::vector<Mask> masks(int index) const;
  void setSamples(int index, ObjectSamples samples, int chosen);
  void chooseSample(int index, int sample);

 Q_SIGNALS:
  void changed();

 private:
  void clearRange(EditorObject& object, FrameRange range);

  FrameSource* frames_ = nullptr;
  std::vector<EditorObject> objects_;
  Segmenter segmenter_;
};

}  // namespace permanence::ui
