#pragma once
// Every edit of the object session is one of these undoable commands.
#include "object_session.h"

#include <QUndoCommand>

#include <optional>

namespace permanence::ui {

// Adds a new, empty object at the end of the list.
class AddObjectCommand : public QUndoCommand {
 public:
  explicit AddObjectCommand(ObjectSession& session);
  void redo() override;
  void undo() override;

 private:
  ObjectSession& session_;
};

// Commands that merge: a correction and the re-track it started are one undo step.
enum CommandId { kCorrectionCommandId = 1 };

// Replaces the prompt on one frame of one object; the frame's mask is re-segmented.
// Undo restores the object's prompts and masks exactly as they were (the masks the
// correction's re-track replaced included); redo restores the state the edit had
// reached (or segments again if its mask had not arrived yet). The re-track of this
// correction merges into it when nothing came between.
class SetPromptCommand : public QUndoCommand {
 public:
  SetPromptCommand(ObjectSession& session, int object, int frame, FramePrompt prompt, const QString& text);
  void redo() override;
  void undo() override;
  int id() const override { return kCorrectionCommandId; }
  bool mergeWith(const QUndoCommand* other) override;

 private:
  ObjectSession& session_;
  int object_;
  int frame_;
  FramePrompt prompt_;
  ObjectTrackState before_;
  std::optional<ObjectTrackState> after_;  // once undone with the frame's mask computed
};

// A + or − click added to a frame's prompt.
class AddClickCommand : public SetPromptCommand {
 public:
  AddClickCommand(ObjectSession& session, int object, int frame, Click click);
};

// A box drawn around the object on a frame (replaces that frame's box, keeps its clicks).
class SetBoxCommand : public SetPromptCommand {
 public:
  SetBoxCommand(ObjectSession& session, int object, int frame, cv::Rect box);
};

// Stores an object's masks for frames first, first+1, ... (the result of a tracking job).
class SetMasksCommand : public QUndoCommand {
 public:
  SetMasksCommand(ObjectSession& session, int object, int first, std::vector<Mask> masks, const QString& text);
  void redo() override;
  void undo() override;

 private:
  ObjectSession& session_;
  int object_;
  int first_;
  std::vector<Mask> before_;
  std::vector<Mask> after_;
};

// The masks the re-track of a correction at `keyframe` computed (see
// retrackCorrection), for frames first, first+1, ...
class CorrectionRetrackCommand : public SetMasksCommand {
 public:
  CorrectionRetrackCommand(ObjectSession& session, int object, int keyframe, int first, std::vector<Mask> masks,
                           const QString& text);
  int id() const override { return kCorrectionCommandId; }
  int object() const { return object_; }
  int keyframe() const { return keyframe_; }

 private:
  int object_;
  int keyframe_;
};

// Shows or hides an object's overlays and layer.
class SetVisibleCommand : public QUndoCommand {
 public:
  SetVisibleCommand(ObjectSession& session, int object, bool visible);
  void redo() override;
  void undo() override;

 private:
  ObjectSession& session_;
  int object_;
  bool before_;
  bool after_;
};

// Renames an object or changes its colour.
class SetAppearanceCommand : public QUndoCommand {
 public:
  SetAppearanceCommand(ObjectSession& session, int object, const QString& name, const QColor& colour);
  void redo() override;
  void undo() override;

 private:
  ObjectSession& session_;
  int object_;
  QString beforeName_, afterName_;
  QColor beforeColour_, afterColour_;
};

// Stores the Top-K samples of an amodal + completion run (the first one chosen).
class SetSamplesCommand : public QUndoCommand {
 public:
  SetSamplesCommand(ObjectSession& session, int object, ObjectSamples samples);
  void redo() override;
  void undo() override;

 private:
  ObjectSession& session_;
  int object_;
  ObjectSamples before_;
  int beforeChosen_;
  ObjectSamples after_;
};

// Picks one of an object's Top-K samples.
class ChooseSampleCommand : public QUndoCommand {
 public:
  ChooseSampleCommand(ObjectSession& session, int object, int sample);
  void redo() override;
  void undo() override;

 private:
  ObjectSession& session_;
  int object_;
  int before_;
  int after_;
};

}  // namespace permanence::ui
