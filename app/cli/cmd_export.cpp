// permanence-cli export: renders a saved project (made by `run` or saved by the
// editor) as its export settings say: the composite, the per-object layers and masks
// it asks for and, with --exr, OpenEXR sequences for compositors. Everything goes
// into --out (by default the folder that holds the project), staged and published
// like every command's output (output_folder.h).
#include "commands.h"
#include "compose/project_export.h"
#include "errors.h"
#include "exit_status.h"
#include "interrupt.h"
#include "output_folder.h"
#include "project/project_store.h"

#include <chrono>
#include <filesystem>

namespace fs = std::filesystem;

namespace permanence::cli {
namespace {

struct ExportArguments {
  std::string project, out;
  bool exr = false;
  bool force = false;
};

// The project folder for PROJECT given as NAME.permanence or NAME.permanence/project.json.
fs::path projectFolderOf(const std::string& text) {
  fs::path path = fs::absolute(text).lexically_normal();
  if (!path.has_filename()) path = path.parent_path();
  if (path.filename() == kProjectFileName && fs::is_regular_file(path)) path = path.parent_path();
  return path;
}

int runExport(const ExportArguments& args) {
  const auto start = std::chrono::steady_clock::now();
  const fs::path projectFolder = projectFolderOf(args.project);
  Project project = loadProject(projectFolder);
  ExportSettings& settings = project.exportSettings;
  settings.openExr = settings.openExr || args.exr;
  // The editor stores the composite's path as chosen, often absolute; here it keeps
  // its name and goes into --out with everything else.
  settings.compositePath = fs::path(settings.compositePath).filename().string();
  if (settings.compositePath.empty()) settings.compositePath = ExportSettings().compositePath;

  const std::string outText = args.out.empty() ? projectFolder.parent_path().string() : args.out;
  OutputFolder out(outText, {"export", "--out", args.force, {projectFolder}});
  const std::vector<std::string> outputs = exportOutputs(project);
  out.refuseExisting(outputs);
  ProgressPrinter printer;
  JobContext job(interruptToken(), printer.callback());
  atStage("export", projectFolder.string(), [&] { exportProject(project, projectFolder, job, out.staging()); });
  printer.finish();
  out.publish();

  nlohmann::json written = nlohmann::json::array();
  for (const std::string& output : outputs) written.push_back((out.path() / output).string());
  printSummary({{"command", "export"},
                {"project", projectFolder.string()},
                {"composite", (out.path() / settings.compositePath).string()},
                {"outputs", written},
                {"seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()}});
  return 0;
}

void registerExportCommand(CLI::App& app, CommandAction& action) {
  auto* cmd = app.add_subcommand("export", "render a saved project: composite, layers, masks, OpenEXR");
  auto args = std::make_shared<ExportArguments>();
  cmd->add_option("project", args->project, "project folder NAME.permanence (or its project.json)")->required();
  cmd->add_option("--out", args->out, "output folder (default: the folder that holds the project)");
  cmd->add_flag("--exr", args->exr,
                "also write OpenEXR sequences: objects/NAME/exr/NAME.NNNNN.exr and plate/plate.NNNNN.exr");
  cmd->add_flag("--force", args->force, "replace outputs of the same names in --out");
  cmd->callback([&action, args] { action = [args] { return runExport(*args); }; });
}

const CommandRegistration registration("export", registerExportCommand);

}  // namespace
}  // namespace permanence::cli
