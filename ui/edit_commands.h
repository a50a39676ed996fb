#pragma once
// Undoable edits of the session's objects. Each stores the object's state before and
// after (masks are run-length encoded, so a whole track is small), which keeps undo
// exact whatever the edit did.
#include "session_object.h"

#include <QUndoCommand>

#include <functional>

namespace permanence::ui {

using ObjectList = std::vector<SessionObject>;
using ChangedCallback = std::function<void()>;

class AddObjectCommand : public QUndoCommand {
 public:
  AddObjectCommand(ObjectList& objects, SessionObject object, ChangedCallback changed);
  void redo() override;
  void undo() override;

 private:
  ObjectList& objects_;
  SessionObject object_;
  ChangedCallback changed_;
};

// Replaces one object's clicks and track: a click (new keyframe) or a tracking run.
class ReplaceObjectCommand : public QUndoCommand {
 public:
  ReplaceObjectCommand(ObjectList& objects, int index, SessionObject after, const QString& text,
                       ChangedCallback changed);
  void redo() override;
  void undo() override;

 private:
  ObjectList& objects_;
  int index_;
  SessionObject before_;
  SessionObject after_;
  ChangedCallback changed_;
};

}  // namespace permanence::ui
