#include "editor_settings.h"

#include "amodal/amodal_masker.h"
#include "complete/content_completer.h"

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

QStringList backendNames() { return {"classic", "learned", "diffusion"}; }

QString backendUnavailableReason(Stage stage, const QString& backend, const EditorSettings& settings) {
  const std::string name = backend.toStdString();
  try {
    switch (stage) {
      case Stage::Track:
        // The tracker has a single implementation (track/tracker.h).
        return backend == "classic" ? QString() : QString("tracking backend '%1' is not available in this build").arg(backend);
      case Stage::Amodal:
        makeAmodalMasker(name, settings.modelSettings());
        return {};
      case Stage::Complete:
        makeContentCompleter(name, settings.modelSettings());
        return {};
    }
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

QStringList deviceNames() { return {"cpu", "cuda"}; }

QString deviceUnavailableReason(const QString& device) {
  // Only the diffusion tier uses a GPU, and only when its plugin can be loaded; the
  // classic tier runs on the CPU whatever is chosen here.
  if (device != "cuda") return {};
  try {
    loadBackendPlugin("diffusion");
  } catch (const std::exception& e) {
    return QString("cuda: only the diffusion backend runs on a GPU, and it is not available: %1").arg(e.what());
  }
  return {};
}

}  // namespace permanence::ui
