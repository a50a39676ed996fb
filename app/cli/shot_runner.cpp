#include "shot_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using nlohmann::json;

namespace permanence::cli {
namespace {

std::string hostName() {
  char name[256] = {};
  ::gethostname(name, sizeof name - 1);
  return name;
}

// The line of run's stderr that says what went wrong: its last "error:" line, else
// its last line that is not progress.
std::string errorLine(const fs::path& log) {
  std::ifstream in(log);
  std::string line, lastError, lastOther;
  while (std::getline(in, line)) {
    if (line.rfind("error: ", 0) == 0) lastError = line.substr(7);
    else if (!line.empty() && line.rfind("progress ", 0) != 0) lastOther = line;
  }
  return lastError.empty() ? lastOther : lastError;
}

// The last line of run's stdout: its JSON summary.
json runSummary(const std::string& out) {
  std::istringstream lines(out);
  std::string line, last;
  while (std::getline(lines, line))
    if (!line.empty()) last = line;
  const json summary = json::parse(last, nullptr, false);
  return summary.is_object() ? summary : json();
}

// What a complete shot leaves in DIR/<shot>/, relative to it, from run's summary.
json outputsOf(const json& summary, const Shot& shot, const fs::path& out) {
  json outputs = json::array();
  for (const char* key : {"project", "composite"})
    if (summary.contains(key) && summary[key].is_string())
      outputs.push_back(fs::path(summary[key].get<std::string>()).lexically_relative(out).string());
  for (const ShotObject& object : shot.objects) outputs.push_back("objects/" + object.name);
  return outputs;
}

}  // namespace

std::string slurmTaskId() {
  const char* job = std::getenv("SLURM_ARRAY_JOB_ID");
  const char* task = std::getenv("SLURM_ARRAY_TASK_ID");
  return job && task ? std::string(job) + "_" + task : "";
}

ShotRunner::ShotRunner(const BatchFolder& folder, std::string executable)
    : folder_(folder), executable_(std::move(executable)) {}

ShotStart ShotRunner::start(const Shot& shot, bool wait, RunningShot& running) const {
  auto lock = std::make_unique<FileLock>(folder_.lockFile(shot.name), wait);
  if (!lock->locked()) return ShotStart::busy;
  if (folder_.isComplete(shot)) return ShotStart::done;
  // DIR/<shot>/ is the batch's own: what is there is an unfinished or outdated
  // attempt (a killed run's staging folder too), so the shot starts from nothing.
  const fs::path out = folder_.shotOutput(shot.name);
  fs::remove_all(out);
  fs::create_directories(out);
  folder_.writeResult(shot.name, {{"shot", shot.name},
                                  {"status", "running"},
                                  {"started", utcTimestamp()},
                                  {"host", hostName()},
                                  {"pid", ::getpid()},
                                  {"slurm_task", slurmTaskId()},
                                  {"definition", shot.definition}});
  running.shot = &shot;
  running.stdoutFd = ::memfd_create("run-stdout", MFD_CLOEXEC);
  running.logFd = ::open(folder_.logFile(shot.name).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (running.stdoutFd < 0 || running.logFd < 0)
    throw fs::filesystem_error("cannot open the shot's log", folder_.logFile(shot.name),
                               std::error_code(errno, std::generic_category()));
  running.pid = startChild(executable_, runArguments(shot, out), running.stdoutFd, running.logFd, lock->fd());
  running.lock = std::move(lock);
  return ShotStart::started;
}

ShotRow ShotRunner::finish(RunningShot& running, const ChildExit& exit) const {
  const Shot& shot = *running.shot;
  const json summary = runSummary(readFromStart(running.stdoutFd));
  ::close(running.stdoutFd);
  ::close(running.logFd);
  const fs::path out = folder_.shotOutput(shot.name);
  json result = {{"shot", shot.name},
                 {"exit_code", exit.signal ? json() : json(exit.exitCode)},
                 {"seconds", exit.seconds},
                 {"peak_mb", exit.peakMegabytes},
                 {"host", hostName()},
                 {"slurm_task", slurmTaskId()},
                 {"finished", utcTimestamp()},
                 {"log", folder_.logFile(shot.name).string()},
                 {"command", runArguments(shot, out)},
                 {"definition", shot.definition}};
  std::string status = "failed", error;
  const bool interrupted = exit.exitCode == 130 || (exit.signal && exit.signal == terminationSignal());
  if (exit.exitCode == 0 && summary.is_object()) {
    status = "ok";
    result["summary"] = summary;
    result["outputs"] = outputsOf(summary, shot, out);
  } else if (exit.exitCode == 0) {
    error = "run exited 0 without its JSON summary on stdout";
  } else if (interrupted) {
    status = "cancelled";
    error = "interrupted";
  } else if (exit.signal == SIGKILL) {
    error = "killed by SIGKILL (out of memory, or killed by hand)";
  } else if (exit.signal) {
    error = "crashed: " + signalName(exit.signal);
  } else {
    error = errorLine(folder_.logFile(shot.name));
    if (error.empty()) error = "run exited with code " + std::to_string(exit.exitCode);
  }
  result["status"] = status;
  result["error"] = error;
  folder_.writeResult(shot.name, result);
  running.lock.reset();
  return rowFromResult(shot.name, result);
}

}  // namespace permanence::cli
