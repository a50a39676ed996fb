#include "slurm.h"

#include "child_process.h"
#include "errors.h"

#include <cctype>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using nlohmann::json;

namespace permanence::cli {
namespace {

std::string shellQuoted(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// #SBATCH lines are split on white space by sbatch, with no quoting to rely on.
void checkNoWhiteSpace(const std::string& what, const std::string& text) {
  if (text.find_first_of(" \t\n'\"") != std::string::npos)
    throw InputError("--slurm: " + what + " '" + text + "' must not contain spaces or quotes (sbatch reads it from an #SBATCH line)");
}

std::string arraySpec(const std::vector<int>& indices, int limit) {
  std::string spec;
  for (int index : indices) spec += (spec.empty() ? "" : ",") + std::to_string(index);
  return limit > 0 ? spec + "%" + std::to_string(limit) : spec;
}

fs::path submissionsFile(const BatchFolder& folder) { return folder.slurmFolder() / "submissions.json"; }

json readSubmissions(const BatchFolder& folder) {
  std::ifstream in(submissionsFile(folder));
  const json list = in ? json::parse(in, nullptr, false) : json::array();
  return list.is_array() ? list : json::array();
}

std::string script(const BatchFolder& folder, const fs::path& submission, const std::vector<int>& indices,
                   const SlurmOptions& options, const std::string& executable) {
  std::ostringstream s;
  s << "#!/bin/bash\n"
    << "# Written by permanence-cli batch --slurm: one array task per shot of shots.json\n"
    << "# (its index there); `permanence-cli batch --status " << folder.root().string() << "` reports.\n"
    << "#SBATCH --job-name=permanence-batch\n"
    << "#SBATCH --array=" << arraySpec(indices, options.arrayLimit) << "\n"
    << "#SBATCH --requeue\n"
    << "#SBATCH --open-mode=append\n"
    << "#SBATCH --chdir=" << folder.root().string() << "\n"
    << "#SBATCH --output=" << (submission / "task-%A_%a.log").string() << "\n";
  if (!options.partition.empty()) s << "#SBATCH --partition=" << options.partition << "\n";
  if (!options.gres.empty()) s << "#SBATCH --gres=" << options.gres << "\n";
  if (!options.time.empty()) s << "#SBATCH --time=" << options.time << "\n";
  // exec: Slurm's signals (pre-emption, scancel, time limit) reach the batch itself,
  // which passes them on to the shot's run.
  s << "exec " << shellQuoted(executable) << " batch " << shellQuoted((submission / "shots.json").string())
    << " --out " << shellQuoted(folder.root().string()) << " --shot \"$SLURM_ARRAY_TASK_ID\"\n";
  return s.str();
}

std::string trimmed(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

std::string firstLine(const std::string& text) { return trimmed(text.substr(0, text.find('\n'))); }

// Lines "INDEX|STATE|DETAIL" from squeue, "JOBID|STATE|DETAIL" from sacct, where
// JOBID is JOB_INDEX or JOB_[RANGES] and a state may read "CANCELLED by 0".
std::map<int, SlurmTaskState> parseStates(const std::string& out, const std::string& jobId, bool jobIdColumn) {
  std::map<int, SlurmTaskState> states;
  std::istringstream lines(out);
  const std::regex taskId(jobId + "_(\\d+)");  // not JOB_INDEX.batch: steps
  const std::regex pendingTasks(jobId + "_\\[([-0-9,%]+)\\]");
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> fields;
    std::stringstream cells(line);
    for (std::string cell; std::getline(cells, cell, '|');) fields.push_back(trimmed(cell));
    if (fields.size() < 3) continue;
    SlurmTaskState state{fields[1].substr(0, fields[1].find(' ')), fields[2]};
    if (jobIdColumn) state.detail = isActiveState(state.state) ? "" : "exit " + state.detail;  // sacct's ExitCode
    else if (state.detail == "None") state.detail.clear();  // squeue's reason
    std::smatch match;
    if (!jobIdColumn) {
      if (!fields[0].empty() && std::isdigit(static_cast<unsigned char>(fields[0][0])))
        states[std::stoi(fields[0])] = state;
    } else if (std::regex_match(fields[0], match, taskId)) {
      states[std::stoi(match[1])] = state;
    } else if (std::regex_match(fields[0], match, pendingTasks)) {
      // sacct shows the tasks still pending as one line: JOB_[0,2-5%4].
      std::stringstream ranges(match[1].str().substr(0, match[1].str().find('%')));
      for (std::string range; std::getline(ranges, range, ',');) {
        const size_t dash = range.find('-');
        const int first = std::stoi(range), last = dash == std::string::npos ? first : std::stoi(range.substr(dash + 1));
        for (int index = first; index <= last; ++index) states[index] = state;
      }
    }
  }
  return states;
}

}  // namespace

SlurmSubmission submitToSlurm(const BatchFolder& folder, const std::vector<Shot>& shots,
                              const std::vector<int>& indices, const SlurmOptions& options,
                              const std::string& executable) {
  checkNoWhiteSpace("the batch folder", folder.root().string());
  for (const std::string* option : {&options.partition, &options.gres, &options.time})
    checkNoWhiteSpace("option", *option);
  json submissions = readSubmissions(folder);
  SlurmSubmission submission;
  submission.number = int(submissions.size()) + 1;
  fs::path dir = folder.slurmFolder() / std::to_string(submission.number);
  while (!fs::create_directories(dir)) dir = folder.slurmFolder() / std::to_string(++submission.number);

  writeFileAtomically(dir / "shots.json", toShotList(shots).dump(2) + "\n");
  writeFileAtomically(dir / "batch.sbatch", script(folder, dir, indices, options, executable));
  const CommandOutput sbatch = runCommand("sbatch", {"--parsable", (dir / "batch.sbatch").string()});
  if (sbatch.exitCode != 0) {
    std::error_code ec;
    fs::remove_all(dir, ec);  // nothing was submitted
    throw InputError("sbatch " + (dir / "batch.sbatch").string() + " failed: " +
                     firstLine(sbatch.err.empty() ? sbatch.out : sbatch.err));
  }
  // --parsable prints "JOBID" or "JOBID;CLUSTER".
  submission.jobId = firstLine(sbatch.out).substr(0, firstLine(sbatch.out).find(';'));
  if (!std::regex_match(submission.jobId, std::regex(R"(\d+)")))
    throw InputError("sbatch answered '" + firstLine(sbatch.out) + "', not a job id");

  json tasks = json::object();
  for (int index : indices) {
    submission.tasks[index] = shots[size_t(index)].name;
    tasks[std::to_string(index)] = shots[size_t(index)].name;
  }
  submissions.push_back({{"number", submission.number},
                         {"job_id", submission.jobId},
                         {"submitted", utcTimestamp()},
                         {"folder", dir.string()},
                         {"tasks", tasks}});
  writeFileAtomically(submissionsFile(folder), submissions.dump(2) + "\n");
  return submission;
}

std::vector<SlurmSubmission> slurmSubmissions(const BatchFolder& folder) {
  std::vector<SlurmSubmission> list;
  for (const json& entry : readSubmissions(folder)) {
    SlurmSubmission submission;
    submission.number = entry.value("number", 0);
    submission.jobId = entry.value("job_id", "");
    const json tasks = entry.value("tasks", json::object());
    for (const auto& [index, name] : tasks.items())
      submission.tasks[std::stoi(index)] = name.get<std::string>();
    list.push_back(submission);
  }
  return list;
}

std::map<int, SlurmTaskState> slurmTaskStates(const std::string& jobId, std::string& source) {
  const CommandOutput sacct =
      runCommand("sacct", {"--jobs=" + jobId, "--allocations", "--noheader", "--parsable2",
                           "--format=JobID,State,ExitCode"});
  if (sacct.exitCode == 0) {
    source = "sacct";
    auto states = parseStates(sacct.out, jobId, true);
    if (!states.empty()) return states;
  }
  // No accounting (sacct: "Slurm accounting storage is disabled"), or not there yet.
  const CommandOutput squeue = runCommand(
      "squeue", {"--jobs=" + jobId, "--array", "--states=all", "--noheader", "--format=%K|%T|%r"});
  source = squeue.exitCode == 0 ? "squeue" : "";
  return squeue.exitCode == 0 ? parseStates(squeue.out, jobId, false) : std::map<int, SlurmTaskState>{};
}

bool isActiveState(const std::string& state) {
  static const std::set<std::string> active = {"PENDING",  "CONFIGURING", "RUNNING",      "COMPLETING", "REQUEUED",
                                               "REQUEUE_HOLD", "REQUEUE_FED", "RESIZING", "SUSPENDED",  "SIGNALING",
                                               "STAGE_OUT", "STOPPED",   "RESV_DEL_HOLD"};
  return active.count(state) > 0;
}

}  // namespace permanence::cli
