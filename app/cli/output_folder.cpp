#include "output_folder.h"

#include "errors.h"
#include "interrupt.h"
#include "project/atomic_file.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace fs = std::filesystem;

namespace permanence::cli {
namespace {

const char* const kLockFile = ".permanence.lock";
const char* const kManifestFile = ".permanence-manifest.json";
const std::string kStagingPrefix = ".permanence-staging-";
constexpr int kManifestVersion = 1;

bool samePlace(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  return fs::equivalent(a, b, ec);
}

std::vector<fs::path> homeFolders() {
  std::vector<fs::path> homes;
  if (const char* home = std::getenv("HOME"); home && *home) homes.emplace_back(home);
  if (const passwd* user = ::getpwuid(::getuid()); user && user->pw_dir) homes.emplace_back(user->pw_dir);
  return homes;
}

// The path a user means, or an InputError saying why no user means it.
fs::path checkedPath(const std::string& text, const OutputFolderOptions& options) {
  if (text.empty()) throw InputError(options.option + ": empty path; name the folder to write into");
  const fs::path path = fs::absolute(text).lexically_normal();
  const fs::path clean = path.has_filename() ? path : path.parent_path();
  const std::string shown = options.option + " " + text;
  if (clean == clean.root_path()) throw InputError(shown + ": refusing to write into the root folder");
  for (const fs::path& home : homeFolders())
    if (samePlace(clean, home)) throw InputError(shown + ": refusing to write into the home folder; name a folder in it");
  for (const fs::path& input : options.inputs)
    if (samePlace(clean, input)) throw InputError(shown + ": is also an input (" + input.string() + "); choose another folder");
  std::error_code ec;
  if (fs::exists(clean, ec) && !fs::is_directory(clean, ec)) throw InputError(shown + ": exists and is not a folder");
  return clean;
}

// The outermost folder of `path` that does not exist yet (empty when it exists).
fs::path firstMissing(const fs::path& path) {
  fs::path missing;
  for (fs::path p = path; !p.empty() && p != p.root_path(); p = p.parent_path()) {
    std::error_code ec;
    if (fs::exists(p, ec)) break;
    missing = p;
  }
  return missing;
}

// rename(2) that, unless `replace`, never replaces an existing file (renameat2's
// RENAME_NOREPLACE; checked beforehand on file systems without it).
bool moveFile(const fs::path& from, const fs::path& to, bool replace) {
  if (replace) return ::rename(from.c_str(), to.c_str()) == 0;
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return true;
  if (errno != EINVAL) return false;
  std::error_code ec;
  if (fs::exists(to, ec)) {
    errno = EEXIST;
    return false;
  }
  return ::rename(from.c_str(), to.c_str()) == 0;
}

bool processIsGone(pid_t pid) { return pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH; }

std::string readText(const fs::path& file) {
  std::ifstream in(file);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

OutputFolder::OutputFolder(const std::string& text, OutputFolderOptions options)
    : path_(checkedPath(text, options)), options_(std::move(options)) {
  const fs::path missing = firstMissing(path_);
  std::error_code ec;
  fs::create_directories(path_, ec);
  if (ec) throw IoError(options_.option + " " + text + ": cannot create the folder (" + ec.message() + ")");
  created_ = !missing.empty();
  try {
    takeLock();
    removeStaleStaging();
    staging_ = path_ / (kStagingPrefix + std::to_string(::getpid()));
    fs::create_directory(staging_, ec);
    if (ec) throw IoError(options_.option + " " + text + ": cannot write into the folder (" + ec.message() + ")");
    removeOnForcedExit(staging_);
    removeOnForcedExit(path_ / kLockFile);
  } catch (...) {
    if (lockFd_ >= 0) ::close(lockFd_);
    if (created_) fs::remove_all(missing, ec);
    throw;
  }
  if (created_) createdRoot_ = missing;
}

OutputFolder::~OutputFolder() {
  std::error_code ec;
  if (!staging_.empty()) {
    fs::remove_all(staging_, ec);
    keepOnForcedExit(staging_);
  }
  // The lock file goes while it is still locked: a writer waiting on the old file
  // notices it was unlinked (see takeLock) and locks a fresh one.
  ::unlink((path_ / kLockFile).c_str());
  keepOnForcedExit(path_ / kLockFile);
  if (lockFd_ >= 0) ::close(lockFd_);
  if (!published_ && created_) {
    // Folders this command created and left empty go; anything else in them stays.
    for (fs::path p = path_; !p.empty(); p = p.parent_path()) {
      if (!fs::is_empty(p, ec) || ec) break;
      fs::remove(p, ec);
      if (p == createdRoot_) break;
    }
  }
}

void OutputFolder::takeLock() {
  const fs::path lockPath = path_ / kLockFile;
  for (;;) {
    const int fd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      throw IoError(options_.option + " " + path_.string() + ": cannot write into the folder (" +
                    std::strerror(errno) + ")");
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      ::close(fd);
      if (error != EWOULDBLOCK) throw IoError(lockPath.string() + ": cannot lock (" + std::strerror(error) + ")");
      std::string owner = readText(lockPath);
      while (!owner.empty() && std::isspace(static_cast<unsigned char>(owner.back()))) owner.pop_back();
      throw InputError(path_.string() + ": another permanence-cli command" + (owner.empty() ? "" : " (pid " + owner + ")") +
                       " is writing into this folder; wait for it to finish or choose another " + options_.option);
    }
    // The holder before us may have unlinked the file after we opened it: then our
    // lock is on a file nobody else sees, so start again with the one on disk.
    struct stat opened {}, onDisk {};
    if (::fstat(fd, &opened) == 0 && ::stat(lockPath.c_str(), &onDisk) == 0 && opened.st_ino == onDisk.st_ino &&
        opened.st_dev == onDisk.st_dev) {
      const std::string pid = std::to_string(::getpid()) + "\n";
      if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size()))
        spdlog::debug("{}: cannot record the pid ({})", lockPath.string(), std::strerror(errno));
      lockFd_ = fd;
      return;
    }
    ::close(fd);
  }
}

