#pragma once
// SIGINT, SIGTERM and SIGHUP cancel the running command instead of killing it, so
// it can remove its staging folder and exit 130. A handler passes the signal to a
// thread of its own, which cancels the token every job of the command polls. A
// second signal, or a job that does not reach a cancellation point within
// kCancelGrace, removes the registered staging folders and ends the process at once.
#include "jobs/job.h"

#include <filesystem>
#include <memory>

namespace permanence::cli {

// Installs the handlers and starts the watching thread. Call first in main().
void installInterruptHandling();

// The token the signals cancel: every job of the command runs with it.
const std::shared_ptr<CancelToken>& interruptToken();

// The signal that cancelled the command (SIGINT...), 0 when none.
int interruptSignal();

// Paths (staging folders, lock files) removed when the process has to end without
// unwinding; keepOnForcedExit takes one back once its owner has dealt with it.
void removeOnForcedExit(const std::filesystem::path& path);
void keepOnForcedExit(const std::filesystem::path& path);

}  // namespace permanence::cli
