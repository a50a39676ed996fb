#include "editor_settings.h"

#include "amodal/amodal_masker.h"
#include "complete/content_completer.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSettings>

#include <exception>

namespace permanence::ui {

EditorSettings EditorSettings::load() {
  const QSettings store;
  EditorSettings s;
  s.trackBackend = store.value("backends/track", s.trackBackend).toString();
  s.amodalBackend = store.value("backends/amodal", s.amodalBackend).toString();
  s.completeBackend = store.value("backends/complete", s.completeBackend).toString();
  s.device = store.value("compute/device", s.device).toString();
  s.weightsDir = store.value("models/weightsDir", s.weightsDir).toString();
  s.depthFile = store.value("models/depthFile", s.depthFile).toString();
  s.sam2Weights = store.value("models/sam2Weights", s.sam2Weights).toString();
  s.cacheMb = std::clamp(store.value("cache/megabytes", s.cacheMb).toInt(), 64, 65536);
  s.defaultK = std::clamp(store.value("deocclusion/defaultK", s.defaultK).toInt(), 1, 8);
  return s;
}

void EditorSettings::save() const {
  QSettings store;
  store.setValue("backends/track", trackBackend);
  store.setValue("backends/amodal", amodalBackend);
  store.setValue("backends/complete", completeBackend);
  store.setValue("compute/device", device);
  store.setValue("models/weightsDir", weightsDir);
  store.setValue("models/depthFile", depthFile);
  store.setValue("models/sam2Weights", sam2Weights);
  store.setValue("cache/megabytes", cacheMb);
  store.setValue("deocclusion/defaultK", defaultK);
}

ModelBackendSettings EditorSettings::modelSettings() const {
  ModelBackendSettings model;
  model.weightsDir = weightsDir.toStdString();
  model.depthWeights = depthFile.toStdString();
  model.device = device.toStdString();
  return model;
}

TrackingBackendSettings EditorSettings::trackingSettings() const {
  return {sam2Weights.toStdString(), device.toStdString()};
}

namespace {

constexpr const char* kClassic = "classic";
constexpr const char* kDiffusion = "diffusion";
constexpr const char* kSam2 = "sam2";

bool pluginLoads(const char* backend) {
  try {
    loadBackendPlugin(backend);
    return true;
  } catch (const std::exception&) {
    return false;  // not installed, or its libraries are missing: not offered
  }
}

// The sam2 weights are checked when the tracker starts (loading them takes seconds);
// here only that a file is chosen and there.
QString sam2UnavailableReason(const EditorSettings& settings) {
  if (settings.sam2Weights.isEmpty())
    return QCoreApplication::translate("settings",
                                       "SAM 2 needs its weights: choose a SAM 2.1 checkpoint converted to "
                                       ".safetensors as the SAM 2 weights file.");
  if (!QFileInfo(settings.sam2Weights).isFile())
    return QCoreApplication::translate("settings", "The SAM 2 weights file %1 does not exist.").arg(settings.sam2Weights);
  return {};
}

}  // namespace

QStringList availableBackends(Stage stage) {
  const char* tier = stage == Stage::Track ? kSam2 : kDiffusion;
  if (!pluginLoads(tier)) return {kClassic};
  return {kClassic, tier};
}

QString backendUnavailableReason(Stage stage, const QString& backend, const EditorSettings& settings) {
  if (backend == kClassic) return {};
  if (stage == Stage::Track && backend == kSam2 && pluginLoads(kSam2)) return sam2UnavailableReason(settings);
  if (stage == Stage::Track || backend != kDiffusion || !pluginLoads(kDiffusion))
    return QCoreApplication::translate("settings", "%1 is not part of this installation.").arg(backend);
  try {
    if (stage == Stage::Amodal)
      makeAmodalMasker(kDiffusion, settings.modelSettings());
    else
      makeContentCompleter(kDiffusion, settings.modelSettings());
    return {};
  } catch (const std::exception&) {
    // The factories' messages speak of command-line options and file names; the
    // dialog says what to do in it.
    if (settings.weightsDir.isEmpty())
      return QCoreApplication::translate("settings",
                                         "Diffusion needs its model files: choose the folder that holds them as "
                                         "the model weights folder.");
    return QCoreApplication::translate("settings",
                                       "Diffusion needs its model files, and %1 does not hold them all (the "
                                       "amodal and content models, and the depth model or a depth model file).")
        .arg(settings.weightsDir);
  }
}

QStringList availableDevices() {
  if (!pluginLoads(kDiffusion) && !pluginLoads(kSam2)) return {"cpu"};
  return {"cpu", "cuda"};
}

}  // namespace permanence::ui
