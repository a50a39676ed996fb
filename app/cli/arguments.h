#pragma once
// Values of command-line options, parsed with range checks. Every error is an
// InputError naming the option, the value and what was expected, raised before
// any work starts.
#include "project/project.h"

#include <string>

namespace permanence::cli {

// A whole decimal integer in [min, max]; "99999999999999999999" or "12abc" are refused.
long long parseInteger(const std::string& text, long long min, long long max, const std::string& option);

// "X,Y" or "X,Y@FRAME" (FRAME defaults to `defaultFrame`). The position is checked
// against the frames later (checkClickInside), when they are open.
ClickPrompt parseClick(const std::string& text, bool positive, int defaultFrame, const std::string& option);

// "X0,Y0,X1,Y1" or "X0,Y0,X1,Y1@FRAME": a box around the object (corners in frame
// pixels, X0 < X1 and Y0 < Y1), checked against the frames later.
BoxPrompt parseBox(const std::string& text, int defaultFrame, const std::string& option);

// "N:FILE": a mask the user gives for frame N (a correction, an imported roto).
struct KeyframeMask {
  int frame = 0;
  std::string file;
};
KeyframeMask parseKeyframe(const std::string& text, const std::string& option);

// Object names become folder names (objects/NAME/): letters, digits, '_', '-' and
// '.', at most 64, not starting with '.'.
void checkObjectName(const std::string& name, const std::string& option);

// "OBJ:DX,DY" or "OBJ:DX,DY@FRAME": offset an object, for the whole clip or gliding
// from frame 0 to FRAME.
struct MoveArgument {
  std::string object;
  double dx = 0, dy = 0;
  int frame = 0;  // 0: the whole clip
};
MoveArgument parseMove(const std::string& text);

// "WIDTHxHEIGHT" for a processing size.
struct Size2 {
  int width = 0, height = 0;
};
Size2 parseSize(const std::string& text, const std::string& option);

}  // namespace permanence::cli
