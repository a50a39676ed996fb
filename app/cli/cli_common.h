#pragma once
// Shared pieces of permanence-cli subcommands: progress on stderr, the one-line
// JSON summary on stdout, and the registration signature of every subcommand.
#include "jobs/job.h"
#include "media/frame_source.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace permanence::cli {

// A subcommand adds itself to the app and sets the action to run when chosen.
// The action returns the process exit code; it may throw InputError (exit 1).
using CommandAction = std::function<int()>;
using CommandRegistrar = std::function<void(CLI::App& app, CommandAction& action)>;

// Progress on stderr: a bar with ETA when stderr is a terminal, plain lines
// (at most one per second, plus the last) otherwise.
class ProgressPrinter {
 public:
  ProgressPrinter();
  void operator()(const Progress& progress);
  // Ends the bar's line on a terminal.
  void finish();
  ProgressCallback callback();

 private:
  bool terminal_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point lastPrint_;
  bool printed_ = false;
  std::string lastLabel_;
};

// Copies the frames of FOLDER/SAMPLE/ into FOLDER/, where DESIGN.md's contract
// puts the best-ranked sample.
void copyBestSample(const std::string& folder, const std::string& sample);

// Prints the summary as one line of JSON on stdout.
void printSummary(const nlohmann::json& summary);

}  // namespace permanence::cli
