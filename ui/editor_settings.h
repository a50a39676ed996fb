#pragma once
// The editor's preferences, kept in QSettings: which backend runs each stage, the
// compute device, where model files live, the frame cache size and the default K.
#include "backends/backend_registry.h"
#include "backends/prompt_tracker.h"

#include <QString>
#include <QStringList>

namespace permanence::ui {

enum class Stage { Track, Amodal, Complete };

struct EditorSettings {
  QString trackBackend = "classic";
  QString amodalBackend = "classic";
  QString completeBackend = "classic";
  QString device = "cpu";
  QString weightsDir;
  QString depthFile;
  QString sam2Weights;  // a SAM 2.1 checkpoint converted to safetensors
  int cacheMb = 768;
  int defaultK = 3;

  static EditorSettings load();
  void save() const;
  // What a model backend (diffusion) is started with: the weights, depth file and device.
  ModelBackendSettings modelSettings() const;
  // What the learned tracker (sam2) is started with: its weights file and the device.
  TrackingBackendSettings trackingSettings() const;
};

// The backends of a stage this installation can run, in menu order: the classic tier
// always; for tracking sam2, for the other stages diffusion, when its plugin loads
// (whatever its weights).
QStringList availableBackends(Stage stage);
// Empty when `backend` can run `stage` with these settings, else why not in the
// user's words (the diffusion models are not in the chosen folder, ...).
QString backendUnavailableReason(Stage stage, const QString& backend, const EditorSettings& settings);
// The compute devices this installation can use: the CPU, and a GPU when a model
// tier (diffusion or sam2) is there.
QStringList availableDevices();

}  // namespace permanence::ui
