#include "project/atomic_file.h"

#include "errors.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace permanence {
namespace {

[[noreturn]] void failWith(const std::filesystem::path& path, const std::string& what, int error) {
  throw IoError(path.string() + ": " + what + " (" + std::strerror(error) + ")");
}

}  // namespace

void writeFileAtomically(const std::filesystem::path& path, const std::string& contents) {
  std::random_device rd;
  const std::filesystem::path temp =
      path.parent_path() / ("." + path.filename().string() + ".tmp-" + std::to_string(rd()));
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) failWith(path, "cannot save", errno);
  const char* data = contents.data();
  std::size_t left = contents.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = n < 0 ? errno : ENOSPC;
      ::close(fd);
      ::unlink(temp.c_str());
      failWith(path, "cannot save", error);
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    failWith(path, "cannot save", error);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    failWith(path, "cannot save", error);
  }
  // Persist the rename itself.
  const std::string dir = path.parent_path().empty() ? "." : path.parent_path().string();
  const int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirFd >= 0) {
    ::fsync(dirFd);
    ::close(dirFd);
  }
}

}  // namespace permanence
