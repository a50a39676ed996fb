#include "edit_commands.h"

#include <QCoreApplication>

namespace permanence::ui {

AddObjectCommand::AddObjectCommand(ObjectSession& session) : session_(session) {
  setText(QCoreApplication::translate("edit", "New object"));
}

void AddObjectCommand::redo() { session_.appendObject(); }
void AddObjectCommand::undo() { session_.removeLastObject(); }

SetPromptCommand::SetPromptCommand(ObjectSession& session, int object, int frame, FramePrompt prompt,
                                   const QString& text)
    : session_(session), object_(object), frame_(frame), prompt_(std::move(prompt)), before_(session.trackState(object)) {
  setText(text);
}

void SetPromptCommand::redo() {
  if (after_)
    session_.restoreTrackState(object_, *after_);
  else
    session_.setPrompt(object_, frame_, prompt_);
}

void SetPromptCommand::undo() {
  if (!session_.isSegmenting(object_, frame_)) after_ = session_.trackState(object_);
  session_.restoreTrackState(object_, before_);
}

bool SetPromptCommand::mergeWith(const QUndoCommand* other) {
  const auto* retrack = dynamic_cast<const CorrectionRetrackCommand*>(other);
  if (!retrack || retrack->object() != object_ || retrack->keyframe() != frame_) return false;
  // Its masks are in the session already (pushing ran its redo); undo's snapshot
  // and redo's restored state cover them.
  setText(text() + QCoreApplication::translate("edit", ", ") + retrack->text());
  return true;
}

namespace {

FramePrompt withClick(FramePrompt prompt, Click click) {
  prompt.clicks.push_back(click);
  return prompt;
}

FramePrompt withBox(FramePrompt prompt, cv::Rect box) {
  prompt.box = box;
  return prompt;
}

}  // namespace

AddClickCommand::AddClickCommand(ObjectSession& session, int object, int frame, Click click)
    : SetPromptCommand(session, object, frame, withClick(session.promptOn(object, frame), click),
                       QCoreApplication::translate("edit", "%1 click on frame %2")
                           .arg(click.positive ? "+" : "\u2212")
                           .arg(frame)) {}

SetBoxCommand::SetBoxCommand(ObjectSession& session, int object, int frame, cv::Rect box)
    : SetPromptCommand(session, object, frame, withBox(session.promptOn(object, frame), box),
                       QCoreApplication::translate("edit", "Box %1\u00d7%2 on frame %3")
                           .arg(box.width)
                           .arg(box.height)
                           .arg(frame)) {}

namespace {

std::vector<Mask> masksOf(const ObjectSession& session, int object, int first, std::size_t count) {
  const MaskTrack& track = session.object(object).track;
  std::vector<Mask> masks;
  masks.reserve(count);
  for (std::size_t i = 0; i < count; ++i) masks.push_back(track.mask(first + static_cast<int>(i)));
  return masks;
}

}  // namespace

SetMasksCommand::SetMasksCommand(ObjectSession& session, int object, int first, std::vector<Mask> masks,
                                 const QString& text)
    : session_(session),
      object_(object),
      first_(first),
      before_(masksOf(session, object, first, masks.size())),
      after_(std::move(masks)) {
  setText(text);
}

void SetMasksCommand::redo() { session_.setMasks(object_, first_, after_); }
void SetMasksCommand::undo() { session_.setMasks(object_, first_, before_); }

CorrectionRetrackCommand::CorrectionRetrackCommand(ObjectSession& session, int object, int keyframe, int first,
                                                   std::vector<Mask> masks, const QString& text)
    : SetMasksCommand(session, object, first, std::move(masks), text), object_(object), keyframe_(keyframe) {}

SetVisibleCommand::SetVisibleCommand(ObjectSession& session, int object, bool visible)
    : session_(session), object_(object), before_(session.object(object).visible), after_(visible) {
  setText(QCoreApplication::translate("edit", "%1 %2")
              .arg(visible ? QCoreApplication::translate("edit", "Show") : QCoreApplication::translate("edit", "Hide"))
              .arg(session.object(object).name));
}

void SetVisibleCommand::redo() { session_.setVisible(object_, after_); }
void SetVisibleCommand::undo() { session_.setVisible(object_, before_); }

SetAppearanceCommand::SetAppearanceCommand(ObjectSession& session, int object, const QString& name,
                                           const QColor& colour)
    : session_(session),
      object_(object),
      beforeName_(session.object(object).name),
      afterName_(name),
      beforeColour_(session.object(object).colour),
      afterColour_(colour) {
  setText(name != beforeName_ ? QCoreApplication::translate("edit", "Rename %1 to %2").arg(beforeName_, name)
                              : QCoreApplication::translate("edit", "Colour of %1").arg(name));
}

void SetAppearanceCommand::redo() { session_.setAppearance(object_, afterName_, afterColour_); }
void SetAppearanceCommand::undo() { session_.setAppearance(object_, beforeName_, beforeColour_); }

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
