#include "interrupt.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

namespace permanence::cli {
namespace {

// How long a cancelled command may take to reach a cancellation point and clean up
// by itself. The slowest step between two checks is one frame of a stage (~0.1 s at
// 720p on 2 cores) or closing an encoder; 10 s leaves room on a loaded machine.
constexpr auto kCancelGrace = std::chrono::seconds(10);

std::atomic<int> caughtSignal{0};

// Never destroyed: the watching thread may use them while the process exits.
std::mutex& cleanupMutex() {
  static auto* mutex = new std::mutex;
  return *mutex;
}
std::vector<fs::path>& cleanupPaths() {
  static auto* paths = new std::vector<fs::path>;
  return *paths;
}

// The handler only writes the signal's number into this pipe (async-signal-safe);
// the watching thread reads it. Any thread may take the signal: libraries start
// threads of their own before main(), so blocking the signals is not enough.
int signalPipe[2] = {-1, -1};

void onSignal(int signal) {
  const unsigned char number = static_cast<unsigned char>(signal);
  [[maybe_unused]] const auto written = ::write(signalPipe[1], &number, 1);
}

[[noreturn]] void endNow() {
  {
    std::lock_guard lock(cleanupMutex());
    for (const fs::path& path : cleanupPaths()) {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  }
  const char message[] = "error: interrupted; the command stopped before its outputs were published\n";
  [[maybe_unused]] const auto written = ::write(STDERR_FILENO, message, sizeof message - 1);
  ::_exit(130);
}

void watchSignals() {
  unsigned char number = 0;
  while (::read(signalPipe[0], &number, 1) != 1)
    if (errno != EINTR) return;
  caughtSignal = number;
  interruptToken()->cancel();
  const int graceMs = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(kCancelGrace).count());
  pollfd second{signalPipe[0], POLLIN, 0};
  ::poll(&second, 1, graceMs);  // a second signal, or the grace period over
  endNow();
}

}  // namespace

void installInterruptHandling() {
  if (::pipe2(signalPipe, O_CLOEXEC) != 0) return;  // no pipe: the signals keep their default action
  struct sigaction action {};
  action.sa_handler = onSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (const int signal : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(signal, &action, nullptr);
  std::thread(watchSignals).detach();
}

const std::shared_ptr<CancelToken>& interruptToken() {
  static const auto* token = new std::shared_ptr<CancelToken>(std::make_shared<CancelToken>());
  return *token;
}

int interruptSignal() { return caughtSignal; }

void removeOnForcedExit(const fs::path& path) {
  std::lock_guard lock(cleanupMutex());
  cleanupPaths().push_back(path);
}

void keepOnForcedExit(const fs::path& path) {
  std::lock_guard lock(cleanupMutex());
  auto& paths = cleanupPaths();
  paths.erase(std::remove(paths.begin(), paths.end(), path), paths.end());
}

}  // namespace permanence::cli
