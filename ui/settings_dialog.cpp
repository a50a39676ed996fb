#include "settings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace permanence::ui {
namespace {

// Enables option `index` of `combo`, or disables it with `reason` as its tooltip.
void setOptionReason(QComboBox* combo, int index, const QString& reason) {
  auto* model = qobject_cast<QStandardItemModel*>(combo->model());
  QStandardItem* item = model->item(index);
  item->setEnabled(reason.isEmpty());
  item->setToolTip(reason);
}

void selectEnabled(QComboBox* combo, const QString& wanted) {
  const int index = combo->findText(wanted);
  auto* model = qobject_cast<QStandardItemModel*>(combo->model());
  combo->setCurrentIndex(index >= 0 && model->item(index)->isEnabled() ? index : 0);
}

}  // namespace

SettingsDialog::SettingsDialog(const EditorSettings& settings, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Settings"));
  auto* form = new QFormLayout;
  track_ = backendCombo(Stage::Track);
  amodal_ = backendCombo(Stage::Amodal);
  complete_ = backendCombo(Stage::Complete);
  form->addRow(tr("Tracking backend"), track_);
  form->addRow(tr("Amodal backend"), amodal_);
  form->addRow(tr("Completion backend"), complete_);
  device_ = new QComboBox(this);
  device_->addItems(availableDevices());
  // A device spelled by hand (cuda:1, cuda+bf16) is kept as it is.
  if (device_->findText(settings.device) < 0 && settings.device.startsWith("cuda") && device_->findText("cuda") >= 0)
    device_->addItem(settings.device);
  selectEnabled(device_, settings.device);
  form->addRow(tr("Compute device"), device_);
  weightsDir_ = new QLineEdit(settings.weightsDir, this);
  depthFile_ = new QLineEdit(settings.depthFile, this);
  weightsDir_->setObjectName("weightsDir");
  depthFile_->setObjectName("depthFile");
  form->addRow(tr("Model weights folder"), pathRow(weightsDir_, true));
  form->addRow(tr("Depth model file"), pathRow(depthFile_, false));
  sam2Weights_ = new QLineEdit(settings.sam2Weights, this);
  sam2Weights_->setObjectName("sam2Weights");
  form->addRow(tr("SAM 2 weights file"), pathRow(sam2Weights_, false));
  cacheMb_ = new QSpinBox(this);
  cacheMb_->setRange(64, 65536);
  cacheMb_->setSuffix(tr(" MB"));
  cacheMb_->setValue(settings.cacheMb);
  form->addRow(tr("Frame cache"), cacheMb_);
  defaultK_ = new QSpinBox(this);
  defaultK_->setRange(1, 8);
  defaultK_->setValue(settings.defaultK);
  form->addRow(tr("Default K (samples)"), defaultK_);

  notes_ = new QLabel(this);
  notes_->setWordWrap(true);
  notes_->setObjectName("unavailableReasons");
  // The stored choices, where they can run; then re-checked as the user edits.
  track_->setCurrentText(settings.trackBackend);
  amodal_->setCurrentText(settings.amodalBackend);
  complete_->setCurrentText(settings.completeBackend);
  updateAvailability();
  connect(weightsDir_, &QLineEdit::editingFinished, this, &SettingsDialog::updateAvailability);
  connect(depthFile_, &QLineEdit::editingFinished, this, &SettingsDialog::updateAvailability);
  connect(sam2Weights_, &QLineEdit::editingFinished, this, &SettingsDialog::updateAvailability);
  connect(device_, &QComboBox::currentIndexChanged, this, &SettingsDialog::updateAvailability);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(notes_);
  layout->addWidget(buttons);
}

EditorSettings SettingsDialog::settings() const {
  EditorSettings s;
  s.trackBackend = track_->currentText();
  s.amodalBackend = amodal_->currentText();
  s.completeBackend = complete_->currentText();
  s.device = device_->currentText();
  s.weightsDir = weightsDir_->text();
  s.depthFile = depthFile_->text();
  s.sam2Weights = sam2Weights_->text();
  s.cacheMb = cacheMb_->value();
  s.defaultK = defaultK_->value();
  return s;
}

QComboBox* SettingsDialog::backendCombo(Stage stage) {
  auto* combo = new QComboBox(this);
  combo->addItems(availableBackends(stage));
  return combo;
}

void SettingsDialog::updateAvailability() {
  const EditorSettings current = settings();
  QStringList reasons;
  const std::pair<QComboBox*, Stage> stages[] = {{track_, Stage::Track}, {amodal_, Stage::Amodal}, {complete_, Stage::Complete}};
  for (const auto& [combo, stage] : stages) {
    for (int i = 0; i < combo->count(); ++i) {
      const QString reason = backendUnavailableReason(stage, combo->itemText(i), current);
      setOptionReason(combo, i, reason);
      if (!reason.isEmpty() && !reasons.contains(reason)) reasons << reason;
    }
    selectEnabled(combo, combo->currentText());
  }
  notes_->setText(reasons.join('\n'));
}

QWidget* SettingsDialog::pathRow(QLineEdit* edit, bool folder) {
  auto* row = new QWidget(this);
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* browse = new QPushButton(tr("Browse..."), row);
  connect(browse, &QPushButton::clicked, this, [this, edit, folder] {
    const QString path = folder ? QFileDialog::getExistingDirectory(this, tr("Choose Folder"), edit->text())
                                : QFileDialog::getOpenFileName(this, tr("Choose File"), edit->text());
    if (!path.isEmpty()) edit->setText(path);
  });
  layout->addWidget(edit, 1);
  layout->addWidget(browse);
  return row;
}

}  // namespace permanence::ui
