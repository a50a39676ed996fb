#pragma once
// Every edit of the re-composition is one of these undoable commands. Layers are
// named by their object's index, so a command stays valid when the stack order
// changes.
#include "composition.h"

#include <QUndoCommand>

namespace permanence::ui {

// Restacks the layers (object indices, back to front).
class ReorderLayersCommand : public QUndoCommand {
 public:
  ReorderLayersCommand(Composition& composition, std::vector<int> order, const QString& text);
  void redo() override;
  void undo() override;

 private:
  Composition& composition_;
  std::vector<int> before_;
  std::vector<int> after_;
};

// Shows or hides one layer; a hidden object leaves the filled plate in its place.
class SetLayerVisibleCommand : public QUndoCommand {
 public:
  SetLayerVisibleCommand(Composition& composition, int object, bool visible, const QString& name);
  void redo() override;
  void undo() override;

 private:
  Composition& composition_;
  int object_;
  bool visible_;
};

// Replaces a layer's keyframes (a move, scale, rotation, opacity or interpolation
// edit). Commands with the same non-zero `mergeId` merge into one undo step: the
// many small changes of one drag.
class SetLayerKeyframesCommand : public QUndoCommand {
 public:
  static constexpr int kId = 0x4c4b;  // 'LK'
  SetLayerKeyframesCommand(Composition& composition, int object, std::vector<TransformKeyframe> keyframes,
                           const QString& text, int mergeId);
  void redo() override;
  void undo() override;
  int id() const override { return kId; }
  bool mergeWith(const QUndoCommand* other) override;

 private:
  Composition& composition_;
  int object_;
  int mergeId_;
  std::vector<TransformKeyframe> before_;
  std::vector<TransformKeyframe> after_;
};

}  // namespace permanence::ui
