#include "batch_summary.h"

#include <algorithm>
#include <cstdio>
#include <map>

using nlohmann::json;

namespace permanence::cli {
namespace {

std::string cell(double value, const char* format) {
  if (value < 0) return "-";
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

// A number of the record, or `fallback` where it is absent or null.
double number(const json& record, const char* key, double fallback) {
  return record.contains(key) && record[key].is_number() ? record[key].get<double>() : fallback;
}

}  // namespace

ShotRow rowFromResult(const std::string& name, const std::optional<json>& result) {
  ShotRow row;
  row.name = name;
  if (!result) return row;
  row.status = result->value("status", "not run");
  row.seconds = number(*result, "seconds", -1);
  row.peakMegabytes = number(*result, "peak_mb", -1);
  row.exitCode = int(number(*result, "exit_code", -1));
  row.error = result->value("error", "");
  return row;
}

json summaryJson(const BatchFolder& folder, const std::vector<ShotRow>& rows) {
  json shots = json::array();
  std::map<std::string, int> counts;
  for (const ShotRow& row : rows) {
    json shot = {{"name", row.name},
                 {"status", row.status},
                 {"outputs", folder.shotOutput(row.name).string()},
                 {"seconds", row.seconds < 0 ? json() : json(row.seconds)},
                 {"peak_mb", row.peakMegabytes < 0 ? json() : json(row.peakMegabytes)},
                 {"exit_code", row.exitCode < 0 ? json() : json(row.exitCode)},
                 {"error", row.error}};
    if (!row.task.empty()) shot["slurm_task"] = row.task;
    shots.push_back(shot);
    ++counts[row.status];
  }
  return {{"version", 1}, {"out", folder.root().string()}, {"updated", utcTimestamp()}, {"counts", counts}, {"shots", shots}};
}

std::string summaryTable(const std::vector<ShotRow>& rows) {
  size_t nameWidth = 4, statusWidth = 6, taskWidth = 0;
  for (const ShotRow& row : rows) {
    nameWidth = std::max(nameWidth, row.name.size());
    statusWidth = std::max(statusWidth, row.status.size());
    taskWidth = std::max(taskWidth, row.task.size());
  }
  const bool anyTask = taskWidth > 0;
  taskWidth = std::max<size_t>(taskWidth, 10);
  const auto line = [&](const std::string& name, const std::string& status, const std::string& seconds,
                        const std::string& memory, const std::string& task, const std::string& error) {
    char text[512];
    std::snprintf(text, sizeof text, "%-*s  %-*s  %8s  %8s  ", int(nameWidth), name.c_str(), int(statusWidth),
                  status.c_str(), seconds.c_str(), memory.c_str());
    std::string out = text;
    if (anyTask) {
      std::snprintf(text, sizeof text, "%-*s  ", int(taskWidth), task.c_str());
      out += text;
    }
    out += error;
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string table = line("shot", "status", "seconds", "peak MB", "slurm task", "error");
  for (const ShotRow& row : rows)
    table += line(row.name, row.status, cell(row.seconds, "%.1f"), cell(row.peakMegabytes, "%.0f"), row.task, row.error);
  return table;
}

void writeSummary(const BatchFolder& folder, const std::function<std::vector<ShotRow>()>& makeRows) {
  const FileLock lock(folder.internal() / "summary.lock", true);
  const std::vector<ShotRow> rows = makeRows();
  writeFileAtomically(folder.root() / "batch.json", summaryJson(folder, rows).dump(2) + "\n");
  writeFileAtomically(folder.root() / "batch.txt", summaryTable(rows));
}

bool allDone(const std::vector<ShotRow>& rows) {
  for (const ShotRow& row : rows)
    if (row.status != "ok" && row.status != "skipped") return false;
  return true;
}

}  // namespace permanence::cli
