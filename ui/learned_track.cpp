#include "learned_track.h"

#include "track/tracker.h"

#include <QCoreApplication>

#include <cmath>

namespace permanence::ui {

std::vector<permanence::FramePrompt> learnedPrompts(const EditorObject& object) {
  std::vector<permanence::FramePrompt> prompts;
  for (const int frame : object.track.keyframes()) {
    permanence::FramePrompt prompt;
    prompt.frame = frame;
    const auto given = object.prompts.find(frame);
    if (given != object.prompts.end() && given->second.locatesObject()) {
      for (const Click& c : given->second.clicks)
        prompt.clicks.push_back({frame, double(c.point.x), double(c.point.y), c.positive});
      if (const auto& box = given->second.box)
        prompt.box = BoxPrompt{frame, double(box->x), double(box->y), double(box->width), double(box->height)};
    } else {
      prompt.mask = object.track.keyframeMask(frame);
    }
    prompts.push_back(std::move(prompt));
  }
  return prompts;
}

std::vector<Mask> trackWithLearned(LearnedTracker& learned, FrameSource& frames,
                                   const std::vector<permanence::FramePrompt>& prompts, const MaskTrack& track,
                                   FrameRange range, std::string& fellBack, JobContext& context) {
  PromptTracker* tracker = learned.get();
  if (!tracker) {
    fellBack = learned.failure();
    return Tracker().propagate(frames, track, range, context);
  }
  const std::vector<Mask> all = tracker->track(frames, prompts, context);
  return {all.begin() + range.first, all.begin() + range.last + 1};
}

QString learnedTrackNotice(LearnedTracker& learned, int frames) {
  PromptTracker* tracker = learned.ifStarted();
  if (tracker && !tracker->runsOnCpu()) return {};
  const double seconds = tracker ? tracker->estimateTrackSeconds(frames) : 0;
  const QString scope = QCoreApplication::translate("track", "SAM 2 on the CPU is a quality mode for short clips");
  if (seconds <= 0)
    return QCoreApplication::translate("track", "%1: several seconds per frame, %2 frames.").arg(scope).arg(frames);
  const QString time = seconds < 90 ? QCoreApplication::translate("track", "%1 s").arg(std::lround(seconds))
                                    : QCoreApplication::translate("track", "%1 min").arg(std::lround(seconds / 60));
  return QCoreApplication::translate("track", "%1: about %2 for %3 frames.").arg(scope, time).arg(frames);
}

}  // namespace permanence::ui
