#pragma once
// A batch's output folder: DIR/<shot>/ holds each shot's `run` outputs, DIR/batch.json
// and DIR/batch.txt the summary; the batch's own records are under DIR/.batch/:
//
//   .batch/shots.json          the last shot list given (absolute paths), for --status
//   .batch/shots/NAME.json     the shot's result: status, time, peak memory, error, run summary
//   .batch/shots/NAME.log      what its `run` printed on stderr
//   .batch/shots/NAME.lock     held while the shot runs, by the process that runs it
//   .batch/slurm/N/            the N-th Slurm submission: its shot list, sbatch script, logs
//
// Every record is written to a temporary file and renamed, so a reader (or a
// requeued task) never sees half of one.
#include "shot_list.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace permanence::cli {

class BatchFolder {
 public:
  explicit BatchFolder(const std::filesystem::path& root);

  // Creates the folder and its .batch/; refuses a non-empty folder that is not a
  // batch's, so a batch never clears shot folders it did not make.
  void create() const;
  // Throws InputError unless the folder holds a batch.
  void checkExists() const;

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path internal() const { return root_ / ".batch"; }
  std::filesystem::path shotListFile() const { return internal() / "shots.json"; }
  std::filesystem::path shotOutput(const std::string& shot) const { return root_ / shot; }
  std::filesystem::path resultFile(const std::string& shot) const;
  std::filesystem::path logFile(const std::string& shot) const;
  std::filesystem::path lockFile(const std::string& shot) const;
  std::filesystem::path slurmFolder() const { return internal() / "slurm"; }

  std::optional<nlohmann::json> readResult(const std::string& shot) const;
  void writeResult(const std::string& shot, const nlohmann::json& result) const;
  // The shot ran to the end with this very definition and its outputs are all there.
  bool isComplete(const Shot& shot) const;

 private:
  std::filesystem::path root_;
};

// Now as an ISO 8601 UTC time stamp, for the records.
std::string utcTimestamp();

// Writes `text` to `path` through a temporary file in the same folder and a rename.
void writeFileAtomically(const std::filesystem::path& path, const std::string& text);

// An exclusive flock() on a file, released when the object (and every process that
// inherited the descriptor) is gone.
class FileLock {
 public:
  // wait: block until free; otherwise `locked()` tells whether it was had.
  FileLock(const std::filesystem::path& path, bool wait);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  bool locked() const { return locked_; }
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
  bool locked_ = false;
};

}  // namespace permanence::cli