void OutputFolder::removeStaleStaging() const {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(path_, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kStagingPrefix, 0) != 0) continue;
    const pid_t pid = static_cast<pid_t>(std::atoll(name.c_str() + kStagingPrefix.size()));
    if (!processIsGone(pid)) continue;
    spdlog::info("{}: removing the staging folder of an interrupted command (pid {})", path_.string(), pid);
    fs::remove_all(entry.path(), ec);
  }
}

void OutputFolder::refuseExisting(const std::vector<std::string>& relativePaths) const {
  if (options_.force) return;
  for (const std::string& relative : relativePaths) {
    std::error_code ec;
    if (fs::exists(path_ / relative, ec))
      throw InputError((path_ / relative).string() + ": exists already (use --force to replace it)");
  }
}

std::set<std::string> OutputFolder::stagedFiles() const {
  std::set<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(staging_))
    if (!entry.is_directory()) files.insert(entry.path().lexically_relative(staging_).string());
  return files;
}

void OutputFolder::publish() {
  const std::set<std::string> files = stagedFiles();
  for (const std::string& file : files) {
    std::error_code ec;
    const fs::path target = path_ / file;
    if (fs::is_directory(target, ec)) throw InputError(target.string() + ": is a folder, where a file is to be written");
    if (!options_.force && fs::exists(target, ec))
      throw InputError(target.string() + ": exists already (use --force to replace it)");
  }

  nlohmann::json manifest = {{"version", kManifestVersion}, {"written", nlohmann::json::object()}};
  const fs::path manifestPath = path_ / kManifestFile;
  if (fs::exists(manifestPath)) {
    try {
      manifest = nlohmann::json::parse(readText(manifestPath));
      if (!manifest.contains("written") || !manifest["written"].is_object()) throw std::invalid_argument("no 'written'");
    } catch (const std::exception& e) {
      spdlog::warn("{}: unreadable ({}); starting a new one", manifestPath.string(), e.what());
      manifest = {{"version", kManifestVersion}, {"written", nlohmann::json::object()}};
    }
  }
  std::set<std::string> previous;
  for (const auto& name : manifest["written"].value(options_.command, nlohmann::json::array()))
    if (name.is_string()) previous.insert(name.get<std::string>());

  for (const std::string& file : files) {
    const fs::path target = path_ / file;
    fs::create_directories(target.parent_path());
    // Without --force no file is replaced, even one that appeared since the check.
    if (!moveFile(staging_ / file, target, options_.force))
      throw IoError(target.string() + ": cannot move into place (" + std::strerror(errno) + ")");
  }
  std::set<std::string> written = files;
  for (const std::string& old : previous) {
    if (files.count(old)) continue;
    if (!options_.force) {
      written.insert(old);  // still there, still ours
      continue;
    }
    std::error_code ec;
    const fs::path stale = path_ / old;
    if (fs::is_regular_file(stale, ec)) fs::remove(stale, ec);
    for (fs::path dir = stale.parent_path(); dir != path_ && fs::is_empty(dir, ec) && !ec; dir = dir.parent_path())
      fs::remove(dir, ec);
  }
  manifest["written"][options_.command] = written;
  writeFileAtomically(manifestPath, manifest.dump(1) + "\n");
  published_ = true;
}

std::vector<std::string> sequenceEntries(const std::vector<std::string>& frameNames, int samples) {
  std::vector<std::string> entries;
  for (const std::string& name : frameNames) entries.push_back(name + ".png");
  if (samples > 1)
    for (int k = 1; k <= samples; ++k) entries.push_back("sample_" + std::to_string(k));
  return entries;
}

}  // namespace permanence::cli
