#pragma once
// Edits the EditorSettings. Backends and devices this build cannot run are listed
// but disabled, with the reason as their tooltip and under the form.
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
  QComboBox* backendCombo(Stage stage, const QString& current);
  QWidget* pathRow(QLineEdit* edit, bool folder);

  QComboBox* track_ = nullptr;
  QComboBox* amodal_ = nullptr;
  QComboBox* complete_ = nullptr;
  QComboBox* device_ = nullptr;
  QLineEdit* weightsDir_ = nullptr;
  QLineEdit* depthFile_ = nullptr;
  QSpinBox* cacheMb_ = nullptr;
  QSpinBox* defaultK_ = nullptr;
  QStringList reasons_;  // why options are disabled, shown under the form
};

}  // namespace permanence::ui
