#include "edit_commands.h"

namespace permanence::ui {

AddObjectCommand::AddObjectCommand(ObjectList& objects, SessionObject object, ChangedCallback changed)
    : QUndoCommand(QObject::tr("Add %1").arg(object.name)),
      objects_(objects),
      object_(std::move(object)),
      changed_(std::move(changed)) {}

void AddObjectCommand::redo() {
  objects_.push_back(object_);
  changed_();
}

void AddObjectCommand::undo() {
  objects_.pop_back();
  changed_();
}

ReplaceObjectCommand::ReplaceObjectCommand(ObjectList& objects, int index, SessionObject after,
                                           const QString& text, ChangedCallback changed)
    : QUndoCommand(text),
      objects_(objects),
      index_(index),
      before_(objects.at(index)),
      after_(std::move(after)),
      changed_(std::move(changed)) {}

void ReplaceObjectCommand::redo() {
  objects_.at(index_) = after_;
  changed_();
}

void ReplaceObjectCommand::undo() {
  objects_.at(index_) = before_;
  changed_();
}

}  // namespace permanence::ui
