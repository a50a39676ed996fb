#pragma once
// The batch's summary: per shot its status, time, peak memory and error line, as
// DIR/batch.json and as the readable table of DIR/batch.txt (also printed on stderr).
#include "batch_folder.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace permanence::cli {

struct ShotRow {
  std::string name;
  // ok, failed, cancelled (interrupted), skipped (done by an earlier batch), busy
  // (being run by another process), not run; from Slurm also pending, running.
  std::string status = "not run";
  double seconds = -1, peakMegabytes = -1;  // -1: unknown
  int exitCode = -1;
  std::string error;  // the shot's error line
  std::string task;   // the Slurm task that ran or runs it: JOB_INDEX STATE
};

// The row of a shot from its result record (none: not run).
ShotRow rowFromResult(const std::string& name, const std::optional<nlohmann::json>& result);

nlohmann::json summaryJson(const BatchFolder& folder, const std::vector<ShotRow>& rows);
std::string summaryTable(const std::vector<ShotRow>& rows);

// Writes DIR/batch.json and DIR/batch.txt with the rows made under a lock: Slurm
// tasks finishing together each write the summary from every shot's result.
void writeSummary(const BatchFolder& folder, const std::function<std::vector<ShotRow>()>& makeRows);

// Whether every shot is ok (or skipped: done before).
bool allDone(const std::vector<ShotRow>& rows);

}  // namespace permanence::cli
