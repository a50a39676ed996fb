#include "edit_commands.h"

#include <QCoreApplication>

namespace permanence::ui {

AddObjectCommand::AddObjectCommand(ObjectSession& session) : session_(session) {
  setText(QCoreApplication::translate("edit", "New object"));
}

void AddObjectCommand::redo() { session_.appendObject(); }
void AddObjectCommand::undo() { session_.removeLastObject(); }

AddClickCommand::AddClickCommand(ObjectSession& session, int object, int frame, Click click)
    : session_(session), object_(object), frame_(frame), before_(session.clicksOn(object, frame)) {
  after_ = before_;
  after_.push_back(click);
  setText(QCoreApplication::translate("edit", "%1 click on frame %2")
              .arg(click.positive ? "+" : "\u2212")
              .arg(frame + 1));
}

void AddClickCommand::redo() { session_.setClicks(object_, frame_, after_); }
void AddClickCommand::undo() { session_.setClicks(object_, frame_, before_); }

SetMasksCommand::SetMasksCommand(ObjectSession& session, int object, std::vector<Mask> masks, const QString& text)
    : session_(session), object_(object), before_(session.masks(object)), after_(std::move(masks)) {
  setText(text);
}

void SetMasksCommand::redo() { session_.setMasks(object_, 0, after_); }
void SetMasksCommand::undo() { session_.setMasks(object_, 0, before_); }

SetSamplesCommand::SetSamplesCommand(ObjectSession& session, int object, ObjectSamples samples)
    : session_(session),
      object_(object),
      before_(session.object(object).samples),
      beforeChosen_(session.object(object).chosenSample),
      after_(std::move(samples)) {
  setText(QCoreApplication::translate("edit", "De-occlude %1 (K = %2)")
              .arg(session.object(object).name)
              .arg(after_ ? static_cast<int>(after_->size()) : 0));
}

void SetSamplesCommand::redo() { session_.setSamples(object_, after_, 0); }
void SetSamplesCommand::undo() { session_.setSamples(object_, before_, beforeChosen_); }

ChooseSampleCommand::ChooseSampleCommand(ObjectSession& session, int object, int sample)
    : session_(session), object_(object), before_(session.object(object).chosenSample), after_(sample) {
  setText(QCoreApplication::translate("edit", "Choose sample %1 of %2").arg(sample + 1).arg(session.object(object).name));
}

void ChooseSampleCommand::redo() { session_.chooseSample(object_, after_); }
void ChooseSampleCommand::undo() { session_.chooseSample(object_, before_); }

}  // namespace permanence::ui
