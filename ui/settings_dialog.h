#pragma once
// Edits the EditorSettings. Only the backends and devices this installation has
// are listed; one that cannot run with these settings (diffusion without its model
// files, sam2 without its weights file) is disabled, with the reason in plain words
// as its tooltip and under the form. Whether it can run depends on the weights folder and device, so the
// backends are checked again when those change.
#include "editor_settings.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace permanence::ui {

class SettingsDialog : public QDialog {
  Q_OBJECT
 public:
  explicit SettingsDialog(const EditorSettings& settings, QWidget* parent = nullptr);
  EditorSettings settings() const;

 private:
  QComboBox* backendCombo(Stage stage);
  QWidget* pathRow(QLineEdit* edit, bool folder);
  // Enables the backends these settings can run, keeps each stage's choice when it
  // still can, and lists the reasons for the rest.
  void updateAvailability();

  QComboBox* track_ = nullptr;
  QComboBox* amodal_ = nullptr;
  QComboBox* complete_ = nullptr;
  QComboBox* device_ = nullptr;
  QLineEdit* weightsDir_ = nullptr;
  QLineEdit* depthFile_ = nullptr;
  QLineEdit* sam2Weights_ = nullptr;
  QSpinBox* cacheMb_ = nullptr;
  QSpinBox* defaultK_ = nullptr;
  QLabel* notes_ = nullptr;  // why backends are disabled
};

}  // namespace permanence::ui
