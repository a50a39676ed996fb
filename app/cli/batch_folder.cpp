#include "batch_folder.h"

#include "errors.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using nlohmann::json;

namespace permanence::cli {

BatchFolder::BatchFolder(const fs::path& root) : root_(fs::absolute(root).lexically_normal()) {
  if (root_.has_filename() == false) root_ = root_.parent_path();  // "out/" -> "out"
}

void BatchFolder::create() const {
  if (fs::exists(root_) && !fs::is_directory(root_)) throw InputError(root_.string() + ": not a folder");
  if (fs::is_directory(root_) && !fs::is_empty(root_) && !fs::is_directory(internal()))
    throw InputError(root_.string() + ": the folder holds files of something other than a batch (no .batch/ in it)");
  fs::create_directories(internal() / "shots");
  if (::access(internal().c_str(), W_OK) != 0) throw InputError(root_.string() + ": not writable");
}

void BatchFolder::checkExists() const {
  if (!fs::is_regular_file(shotListFile()))
    throw InputError(root_.string() + ": not a batch folder (no .batch/shots.json)");
}

fs::path BatchFolder::resultFile(const std::string& shot) const { return internal() / "shots" / (shot + ".json"); }
fs::path BatchFolder::logFile(const std::string& shot) const { return internal() / "shots" / (shot + ".log"); }
fs::path BatchFolder::lockFile(const std::string& shot) const { return internal() / "shots" / (shot + ".lock"); }

std::optional<json> BatchFolder::readResult(const std::string& shot) const {
  std::ifstream in(resultFile(shot));
  if (!in) return std::nullopt;
  const json result = json::parse(in, nullptr, false);
  if (result.is_discarded() || !result.is_object()) return std::nullopt;
  return result;
}

void BatchFolder::writeResult(const std::string& shot, const json& result) const {
  writeFileAtomically(resultFile(shot), result.dump(2) + "\n");
}

bool BatchFolder::isComplete(const Shot& shot) const {
  const auto result = readResult(shot.name);
  if (!result || result->value("status", "") != "ok" || result->value("definition", json()) != shot.definition)
    return false;
  const json outputs = result->value("outputs", json::array());
  if (!outputs.is_array() || outputs.empty()) return false;
  for (const json& output : outputs)
    if (!output.is_string() || !fs::exists(shotOutput(shot.name) / output.get<std::string>())) return false;
  return true;
}

std::string utcTimestamp() {
  const std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

void writeFileAtomically(const fs::path& path, const std::string& text) {
  const fs::path temporary = path.parent_path() / ("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()));
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(temporary, ec);
      throw fs::filesystem_error("cannot write", temporary, std::make_error_code(std::errc::io_error));
    }
  }
  fs::rename(temporary, path);
}

FileLock::FileLock(const fs::path& path, bool wait) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw fs::filesystem_error("cannot open the lock", path, std::error_code(errno, std::generic_category()));
  // A termination signal interrupts a waiting flock(): then the lock is not had.
  locked_ = ::flock(fd_, LOCK_EX | (wait ? 0 : LOCK_NB)) == 0;
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace permanence::cli
