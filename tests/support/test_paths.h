#pragma once
// Where tests find the repository, the shared data and the CLI, and a scratch folder
// per test that is removed afterwards.
#include <filesystem>
#include <string>

namespace permanence::test {

// ../shared next to the repository, or $PERMANENCE_SHARED_DIR; empty when absent.
std::filesystem::path sharedDir();

// The built permanence-cli executable.
std::string cliPath();

// A fresh empty folder, removed when the object goes out of scope.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exitCode = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs a shell command line, capturing stdout and stderr.
CommandResult runCommand(const std::string& commandLine);

}  // namespace permanence::test
