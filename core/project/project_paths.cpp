#include "project/project_paths.h"

#include "errors.h"

namespace fs = std::filesystem;

namespace permanence {

std::string storedSourcePath(const fs::path& projectFolder, const fs::path& chosen) {
  const fs::path folder = fs::weakly_canonical(fs::absolute(projectFolder));
  const fs::path target = fs::weakly_canonical(fs::absolute(chosen));
  const fs::path relative = target.lexically_relative(folder);
  if (!relative.empty() && *relative.begin() != "..") return relative.generic_string();
  return target.string();
}

fs::path resolveInProject(const fs::path& projectFolder, const std::string& stored, bool mayBeAbsolute,
                          const std::string& file) {
  const fs::path path(stored);
  if (path.is_absolute()) {
    if (!mayBeAbsolute) throw InputError(file + ": path '" + stored + "' must be relative to the project");
    return path;
  }
  const fs::path normal = path.lexically_normal();
  if (!normal.empty() && *normal.begin() == "..")
    throw InputError(file + ": path '" + stored + "' points outside the project folder");
  return projectFolder / normal;
}

void validateProjectPaths(const Project& p, const fs::path& folder, const std::string& file) {
  resolveInProject(folder, p.source, true, file);
  resolveInProject(folder, p.backgroundPath, false, file);
  resolveInProject(folder, p.exportSettings.compositePath, true, file);
  for (const auto& o : p.objects) {
    resolveInProject(folder, o.modalPath, false, file);
    for (const auto& s : o.samples) {
      resolveInProject(folder, s.amodalPath, false, file);
      resolveInProject(folder, s.rgbaPath, false, file);
    }
  }
}

}  // namespace permanence
