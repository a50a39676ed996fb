#include "child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <stdexcept>

namespace permanence::cli {
namespace {

// The children a termination signal is passed on to; the handler may only touch
// lock-free atomics.
constexpr int kMaxChildren = 256;
std::atomic<pid_t> gChildren[kMaxChildren];
std::atomic<int> gSignal{0};

void onTerminationSignal(int signal) {
  gSignal = signal;
  for (auto& child : gChildren) {
    const pid_t pid = child.load();
    if (pid > 0) ::kill(pid, signal);
  }
}

std::map<pid_t, std::chrono::steady_clock::time_point>& startTimes() {
  static std::map<pid_t, std::chrono::steady_clock::time_point> times;
  return times;
}

void track(pid_t pid) {
  for (auto& child : gChildren) {
    pid_t empty = 0;
    if (child.compare_exchange_strong(empty, pid)) return;
  }
  throw std::runtime_error("too many child processes");
}

void untrack(pid_t pid) {
  for (auto& child : gChildren) {
    pid_t expected = pid;
    child.compare_exchange_strong(expected, 0);
  }
}

}  // namespace

std::string readFromStart(int fd) {
  std::string text;
  ::lseek(fd, 0, SEEK_SET);
  char buffer[4096];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, size_t(n));
  return text;
}

std::string thisExecutable() {
  char path[4096];
  const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) throw std::runtime_error(std::string("/proc/self/exe: ") + std::strerror(errno));
  return std::string(path, size_t(n));
}

void forwardTerminationSignals() {
  struct sigaction action {};
  action.sa_handler = onTerminationSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a wait returns to see the signal
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(signal, &action, nullptr);
}

int terminationSignal() { return gSignal.load(); }

pid_t startChild(const std::string& executable, const std::vector<std::string>& args, int stdoutFd, int stderrFd,
                 int keepFd, bool cancellable) {
  // Everything the child needs is made before fork: after it only async-signal-safe calls.
  std::vector<std::string> argvStrings = {executable};
  argvStrings.insert(argvStrings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argvStrings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const int devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = ::getpid();
  const bool onPath = executable.find('/') == std::string::npos;

  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(130);  // the batch died before the line above
    struct sigaction defaults {};
    defaults.sa_handler = SIG_DFL;
    for (int signal : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(signal, &defaults, nullptr);
    ::dup2(devNull, 0);
    ::dup2(stdoutFd, 1);
    ::dup2(stderrFd, 2);
    if (keepFd >= 0) ::fcntl(keepFd, F_SETFD, 0);
    if (onPath) ::execvp(argv[0], argv.data());
    else ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(devNull);
  startTimes()[pid] = std::chrono::steady_clock::now();
  if (!cancellable) return pid;
  track(pid);
  // A signal that came between the caller's last check and track() is passed on now.
  if (const int signal = gSignal.load()) ::kill(pid, signal);
  return pid;
}

ChildExit waitChild(pid_t which) {
  int status = 0;
  struct rusage usage {};
  pid_t pid;
  while ((pid = ::wait4(which, &status, 0, &usage)) < 0)
    if (errno != EINTR) throw std::runtime_error(std::string("wait4: ") + std::strerror(errno));
  untrack(pid);
  ChildExit exit;
  exit.pid = pid;
  if (WIFEXITED(status)) exit.exitCode = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) exit.signal = WTERMSIG(status);
  exit.peakMegabytes = double(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
  const auto started = startTimes().find(pid);
  if (started != startTimes().end()) {
    exit.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started->second).count();
    startTimes().erase(started);
  }
  return exit;
}

CommandOutput runCommand(const std::string& program, const std::vector<std::string>& args) {
  // Anonymous in-memory files rather than pipes: no deadlock whatever the child prints.
  const int out = ::memfd_create("stdout", MFD_CLOEXEC), err = ::memfd_create("stderr", MFD_CLOEXEC);
  if (out < 0 || err < 0) throw std::runtime_error(std::string("memfd_create: ") + std::strerror(errno));
  const ChildExit exit = waitChild(startChild(program, args, out, err, -1, false));
  CommandOutput output;
  output.exitCode = exit.signal ? -1 : exit.exitCode;
  output.out = readFromStart(out);
  output.err = readFromStart(err);
  if (exit.exitCode == 127 && output.err.empty()) output.err = program + ": command not found";
  ::close(out);
  ::close(err);
  return output;
}

std::string signalName(int signal) {
  const char* abbreviation = ::sigabbrev_np(signal);
  return abbreviation ? std::string("SIG") + abbreviation : "signal " + std::to_string(signal);
}

}  // namespace permanence::cli
