#pragma once
// Error types shared by the engine. Every message names the file (when there is
// one) and the problem, so the CLI and the GUI can show it as it is.
#include <stdexcept>
#include <string>

namespace permanence {

// Bad input from the user: a file that cannot be read, a mask of the wrong size,
// a click outside the image... The CLI turns it into exit code 1.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A media file that cannot be opened, decoded or encoded.
class MediaError : public InputError {
 public:
  using InputError::InputError;
};

// Writing failed for a reason outside the input: a full disk, a folder that is not
// writable, a file system error. The CLI turns it into exit code 3.
class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown by CancelToken::throwIfCancelled(); jobs let it propagate.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

}  // namespace permanence
