#pragma once
// One shot of a batch as a child `permanence-cli run`: started into a clean
// DIR/<shot>/, its stderr kept in the shot's log, and, when it ends, its result
// recorded (status, time, peak memory, error line, run's summary, the outputs).
#include "batch_folder.h"
#include "batch_summary.h"
#include "child_process.h"

#include <memory>
#include <optional>

namespace permanence::cli {

struct RunningShot {
  const Shot* shot = nullptr;
  pid_t pid = -1;
  std::unique_ptr<FileLock> lock;  // held until the child is gone
  int stdoutFd = -1;               // run's summary line
  int logFd = -1;
};

enum class ShotStart { started, busy, done };

class ShotRunner {
 public:
  ShotRunner(const BatchFolder& folder, std::string executable);

  // Takes the shot's lock (waiting for it when `wait`; else `busy` when another
  // process runs it), re-checks that it is not done (`done`), clears what an
  // unfinished attempt left in DIR/<shot>/ and starts `run`.
  ShotStart start(const Shot& shot, bool wait, RunningShot& running) const;

  // Records the result of the ended child and returns its row.
  ShotRow finish(RunningShot& running, const ChildExit& exit) const;

 private:
  const BatchFolder& folder_;
  std::string executable_;
};

// "JOBID_INDEX" when this process is a task of a Slurm job array, else empty.
std::string slurmTaskId();

}  // namespace permanence::cli
