#pragma once
// The folder a command writes into (--out), handled so that no command loses a file
// the user had:
// - it must be a place a user may mean: not empty, not /, not the home folder, not a
//   folder the command reads from;
// - a lock file in it makes a second writer fail at once;
// - everything is built in a hidden staging folder inside it and published entry by
//   entry when complete: entries the command does not write stay untouched, and an
//   existing entry of the same name is replaced only with --force;
// - a manifest remembers what each command published, so that with --force a file a
//   previous run of the same command wrote (a mask of a longer clip) goes too, while
//   files of the user or of other commands stay;
// - staging folders of processes that are gone are removed when the folder is opened.
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace permanence::cli {

struct OutputFolderOptions {
  std::string command;                             // "track", "amodal"...: keys the manifest
  std::string option = "--out";                    // named in messages
  bool force = false;                              // replace existing entries of the same name
  std::vector<std::filesystem::path> inputs;       // folders the command reads: never an output
};

class OutputFolder {
 public:
  // Checks the path, creates the folder (removed again if the command fails and
  // nothing else is in it), takes the lock and makes the staging folder. Throws
  // InputError for a path no user means, IoError when it cannot be written.
  OutputFolder(const std::string& path, OutputFolderOptions options);
  // Unless published: removes the staging folder (and the folder itself if this
  // command created it and it is empty); always releases the lock.
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Where the command writes; the same relative names end up in path().
  const std::filesystem::path& staging() const { return staging_; }

  // Refuses (InputError naming the first) when any of these entries, relative to
  // path(), exists already and --force was not given. Called before any work.
  void refuseExisting(const std::vector<std::string>& relativePaths) const;

  // Moves every staged file into place, then removes the staging folder. Files of a
  // previous publication by the same command that this one did not write are
  // removed when --force was given.
  void publish();

 private:
  void takeLock();
  void removeStaleStaging() const;
  std::set<std::string> stagedFiles() const;

  std::filesystem::path path_;
  std::filesystem::path staging_;
  OutputFolderOptions options_;
  bool created_ = false;           // this command created path_ (and createdRoot_ with it)
  std::filesystem::path createdRoot_;
  bool published_ = false;
  int lockFd_ = -1;
};

// Relative names of the mask or layer files a command writes for these frames: NAME.png
// for each frame, and sample_k/NAME.png for k = 1..samples when samples > 1.
std::vector<std::string> sequenceEntries(const std::vector<std::string>& frameNames, int samples);

}  // namespace permanence::cli
