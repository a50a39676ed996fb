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

// Adds `name` to `combo`, disabled with `reason` as its tooltip when not empty.
void addOption(QComboBox* combo, const QString& name, const QString& reason) {
  combo->addItem(name);
  if (reason.isEmpty()) return;
  auto* model = qobject_cast<QStandardItemModel*>(combo->model());
  QStandardItem* item = model->item(combo->count() - 1);
  item->setEnabled(false);
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
  track_ = backendCombo(Stage::Track, settings.trackBackend);
  amodal_ = backendCombo(Stage::Amodal, settings.amodalBackend);
  complete_ = backendCombo(Stage::Complete, settings.completeBackend);
  form->addRow(tr("Tracking backend"), track_);
  form->addRow(tr("Amodal backend"), amodal_);
  form->addRow(tr("Completion backend"), complete_);
  device_ = new QComboBox(this);
  for (const QString& device : deviceNames()) {
    const QString reason = deviceUnavailableReason(device);
    addOption(device_, device, reason);
    if (!reason.isEmpty()) reasons_ << reason;
  }
  selectEnabled(device_, settings.device);
  form->addRow(tr("Compute device"), device_);
  weightsDir_ = new QLineEdit(settings.weightsDir, this);
  depthFile_ = new QLineEdit(settings.depthFile, this);
  form->addRow(tr("Model weights folder"), pathRow(weightsDir_, true));
  form->addRow(tr("Depth model file"), pathRow(depthFile_, false));
  cacheMb_ = new QSpinBox(this);
  cacheMb_->setRange(64, 65536);
  cacheMb_->setSuffix(tr(" MB"));
  cacheMb_->setValue(settings.cacheMb);
  form->addRow(tr("Frame cache"), cacheMb_);
  defaultK_ = new QSpinBox(this);
  defaultK_->setRange(1, 8);
  defaultK_->setValue(settings.defaultK);
  form->addRow(tr("Default K (samples)"), defaultK_);

  auto* notes = new QLabel(reasons_.join('\n'), this);
  notes->setWordWrap(true);
  notes->setObjectName("unavailableReasons");
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(notes);
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
  s.cacheMb = cacheMb_->value();
  s.defaultK = defaultK_->value();
  return s;
}

QComboBox* SettingsDialog::backendCombo(Stage stage, const QString& current) {
  auto* combo = new QComboBox(this);
  for (const QString& backend : backendNames()) {
    const QString reason = backendUnavailableReason(stage, backend);
    addOption(combo, backend, reason);
    if (!reason.isEmpty()) reasons_ << reason;
  }
  selectEnabled(combo, current);
  return combo;
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
