#include "time_left.h"

#include <cmath>

namespace permanence::ui {
namespace {
// Before 3 % or 2 s the first frames' set-up (reading the keyframe, starting the
// backends) dominates and the rate says little.
constexpr double kMinimumFraction = 0.03;
constexpr double kMinimumSeconds = 2.0;
}  // namespace

std::optional<double> secondsLeft(double fraction, double elapsedSeconds) {
  if (fraction < kMinimumFraction || elapsedSeconds < kMinimumSeconds || fraction >= 1.0) return std::nullopt;
  return elapsedSeconds * (1.0 - fraction) / fraction;
}

QString durationText(double seconds) {
  const long total = std::lround(std::max(0.0, seconds));
  const long hours = total / 3600, minutes = total / 60 % 60, rest = total % 60;
  return hours > 0 ? QString("%1:%2:%3").arg(hours).arg(minutes, 2, 10, QChar('0')).arg(rest, 2, 10, QChar('0'))
                   : QString("%1:%2").arg(minutes).arg(rest, 2, 10, QChar('0'));
}

}  // namespace permanence::ui
