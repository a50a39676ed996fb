#pragma once
// A batch on Slurm: one job array per submission, one task per unfinished shot,
// each task running `permanence-cli batch SHOTS --out DIR --shot INDEX` on the
// submission's own copy of the shot list. Retries are Slurm's (--requeue): a
// requeued task finds its shot unfinished (run publishes only complete outputs) and
// runs it again. The folder and the executable must be on a file system that the
// nodes share.
#include "batch_folder.h"
#include "shot_list.h"

#include <map>
#include <string>
#include <vector>

namespace permanence::cli {

struct SlurmOptions {
  std::string partition, gres, time;  // empty: the cluster's default
  int arrayLimit = 0;                 // tasks running at once; 0: no limit
};

struct SlurmSubmission {
  int number = 0;                    // DIR/.batch/slurm/NUMBER/
  std::string jobId;                 // the array job's id
  std::map<int, std::string> tasks;  // array index -> shot name
};

// Writes DIR/.batch/slurm/N/{shots.json,batch.sbatch}, submits it with sbatch and
// records the submission. Throws InputError when sbatch fails (its message included).
SlurmSubmission submitToSlurm(const BatchFolder& folder, const std::vector<Shot>& shots,
                              const std::vector<int>& indices, const SlurmOptions& options,
                              const std::string& executable);

// Every submission recorded in the folder, oldest first.
std::vector<SlurmSubmission> slurmSubmissions(const BatchFolder& folder);

struct SlurmTaskState {
  std::string state;  // Slurm's word: PENDING, RUNNING, COMPLETED, FAILED, CANCELLED...
  std::string detail;  // "exit CODE:SIGNAL" of an ended task (sacct), or the reason it waits (squeue)
};

// The states of a job's array tasks, by index: from sacct, or, where the cluster
// keeps no accounting, from squeue (which knows finished jobs for MinJobAge).
// `source` says which answered ("sacct", "squeue", or "" when neither knew the job).
std::map<int, SlurmTaskState> slurmTaskStates(const std::string& jobId, std::string& source);

// PENDING, RUNNING, REQUEUED... : the task will still run or runs.
bool isActiveState(const std::string& state);

}  // namespace permanence::cli
