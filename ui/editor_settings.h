#pragma once
// The editor's preferences, kept in QSettings: which backend runs each stage, the
// compute device, where model files live, the frame cache size and the default K.
#include "backends/backend_registry.h"

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
  int cacheMb = 768;
  int defaultK = 3;

  static EditorSettings load();
  void save() const;
  // What a model backend (diffusion) is started with: the weights, depth file and device.
  ModelBackendSettings modelSettings() const;
};

// The backends a stage knows, in menu order.
QStringList backendNames();
// Empty when `backend` can run `stage` with these settings, else why not: the
// factory's own message (a plugin that is missing, no weights folder, a folder
// without the models), so it stays true as backends are added.
QString backendUnavailableReason(Stage stage, const QString& backend, const EditorSettings& settings);
// The compute devices the model tier knows.
QStringList deviceNames();
QString deviceUnavailableReason(const QString& device);

}  // namespace permanence::ui
