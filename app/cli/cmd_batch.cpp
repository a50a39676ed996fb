// permanence-cli batch: many shots, each a `permanence-cli run` of its own.
//
//   batch SHOTS --out DIR [--jobs N]          runs here, N shots at a time
//   batch SHOTS --out DIR --slurm [...] [--wait]   one Slurm array task per shot
//   batch SHOTS --out DIR --shot INDEX        one shot (what a Slurm task runs)
//   batch --status DIR                        the summary, with Slurm's task states
//
// A shot whose outputs are complete is skipped, so running the same batch again
// resumes it. One failing shot never stops the others; the exit code is 1 when a
// shot failed, 130 when the batch was interrupted.
#include "batch_folder.h"
#include "batch_summary.h"
#include "child_process.h"
#include "commands.h"
#include "errors.h"
#include "shot_list.h"
#include "shot_runner.h"
#include "slurm.h"

#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <thread>

namespace fs = std::filesystem;
using nlohmann::json;

namespace permanence::cli {
namespace {

struct BatchArguments {
  std::string shots, out, status;
  int jobs = 1;
  int shot = -1;
  bool slurm = false, wait = false;
  SlurmOptions slurmOptions;
};

int exitCodeFor(const std::vector<ShotRow>& rows) {
  if (terminationSignal()) return 130;
  return allDone(rows) ? 0 : 1;
}

// The summary files, the table on stderr and the summary (with every shot) as one
// JSON line on stdout.
int report(const BatchFolder& folder, const std::vector<ShotRow>& rows, const json& extra) {
  writeSummary(folder, [&] { return rows; });
  std::cerr << summaryTable(rows);
  json summary = {{"command", "batch"}};
  summary.update(extra);
  summary.update(summaryJson(folder, rows));
  summary["summary"] = (folder.root() / "batch.json").string();
  printSummary(summary);
  return exitCodeFor(rows);
}

void announce(const ShotRow& row) {
  if (row.status == "skipped") {
    std::cerr << "batch: " << row.name << ": skipped (done by an earlier batch)" << std::endl;
    return;
  }
  std::cerr << "batch: " << row.name << ": " << row.status;
  if (row.seconds >= 0) std::cerr << " in " << int(row.seconds * 10) / 10.0 << " s";
  if (row.peakMegabytes >= 0) std::cerr << ", peak " << int(row.peakMegabytes) << " MB";
  if (!row.error.empty()) std::cerr << ": " << row.error;
  std::cerr << std::endl;
}

ShotRow skippedRow(const BatchFolder& folder, const Shot& shot) {
  ShotRow row = rowFromResult(shot.name, folder.readResult(shot.name));
  row.status = "skipped";
  return row;
}

// Prepares the folder and keeps the shot list in it, for --status and Slurm tasks.
std::vector<Shot> openBatch(const BatchArguments& args, const BatchFolder& folder) {
  std::vector<Shot> shots = loadShotList(args.shots);
  folder.create();
  writeFileAtomically(folder.shotListFile(), toShotList(shots).dump(2) + "\n");
  return shots;
}

int runLocally(const BatchArguments& args) {
  const BatchFolder folder(args.out);
  const std::vector<Shot> shots = openBatch(args, folder);
  forwardTerminationSignals();
  const ShotRunner runner(folder, thisExecutable());
  std::vector<ShotRow> rows;
  std::vector<size_t> todo;
  for (size_t i = 0; i < shots.size(); ++i) {
    rows.push_back(rowFromResult(shots[i].name, std::nullopt));
    if (folder.isComplete(shots[i])) rows[i] = skippedRow(folder, shots[i]);
    else todo.push_back(i);
  }
  for (const ShotRow& row : rows)
    if (row.status == "skipped") announce(row);

  std::map<pid_t, std::pair<size_t, RunningShot>> running;
  size_t next = 0;
  while (true) {
    while (int(running.size()) < args.jobs && next < todo.size() && !terminationSignal()) {
      const size_t i = todo[next++];
      RunningShot shot;
      switch (runner.start(shots[i], false, shot)) {
        case ShotStart::started: {
          std::cerr << "batch: " << shots[i].name << ": started" << std::endl;
          const pid_t pid = shot.pid;
          running.emplace(pid, std::make_pair(i, std::move(shot)));
          break;
        }
        case ShotStart::busy:
          rows[i].status = "busy";
          rows[i].error = "another process runs this shot now (" + folder.lockFile(shots[i].name).string() + " is locked)";
          announce(rows[i]);
          break;
        case ShotStart::done:
          rows[i] = skippedRow(folder, shots[i]);
          announce(rows[i]);
          break;
      }
    }
    if (running.empty()) break;
    const ChildExit exit = waitChild();
    const auto found = running.find(exit.pid);
    if (found == running.end()) continue;
    auto& [i, shot] = found->second;
    rows[i] = runner.finish(shot, exit);
    announce(rows[i]);
    running.erase(found);
    writeSummary(folder, [&] { return rows; });  // readable while the batch goes on
  }
  return report(folder, rows, {{"mode", "local"}, {"jobs", args.jobs}});
}

std::vector<ShotRow> rowsFromResults(const BatchFolder& folder, const std::vector<Shot>& shots) {
  std::vector<ShotRow> rows;
  for (const Shot& shot : shots) {
    auto result = folder.readResult(shot.name);
    // A result of another definition of the shot tells nothing about this one.
    if (result && result->value("definition", json()) != shot.definition) result.reset();
    rows.push_back(rowFromResult(shot.name, result));
    ShotRow& row = rows.back();
    if (row.status == "ok" && !folder.isComplete(shot)) {
      row.status = "failed";
      row.error = "outputs missing from " + folder.shotOutput(shot.name).string();
    }
    // "running" from a process that is gone (it holds the shot's lock while alive).
    if (row.status == "running" && FileLock(folder.lockFile(shot.name), false).locked()) {
      row.status = "cancelled";
      row.error = "the process running the shot ended before the shot did";
    }
  }
  return rows;
}

int runOneShot(const BatchArguments& args) {
  const BatchFolder folder(args.out);
  const std::vector<Shot> shots = loadShotList(args.shots);
  if (args.shot >= int(shots.size()))
    throw InputError("--shot " + std::to_string(args.shot) + ": " + args.shots + " has " +
                     std::to_string(shots.size()) + " shots (0.." + std::to_string(shots.size() - 1) + ")");
  folder.create();
  forwardTerminationSignals();
  const Shot& shot = shots[size_t(args.shot)];
  const ShotRunner runner(folder, thisExecutable());
  RunningShot running;
  ShotRow row;
  // A task waits for the shot's lock: a requeued task may start while the process
  // of its first attempt still cleans up.
  switch (runner.start(shot, true, running)) {
    case ShotStart::busy: return 130;  // interrupted while waiting for the lock
    case ShotStart::done: row = skippedRow(folder, shot); break;
    case ShotStart::started: row = runner.finish(running, waitChild(running.pid)); break;
  }
  announce(row);
  writeSummary(folder, [&] { return rowsFromResults(folder, shots); });
  if (row.status == "ok" || row.status == "skipped") return 0;
  if (row.status == "cancelled") return 130;
  return row.exitCode > 0 ? row.exitCode : 1;
}

// The rows of --status: each shot's result, and where a Slurm task is still to run
// or running, its state.
std::vector<ShotRow> statusRows(const BatchFolder& folder, const std::vector<Shot>& shots, std::string& source) {
  std::vector<ShotRow> rows = rowsFromResults(folder, shots);
  std::map<std::string, std::pair<std::string, int>> latest;  // shot -> its last job id, array index
  for (const SlurmSubmission& submission : slurmSubmissions(folder))
    for (const auto& [index, name] : submission.tasks) latest[name] = {submission.jobId, index};
  std::map<std::string, std::map<int, SlurmTaskState>> states;  // job id -> index -> state
  for (const auto& [name, task] : latest)
    if (!states.count(task.first)) {
      std::string answered;
      states[task.first] = slurmTaskStates(task.first, answered);
      if (!answered.empty()) source = answered;
    }
  for (ShotRow& row : rows) {
    const auto task = latest.find(row.name);
    if (task == latest.end()) continue;
    const auto& [job, index] = task->second;
    const auto known = states[job].find(index);
    const SlurmTaskState state = known == states[job].end() ? SlurmTaskState{"UNKNOWN", ""} : known->second;
    row.task = job + "_" + std::to_string(index) + " " + state.state;
    if (isActiveState(state.state)) {
      row.status = state.state == "RUNNING" || state.state == "COMPLETING" ? "running" : "pending";
      row.error.clear();
      if (!state.detail.empty()) row.task += " (" + state.detail + ")";  // why it waits
    } else if (row.status == "not run" && state.state != "UNKNOWN") {
      row.status = "failed";
      row.error = "the Slurm task ended " + state.state + (state.detail.empty() ? "" : " (" + state.detail + ")") +
                  " without a result (see its log in " + folder.slurmFolder().string() + ")";
    }
  }
  return rows;
}

int showStatus(const std::string& dir, json summary) {
  const BatchFolder folder(dir);
  folder.checkExists();
  const std::vector<Shot> shots = loadShotList(folder.shotListFile());
  std::string source;
  const std::vector<ShotRow> rows = statusRows(folder, shots, source);
  bool active = false;
  for (const ShotRow& row : rows) active = active || row.status == "pending" || row.status == "running";
  summary["mode"] = "status";
  summary["finished"] = !active;
  if (!source.empty()) summary["slurm_states_from"] = source;
  const int code = report(folder, rows, summary);
  // Shots still to run are not failures yet.
  return code == 1 && active && std::none_of(rows.begin(), rows.end(), [](const ShotRow& r) {
           return r.status == "failed" || r.status == "cancelled";
         }) ? 0 : code;
}

int runOnSlurm(const BatchArguments& args) {
  const BatchFolder folder(args.out);
  const std::vector<Shot> shots = openBatch(args, folder);
  std::vector<int> todo;
  for (size_t i = 0; i < shots.size(); ++i)
    if (!folder.isComplete(shots[i])) todo.push_back(int(i));
  if (todo.empty()) {
    std::cerr << "batch: every shot is done already; nothing submitted" << std::endl;
    return showStatus(args.out, {{"slurm_job", nullptr}});
  }
  const SlurmSubmission submission = submitToSlurm(folder, shots, todo, args.slurmOptions, thisExecutable());
  std::cerr << "batch: submitted Slurm job " << submission.jobId << ": " << todo.size() << " shots";
  if (todo.size() < shots.size()) std::cerr << " (" << shots.size() - todo.size() << " done already)";
  std::cerr << std::endl;
  json summary = {{"slurm_job", submission.jobId}, {"submitted", todo}};
  if (!args.wait) {
    std::cerr << "batch: `permanence-cli batch --status " << folder.root().string() << "` reports" << std::endl;
    showStatus(args.out, summary);
    return 0;  // submitted; what the shots do is for --status to tell
  }
  forwardTerminationSignals();  // Ctrl-C stops the waiting, not the job
  while (!terminationSignal()) {
    std::string source;
    const auto states = slurmTaskStates(submission.jobId, source);
    if (std::none_of(states.begin(), states.end(), [](const auto& s) { return isActiveState(s.second.state); }))
      break;
    std::this_thread::sleep_for(std::chrono::seconds(2));
  }
  return showStatus(args.out, summary);
}

int runBatch(const BatchArguments& args) {
  try {
    if (!args.status.empty()) return showStatus(args.status, json::object());
    if (args.shot >= 0) return runOneShot(args);
    return args.slurm ? runOnSlurm(args) : runLocally(args);
  } catch (const fs::filesystem_error& e) {
    std::cerr << "error: " << e.path1().string() << ": " << e.code().message() << "\n";
    return 3;
  }
}

void registerBatchCommand(CLI::App& app, CommandAction& action) {
  auto* cmd = app.add_subcommand("batch", "run a list of shots, here or as a Slurm job array, resumably");
  auto args = std::make_shared<BatchArguments>();
  cmd->add_option("SHOTS", args->shots, "shot list (JSON, see the README)");
  cmd->add_option("--out", args->out, "batch folder: DIR/<shot>/ per shot, DIR/batch.json and batch.txt");
  cmd->add_option("--jobs", args->jobs, "shots run at once (here)")->check(CLI::Range(1, 64));
  cmd->add_option("--shot", args->shot, "run only the shot with this index (0-based; what a Slurm task runs)")
      ->check(CLI::NonNegativeNumber);
  auto* status = cmd->add_option("--status", args->status, "report the batch in DIR (with its Slurm tasks' states)");
  auto* slurm = cmd->add_flag("--slurm", args->slurm, "submit a Slurm job array, one task per unfinished shot");
  std::vector<CLI::Option*> slurmOnly = {
      cmd->add_option("--partition", args->slurmOptions.partition, "Slurm partition"),
      cmd->add_option("--gres", args->slurmOptions.gres, "Slurm generic resources per task, e.g. gpu:1"),
      cmd->add_option("--time", args->slurmOptions.time, "Slurm time limit per task, e.g. 30 or 1:00:00"),
      cmd->add_option("--array-limit", args->slurmOptions.arrayLimit, "Slurm tasks running at once")
          ->check(CLI::PositiveNumber),
      cmd->add_flag("--wait", args->wait, "wait for the Slurm job to end, then report")};
  for (CLI::Option* option : slurmOnly) option->needs(slurm);
  slurm->excludes("--shot")->excludes("--jobs");
  status->excludes("SHOTS")->excludes("--out")->excludes("--shot")->excludes("--jobs")->excludes(slurm);
  cmd->callback([&action, args] {
    if (args->status.empty() && (args->shots.empty() || args->out.empty()))
      throw CLI::ValidationError("batch", "needs SHOTS and --out DIR (or --status DIR)");
    action = [args] { return runBatch(*args); };
  });
}

const CommandRegistration registration("batch", registerBatchCommand);

}  // namespace
}  // namespace permanence::cli
