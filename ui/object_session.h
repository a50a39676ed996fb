#pragma once
// The objects the user is cutting out of the open clip: per object its prompts (clicks
// and a box) per keyframe and its MaskTrack. A prompt on a frame makes it a keyframe at
// once; its mask is computed by the SegmentationWorker off the GUI thread and stored
// when it arrives, unless a newer edit of that frame came first (`keyframeSegmented`
// then tells the window, which re-tracks a correction). The other frames keep their
// masks until a track replaces them. Edits go through here so the views hear about
// them (`changed`); undo commands call these same functions.
#include "media/frame_source.h"
#include "track/mask_track.h"
#include "segmentation_worker.h"
#include "media/frame_cache.h"
#include "track/segmenter.h"

#include <QColor>
#include <QObject>
#include <QString>

#include <QImage>

#include <map>
#include <memory>
#include <optional>
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

// What the user gave on one frame: + / − clicks and optionally a box the object lies in.
struct FramePrompt {
  std::vector<Click> clicks;
  std::optional<cv::Rect> box;
  bool isEmpty() const { return clicks.empty() && !box; }
  // A + click or a box says where the object is; − clicks alone do not.
  bool locatesObject() const;
};

// An object's prompts and masks as they are at one moment: what an undo of a prompt
// restores, exactly (the tracked frames a correction cleared included).
struct ObjectTrackState {
  std::map<int, FramePrompt> prompts;
  MaskTrack track;
};

struct EditorObject {
  QString name;
  QColor colour;
  bool visible = true;
  std::map<int, FramePrompt> prompts;  // frame -> what the user gave there
  MaskTrack track;
  ObjectSamples samples;  // null until amodal + completion ran
  int chosenSample = 0;
  // Changes with every edit of the prompts or masks: a job computed from an older
  // state must not be stored over a newer one.
  quint64 revision = 0;
};

class ObjectSession : public QObject {
  Q_OBJECT
 public:
  explicit ObjectSession(QObject* parent = nullptr);

  // Starts over for a newly opened clip (no objects). Frames are segmented through
  // `cache`; both must outlive the session or the next reset / cancelSegmentation().
  void reset(FrameSource* frames, FrameCache* cache);
  // Drops the segmentations under way (call before the frame source goes away).
  void cancelSegmentation();
  // True while a click's mask is being computed.
  bool isSegmenting() const { return !pending_.empty(); }
  bool isSegmenting(int index, int frame) const { return pending_.count({index, frame}) > 0; }
  bool isSegmentingObject(int index) const;
  FrameSource* frames() const { return frames_; }
  // Clicks and boxes become the learned tracker's prompts (null: the classic segmenter).
  void setLearnedTracker(std::shared_ptr<LearnedTracker> tracker) { worker_.setLearnedTracker(std::move(tracker)); }
  // The frame on screen: the learned tracker computes its embedding before the click.
  void prepareFrame(int frame) { worker_.prepare(frame); }

  int objectCount() const { return static_cast<int>(objects_.size()); }
  const EditorObject& object(int index) const { return objects_.at(index); }
  // Appends an object with the next palette colour; returns its index.
  int appendObject();
  void removeLastObject();
  void setVisible(int index, bool visible);
  void setAppearance(int index, const QString& name, const QColor& colour);

  const FramePrompt& promptOn(int index, int frame) const;
  const std::vector<Click>& clicksOn(int index, int frame) const { return promptOn(index, frame).clicks; }
  // Replaces the prompt on `frame` and re-segments it in the background; a prompt
  // that does not locate the object removes the keyframe, and the masks that came
  // from it are cleared (up to the neighbouring keyframes). A prompt that locates it
  // leaves the other frames' masks alone: re-tracking a correction replaces them.
  void setPrompt(int index, int frame, const FramePrompt& prompt);
  // The object's prompts and masks now, and back to such a moment: segmentations
  // under way for the object are dropped, nothing is recomputed.
  ObjectTrackState trackState(int index) const;
  void restoreTrackState(int index, const ObjectTrackState& state);
  // Restores a saved prompt and, when it locates the object, the keyframe mask it gave
  // (no segmentation).
  void restoreKeyframe(int index, int frame, const FramePrompt& prompt, const Mask& mask);
  // Stores tracked masks for frames first, first+1, ... (keyframes keep theirs).
  void setMasks(int index, int first, const std::vector<Mask>& masks);
  std::vector<Mask> masks(int index) const;
  // True when a frame of `range` that is no keyframe has a mask: the object was
  // tracked there, so a correction there should be carried to it.
  bool hasTrackedMasks(int index, FrameRange range) const;
  void setSamples(int index, ObjectSamples samples, int chosen);
  void chooseSample(int index, int sample);

 Q_SIGNALS:
  void changed();
  // A click's mask could not be computed (the frame could not be read).
  void segmentationFailed(const QString& error);
  // The learned tracker could not start: why; the classic segmenter is used.
  void learnedTrackerFailed(const QString& reason);
  // A keyframe's mask from its prompt arrived and was stored.
  void keyframeSegmented(int index, int frame);

 private:
  void clearRange(EditorObject& object, FrameRange range);
  void touch(EditorObject& object) { object.revision = ++revisions_; }
  void onSegmented(int index, int frame, quint64 generation, const Mask& mask, const QString& error);

  FrameSource* frames_ = nullptr;
  std::vector<EditorObject> objects_;
  // (object, frame) -> generation of the segmentation whose result is awaited there.
  std::map<std::pair<int, int>, quint64> pending_;
  quint64 generation_ = 0;
  quint64 revisions_ = 0;
  SegmentationWorker worker_;
};

}  // namespace permanence::ui
