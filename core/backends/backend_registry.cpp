#include "backends/backend_registry.h"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <vector>

#include "errors.h"

namespace permanence {
namespace {

// The entry point every backend plugin exports.
using RegisterFunction = void (*)(BackendRegistry*);
constexpr const char* kRegisterSymbol = "permanence_register_backends";

std::vector<std::filesystem::path> pluginFolders() {
  std::vector<std::filesystem::path> folders;
  if (const char* dir = std::getenv("PERMANENCE_PLUGIN_DIR")) folders.emplace_back(dir);
  std::error_code error;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    folders.push_back(exe.parent_path());
    folders.push_back(exe.parent_path().parent_path() / PERMANENCE_PLUGIN_INSTALL_DIR);  // PREFIX/bin/..
  }
  return folders;
}

}  // namespace

BackendRegistry& BackendRegistry::instance() {
  static BackendRegistry registry;
  return registry;
}

void BackendRegistry::addAmodal(const std::string& name, AmodalFactory factory) {
  amodal_[name] = std::move(factory);
}

void BackendRegistry::addCompletion(const std::string& name, CompletionFactory factory) {
  completion_[name] = std::move(factory);
}

void BackendRegistry::addTracking(const std::string& name, TrackingFactory factory) {
  tracking_[name] = std::move(factory);
}

const BackendRegistry::AmodalFactory* BackendRegistry::amodal(const std::string& name) const {
  auto it = amodal_.find(name);
  return it == amodal_.end() ? nullptr : &it->second;
}

const BackendRegistry::CompletionFactory* BackendRegistry::completion(const std::string& name) const {
  auto it = completion_.find(name);
  return it == completion_.end() ? nullptr : &it->second;
}

const BackendRegistry::TrackingFactory* BackendRegistry::tracking(const std::string& name) const {
  auto it = tracking_.find(name);
  return it == tracking_.end() ? nullptr : &it->second;
}

void loadBackendPlugin(const std::string& backend) {
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  auto& registry = BackendRegistry::instance();
  if (registry.amodal(backend) || registry.completion(backend) || registry.tracking(backend)) return;
  const std::string file = "permanence_" + backend + "_backend.so";
  std::string looked, errors;
  for (const auto& folder : pluginFolders()) {
    const auto path = folder / file;
    looked += (looked.empty() ? "" : ", ") + folder.string();
    if (!std::filesystem::exists(path)) continue;
    // Never closed: the registered factories and the objects they make live in it.
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      errors += std::string(" (") + dlerror() + ")";
      continue;
    }
    auto entry = reinterpret_cast<RegisterFunction>(dlsym(handle, kRegisterSymbol));
    if (!entry) throw InputError(path.string() + ": not a Permanence backend plugin (no " + kRegisterSymbol + ")");
    entry(&registry);
    return;
  }
  throw BackendUnavailable("backend '" + backend + "' needs the plugin " + file + ", which could not be loaded" + errors +
                   " (looked in " + looked + "; it is built with libtorch, set PERMANENCE_PLUGIN_DIR to its folder)");
}

}  // namespace permanence
