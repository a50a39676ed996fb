#include "test_paths.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <sys/wait.h>

namespace fs = std::filesystem;

namespace permanence::test {

fs::path sharedDir() {
  if (const char* env = std::getenv("PERMANENCE_SHARED_DIR")) return env;
  const fs::path candidate = fs::path(PERMANENCE_SOURCE_DIR) / ".." / "shared";
  return fs::exists(candidate / "data") ? fs::weakly_canonical(candidate) : fs::path();
}

std::string cliPath() { return PERMANENCE_CLI_PATH; }

TempDir::TempDir() {
  std::random_device rd;
  path_ = fs::temp_directory_path() / ("permanence-test-" + std::to_string(rd()) + std::to_string(rd()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

namespace {
std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

CommandResult runCommand(const std::string& commandLine) {
  TempDir scratch;
  const fs::path out = scratch.path() / "out", err = scratch.path() / "err";
  const std::string full = commandLine + " >" + out.string() + " 2>" + err.string() + " </dev/null";
  const int status = std::system(full.c_str());
  CommandResult result;
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = slurp(out);
  result.err = slurp(err);
  return result;
}

}  // namespace permanence::test
