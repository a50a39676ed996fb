#pragma once
// Backends that live outside permanence_core register here by name. The model tiers
// need libtorch, which costs every process half a second of start-up, so each is
// built as a plugin (permanence_diffusion_backend.so, permanence_sam2_backend.so)
// that makeAmodalMasker / makeContentCompleter / makePromptTracker load with dlopen()
// only when "diffusion" or "sam2" is asked for; the classic path never loads libtorch.
// A process that links the model code directly (tests, benchmarks) registers the same
// factories itself.
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "errors.h"

namespace permanence {

// A backend's plugin is not there or does not load (a build without libtorch).
class BackendUnavailable : public InputError {
 public:
  using InputError::InputError;
};

class AmodalMasker;
class ContentCompleter;
class PromptTracker;
struct TrackingBackendSettings;

// What a model backend needs to start; empty fields take the backend's defaults.
struct ModelBackendSettings {
  std::string weightsDir;    // holds the published pipeline folders
  std::string depthWeights;  // Depth Anything V2 safetensors (default: found in weightsDir)
  std::string device;        // "cpu", "cuda", "cuda:N" (+fp16/+bf16); default: cuda when available
  int steps = 0;             // denoising steps (0: the reference's 25)
  int windowStride = 0;      // frames between window starts (0: 4)
  int workWidth = 0, workHeight = 0;  // working resolution (0: the reference's 512x256)
  bool correctedVariant = false;  // training's CLIP context layout instead of the reference's
  int fpsId = -1;                 // added time id for the frame rate (-1: the reference's 7)
};

class BackendRegistry {
 public:
  using AmodalFactory = std::function<std::unique_ptr<AmodalMasker>(const ModelBackendSettings&)>;
  using CompletionFactory = std::function<std::unique_ptr<ContentCompleter>(const ModelBackendSettings&)>;
  using TrackingFactory = std::function<std::unique_ptr<PromptTracker>(const TrackingBackendSettings&)>;

  static BackendRegistry& instance();

  void addAmodal(const std::string& name, AmodalFactory factory);
  void addCompletion(const std::string& name, CompletionFactory factory);
  void addTracking(const std::string& name, TrackingFactory factory);
  // nullptr when no backend of that name is registered.
  const AmodalFactory* amodal(const std::string& name) const;
  const CompletionFactory* completion(const std::string& name) const;
  const TrackingFactory* tracking(const std::string& name) const;

 private:
  std::map<std::string, AmodalFactory> amodal_;
  std::map<std::string, CompletionFactory> completion_;
  std::map<std::string, TrackingFactory> tracking_;
};

// Makes sure the plugin that provides `backend` has registered itself: dlopen()s
// permanence_<backend>_backend.so from $PERMANENCE_PLUGIN_DIR, the executable's folder
// or <prefix>/lib/permanence/plugins, once. Throws BackendUnavailable naming the places
// it looked, InputError when the file found is not a backend plugin.
void loadBackendPlugin(const std::string& backend);

}  // namespace permanence
