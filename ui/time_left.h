#pragma once
// How long a job still needs, from its progress so far: the rate over the whole run
// (elapsed / fraction done), the steadiest estimate for jobs whose frames cost about
// the same. Said only once enough is done to trust it.
#include <QString>

#include <optional>

namespace permanence::ui {

// Seconds left after `fraction` (0..1) of a job done in `elapsedSeconds`, or none yet.
std::optional<double> secondsLeft(double fraction, double elapsedSeconds);

// "0:07", "1:35", "1:02:03".
QString durationText(double seconds);

}  // namespace permanence::ui
