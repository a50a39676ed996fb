#pragma once
// Child processes for the batch: each shot is its own `permanence-cli run`, so a
// crash or a memory blow-up of one shot never takes the others down; wait4()
// gives each one's peak memory. SIGINT, SIGTERM and SIGHUP sent to the batch are
// passed on to its children (which then clean up their staging) and stop new ones
// from starting.
#include <sys/types.h>

#include <string>
#include <vector>

namespace permanence::cli {

struct ChildExit {
  pid_t pid = -1;
  int exitCode = -1;  // when it exited
  int signal = 0;     // when a signal ended it
  double seconds = 0;
  double peakMegabytes = 0;  // the child's maximum resident set size
};

// The absolute path of the running executable, so a batch runs its shots (and
// Slurm runs its tasks) with the very same permanence-cli.
std::string thisExecutable();

// Installs the handlers that pass termination signals on to the children.
void forwardTerminationSignals();
// The termination signal received, or 0.
int terminationSignal();

// Starts `executable` with `args` (argv[1]...), stdin from /dev/null, stdout and
// stderr on the given descriptors. The child gets SIGTERM if this process dies, so
// a killed batch leaves no shot running unwatched. `keepFd` (or -1) stays open in
// the child: a lock that lasts as long as the child. A `cancellable` child gets the
// termination signals the batch receives (at once if one came already).
pid_t startChild(const std::string& executable, const std::vector<std::string>& args, int stdoutFd, int stderrFd,
                 int keepFd = -1, bool cancellable = true);

// Waits for the child `pid` (-1: any child) started by startChild to end; signals
// received meanwhile are passed on. Its time runs from its start.
ChildExit waitChild(pid_t pid = -1);

// What a child wrote into the file `fd` (e.g. a memfd given as its stdout).
std::string readFromStart(int fd);

struct CommandOutput {
  int exitCode = -1;  // -1 when it could not run or a signal ended it
  std::string out, err;
};

// Runs a command found on PATH (sbatch, squeue...) and returns what it printed. It
// is not cancellable: the report after a Ctrl-C still gets its answers.
CommandOutput runCommand(const std::string& program, const std::vector<std::string>& args);

// "SIGKILL" for 9...
std::string signalName(int signal);

}  // namespace permanence::cli
