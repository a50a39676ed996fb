#include "track_direction.h"

#include <QCoreApplication>

namespace permanence::ui {

FrameRange trackRange(const MaskTrack& track, int frame, TrackDirection direction) {
  const int last = track.frameCount() - 1;
  switch (direction) {
    case TrackDirection::Forward:
      return {frame, last};
    case TrackDirection::Backward:
      return {0, frame};
    case TrackDirection::Both:
      return {0, last};
    case TrackDirection::BetweenKeyframes: {
      const int next = track.nextKeyframe(frame);
      return {track.previousKeyframe(frame) + 1, next < 0 ? last : next - 1};
    }
  }
  return {};
}

QString trackDirectionName(TrackDirection direction) {
  switch (direction) {
    case TrackDirection::Forward:
      return QCoreApplication::translate("track", "Track forward");
    case TrackDirection::Backward:
      return QCoreApplication::translate("track", "Track backward");
    case TrackDirection::Both:
      return QCoreApplication::translate("track", "Track");
    case TrackDirection::BetweenKeyframes:
      return QCoreApplication::translate("track", "Re-track between keyframes");
  }
  return {};
}

}  // namespace permanence::ui
