#include "arguments.h"

#include "errors.h"
#include "media/frame_source.h"

#include <charconv>
#include <climits>
#include <cmath>
#include <regex>

namespace permanence::cli {
namespace {

// Largest frame index or pixel coordinate a value may name before the frames are
// known; the real bounds come from the frames.
constexpr long long kMaxCoordinate = INT_MAX;

std::string quoted(const std::string& option, const std::string& text) { return option + " '" + text + "'"; }

}  // namespace

long long parseInteger(const std::string& text, long long min, long long max, const std::string& option) {
  long long value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  const auto [stop, error] = std::from_chars(begin, end, value);
  if (error == std::errc::result_out_of_range || (error == std::errc() && stop == end && (value < min || value > max)))
    throw InputError(quoted(option, text) + ": out of range (" + std::to_string(min) + ".." + std::to_string(max) + ")");
  if (error != std::errc() || stop != end || begin == end)
    throw InputError(quoted(option, text) + ": not a whole number");
  return value;
}

ClickPrompt parseClick(const std::string& text, bool positive, int defaultFrame, const std::string& option) {
  static const std::regex pattern(R"(\s*([-+]?\d+)\s*,\s*([-+]?\d+)\s*(?:@\s*([-+]?\d+))?\s*)");
  std::smatch match;
  if (!std::regex_match(text, match, pattern)) throw InputError(quoted(option, text) + ": expected X,Y or X,Y@FRAME");
  ClickPrompt click;
  click.x = static_cast<double>(parseInteger(match[1], -kMaxCoordinate, kMaxCoordinate, option + " (X)"));
  click.y = static_cast<double>(parseInteger(match[2], -kMaxCoordinate, kMaxCoordinate, option + " (Y)"));
  click.frame = match[3].matched ? static_cast<int>(parseInteger(match[3], 0, kMaxCoordinate, option + " (FRAME)"))
                                 : defaultFrame;
  click.positive = positive;
  return click;
}

BoxPrompt parseBox(const std::string& text, int defaultFrame, const std::string& option) {
  static const std::regex pattern(
      R"(\s*([-+]?\d+)\s*,\s*([-+]?\d+)\s*,\s*([-+]?\d+)\s*,\s*([-+]?\d+)\s*(?:@\s*([-+]?\d+))?\s*)");
  std::smatch match;
  if (!std::regex_match(text, match, pattern))
    throw InputError(quoted(option, text) + ": expected X0,Y0,X1,Y1 or X0,Y0,X1,Y1@FRAME");
  auto coordinate = [&](int i, const char* name) {
    return static_cast<double>(parseInteger(match[i], -kMaxCoordinate, kMaxCoordinate, option + " (" + name + ")"));
  };
  const double x0 = coordinate(1, "X0"), y0 = coordinate(2, "Y0"), x1 = coordinate(3, "X1"), y1 = coordinate(4, "Y1");
  if (x1 <= x0 || y1 <= y0) throw InputError(quoted(option, text) + ": the box needs X0 < X1 and Y0 < Y1");
  BoxPrompt box;
  box.frame = match[5].matched ? static_cast<int>(parseInteger(match[5], 0, kMaxCoordinate, option + " (FRAME)"))
                               : defaultFrame;
  box.x = x0;
  box.y = y0;
  box.width = x1 - x0;
  box.height = y1 - y0;
  return box;
}

KeyframeMask parseKeyframe(const std::string& text, const std::string& option) {
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon + 1 == text.size())
    throw InputError(quoted(option, text) + ": expected FRAME:MASK.png");
  return {static_cast<int>(parseInteger(text.substr(0, colon), 0, kMaxCoordinate, option + " (FRAME)")),
          text.substr(colon + 1)};
}

void checkObjectName(const std::string& name, const std::string& option) {
  static const std::regex allowed(R"([A-Za-z0-9_\-][A-Za-z0-9_.\-]{0,63})");
  if (!std::regex_match(name, allowed))
    throw InputError(quoted(option, name) +
                     ": an object name is 1-64 letters, digits, '_', '-' or '.', not starting with '.'");
}

MoveArgument parseMove(const std::string& text) {
  static const std::regex pattern(R"(([^:]+):\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*(?:@\s*(\d+))?)");
  // Farther than this the object is never seen again: a typo, not a move.
  constexpr double kMaxOffset = 4.0 * kMaxFrameSide;
  std::smatch m;
  if (!std::regex_match(text, m, pattern)) throw InputError("--move '" + text + "': expected OBJ:DX,DY[@FRAME]");
  MoveArgument move;
  move.object = m[1];
  try {
    move.dx = std::stod(m[2]);
    move.dy = std::stod(m[3]);
  } catch (const std::logic_error&) {
    throw InputError("--move '" + text + "': DX and DY are numbers of pixels");
  }
  if (std::abs(move.dx) > kMaxOffset || std::abs(move.dy) > kMaxOffset)
    throw InputError("--move '" + text + "': the offset moves the object far outside the frame");
  if (m[4].matched) move.frame = static_cast<int>(parseInteger(m[4], 0, kMaxCoordinate, "--move (FRAME)"));
  return move;
}

Size2 parseSize(const std::string& text, const std::string& option) {
  static const std::regex pattern(R"((\d+)x(\d+))");
  std::smatch match;
  if (!std::regex_match(text, match, pattern)) throw InputError(quoted(option, text) + ": expected WIDTHxHEIGHT, e.g. 512x256");
  return {static_cast<int>(parseInteger(match[1], 0, kMaxCoordinate, option + " (WIDTH)")),
          static_cast<int>(parseInteger(match[2], 0, kMaxCoordinate, option + " (HEIGHT)"))};
}

}  // namespace permanence::cli
