#pragma once
// The exit codes of permanence-cli (the README lists them) and the one line on
// stderr that goes with a failure.
#include <exception>
#include <string>

namespace permanence::cli {

constexpr int kExitOk = 0;
constexpr int kExitInput = 1;        // bad input: a file, an option, a value
constexpr int kExitIo = 3;           // writing failed: full disk, unwritable folder
constexpr int kExitCancelled = 130;  // interrupted (SIGINT, SIGTERM, SIGHUP) or cancelled

// Prints "error: ..." for the failure and returns its exit code.
int reportFailure(const std::exception& failure);

// Rethrows the exception being handled; an OpenCV failure (an assertion on frames of
// an unusual size or content) becomes an InputError naming the stage and the input
// and saying what the user can change.
[[noreturn]] void rethrowForUser(const std::string& stage, const std::string& input);

// Runs one stage of a command with its failures in the user's terms.
template <class Stage>
auto atStage(const std::string& stage, const std::string& input, Stage&& run) -> decltype(run()) {
  try {
    return run();
  } catch (...) {
    rethrowForUser(stage, input);
  }
}

}  // namespace permanence::cli
