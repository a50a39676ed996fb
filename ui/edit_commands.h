#pragma once
// Every edit of the object session is one of these undoable commands.
#include "object_session.h"

#include <QUndoCommand>

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

// A + or − click on one frame of one object; the frame's mask is re-segmented.
class AddClickCommand : public QUndoCommand {
 public:
  AddClickCommand(ObjectSession& session, int object, int frame, Click click);
  void redo() override;
  void undo() override;

 private:
  ObjectSession& session_;
  int object_;
  int frame_;
  std::vector<Click> before_;
  std::vector<Click> after_;
};

// Replaces an object's masks over the whole clip (the result of a tracking job).
class SetMasksCommand : public QUndoCommand {
 public:
  SetMasksCommand(ObjectSession& session, int object, std::vector<Mask> masks, const QString& text);
  void redo() override;
  void undo() override;

 private:
  ObjectSession& session_;
  int object_;
  std::vector<Mask> before_;
  std::vector<Mask> after_;
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
