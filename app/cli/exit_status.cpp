#include "exit_status.h"

#include "errors.h"
#include "interrupt.h"

#include <opencv2/core.hpp>

#include <signal.h>

#include <cstring>
#include <filesystem>
#include <iostream>
#include <new>

namespace permanence::cli {
namespace {

// Errors of the file system calls: every one of them is about writing or reading a
// path, which the message names.
std::string describe(const std::filesystem::filesystem_error& e) {
  std::string where = e.path1().string();
  if (!e.path2().empty()) where += " -> " + e.path2().string();
  return where + ": " + e.code().message();
}

}  // namespace

int reportFailure(const std::exception& failure) {
  if (dynamic_cast<const Cancelled*>(&failure)) {
    const int signal = interruptSignal();
    std::cerr << "error: " << (signal ? std::string("interrupted (SIG") + sigabbrev_np(signal) + ")" : "cancelled")
              << "; nothing was published\n";
    return kExitCancelled;
  }
  if (const auto* fsError = dynamic_cast<const std::filesystem::filesystem_error*>(&failure)) {
    std::cerr << "error: " << describe(*fsError) << "\n";
    return kExitIo;
  }
  if (dynamic_cast<const std::bad_alloc*>(&failure)) {
    std::cerr << "error: out of memory; try a shorter clip, smaller frames or a smaller --work-size\n";
    return kExitIo;
  }
  std::cerr << "error: " << failure.what() << "\n";
  return dynamic_cast<const IoError*>(&failure) ? kExitIo : kExitInput;
}

void rethrowForUser(const std::string& stage, const std::string& input) {
  try {
    throw;
  } catch (const cv::Exception& e) {
    throw InputError(input + ": " + stage + " failed inside OpenCV (" + e.err +
                     "); the frames may be corrupt or of an unusual size or format: try re-encoding the clip "
                     "(e.g. to H.264 yuv420p) or scaling it");
  }
}

}  // namespace permanence::cli
