#include "layer_commands.h"

#include <QCoreApplication>

namespace permanence::ui {

ReorderLayersCommand::ReorderLayersCommand(Composition& composition, std::vector<int> order, const QString& text)
    : composition_(composition), before_(composition.order()), after_(std::move(order)) {
  setText(text);
}

void ReorderLayersCommand::redo() { composition_.setOrder(after_); }
void ReorderLayersCommand::undo() { composition_.setOrder(before_); }

SetLayerVisibleCommand::SetLayerVisibleCommand(Composition& composition, int object, bool visible,
                                               const QString& name)
    : composition_(composition), object_(object), visible_(visible) {
  setText((visible ? QCoreApplication::translate("edit", "Show layer %1")
                   : QCoreApplication::translate("edit", "Hide layer %1"))
              .arg(name));
}

void SetLayerVisibleCommand::redo() { composition_.setVisible(object_, visible_); }
void SetLayerVisibleCommand::undo() { composition_.setVisible(object_, !visible_); }

SetLayerKeyframesCommand::SetLayerKeyframesCommand(Composition& composition, int object,
                                                   std::vector<TransformKeyframe> keyframes, const QString& text,
                                                   int mergeId)
    : composition_(composition), object_(object), mergeId_(mergeId), after_(std::move(keyframes)) {
  if (const CompositionLayer* layer = composition.layerOf(object)) before_ = layer->keyframes;
  setText(text);
}

void SetLayerKeyframesCommand::redo() { composition_.setKeyframes(object_, after_); }
void SetLayerKeyframesCommand::undo() { composition_.setKeyframes(object_, before_); }

bool SetLayerKeyframesCommand::mergeWith(const QUndoCommand* other) {
  const auto* next = static_cast<const SetLayerKeyframesCommand*>(other);
  if (mergeId_ == 0 || next->mergeId_ != mergeId_ || next->object_ != object_) return false;
  after_ = next->after_;
  return true;
}

}  // namespace permanence::ui
