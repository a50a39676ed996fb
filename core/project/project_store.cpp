#include "project/project_store.h"

#include "errors.h"
#include "project/atomic_file.h"
#include "project/project_json.h"
#include "project/project_paths.h"

#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace permanence {
namespace {

void writeProjectFile(const Project& project, const fs::path& folder, const char* name) {
  validateProjectPaths(project, folder, (folder / name).string());
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw InputError(folder.string() + ": cannot create the project folder (" + ec.message() + ")");
  writeFileAtomically(folder / name, toJson(project).dump(2) + "\n");
}

Project readProjectFile(const fs::path& folder, const char* name) {
  const fs::path file = folder / name;
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string() + ": cannot open the project file");
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(file.string() + ": corrupt project file (" + e.what() + ")");
  }
  Project project = projectFromJson(document, file.string());
  validateProjectPaths(project, folder, file.string());
  return project;
}

}  // namespace

void saveProject(const Project& project, const fs::path& folder) {
  writeProjectFile(project, folder, kProjectFileName);
  discardAutosave(folder);
}

Project loadProject(const fs::path& folder) { return readProjectFile(folder, kProjectFileName); }

void autosaveProject(const Project& project, const fs::path& folder) {
  writeProjectFile(project, folder, kAutosaveFileName);
}

bool hasRecoverableAutosave(const fs::path& folder) {
  std::error_code ec;
  const fs::path autosave = folder / kAutosaveFileName, saved = folder / kProjectFileName;
  if (!fs::exists(autosave, ec)) return false;
  if (!fs::exists(saved, ec)) return true;
  return fs::last_write_time(autosave, ec) >= fs::last_write_time(saved, ec);
}

Project loadAutosave(const fs::path& folder) { return readProjectFile(folder, kAutosaveFileName); }

void discardAutosave(const fs::path& folder) {
  std::error_code ec;
  fs::remove(folder / kAutosaveFileName, ec);
}

}  // namespace permanence
