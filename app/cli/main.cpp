// permanence-cli: the command-line front end. Each subcommand lives in its own file
// and drives the same core calls as the GUI.
#include "commands.h"
#include "exit_status.h"
#include "heap_policy.h"
#include "interrupt.h"
#include "media/ffmpeg_log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace {

void setUpLogging(const std::string& level, const std::string& file) {
  std::vector<spdlog::sink_ptr> sinks;
  sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  if (!file.empty()) sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(file));
  auto logger = std::make_shared<spdlog::logger>("permanence", sinks.begin(), sinks.end());
  logger->set_level(spdlog::level::from_str(level));
  spdlog::set_default_logger(logger);
  permanence::setFfmpegLogVerbose(logger->level() <= spdlog::level::debug);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace permanence;
  cli::installInterruptHandling();
  keepLargeAllocationsInHeap();
  CLI::App app{"Permanence: video de-occlusion from the command line"};
  app.require_subcommand(1);
  std::string logLevel = "warn", logFile;
  app.add_option("--log-level", logLevel, "trace, debug, info, warn, error, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  app.add_option("--log-file", logFile, "also write the log to this file");

  cli::CommandAction action;
  auto commands = cli::commandRegistry();
  std::sort(commands.begin(), commands.end(),
            [](const auto& a, const auto& b) { return std::string(a.name) < b.name; });
  for (const auto& command : commands) command.registrar(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? cli::kExitOk : cli::kExitInput;
  } catch (const std::exception& e) {  // a value an option's own check refused
    return cli::reportFailure(e);
  }
  try {
    setUpLogging(logLevel, logFile);
    return action();
  } catch (const std::exception& e) {
    return cli::reportFailure(e);
  }
}
