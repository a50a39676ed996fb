#include "export_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace permanence::ui {

ExportDialog::ExportDialog(const ExportSettings& settings, int frameCount, bool sourceHasAudio, QWidget* parent)
    : QDialog(parent), base_(settings), frameCount_(std::max(1, frameCount)) {
  setWindowTitle(tr("Export"));
  path_ = new QLineEdit(QString::fromStdString(settings.compositePath), this);
  auto* browse = new QPushButton(tr("Browse..."), this);
  connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
  auto* pathRow = new QHBoxLayout;
  pathRow->addWidget(path_, 1);
  pathRow->addWidget(browse);
  crf_ = new QSpinBox(this);
  crf_->setRange(0, 51);
  crf_->setValue(settings.crf);
  crf_->setToolTip(tr("H.264 constant rate factor: lower is better and larger; 18 looks lossless"));
  audio_ = new QCheckBox(tr("Copy the source's audio (ranges starting at the first frame)"), this);
  audio_->setChecked(settings.copyAudio && sourceHasAudio);
  audio_->setEnabled(sourceHasAudio);
  if (!sourceHasAudio) audio_->setToolTip(tr("The source has no audio"));
  prores_ = new QCheckBox(tr("ProRes 4444 with alpha per object (objects/NAME/NAME.mov)"), this);
  prores_->setChecked(settings.proresPerObject);
  png_ = new QCheckBox(tr("RGBA PNG sequence per object (objects/NAME/rgba)"), this);
  png_->setChecked(settings.pngLayers);
  masks_ = new QCheckBox(tr("Mask sequences per object (objects/NAME/modal, amodal)"), this);
  masks_->setChecked(settings.masks);
  exr_ = new QCheckBox(tr("OpenEXR for compositors per object and of the plate (objects/NAME/exr, plate)"), this);
  exr_->setToolTip(tr("Half float, linear light, premultiplied; each object's file holds its visible and whole "
                      "mattes as the layers modal and amodal"));
  exr_->setChecked(settings.openExr);
  first_ = new QSpinBox(this);
  last_ = new QSpinBox(this);
  // Frames are numbered from 0, as on the ruler, in the status bar and in the files.
  const int lastFrame = frameCount_ - 1;
  for (QSpinBox* box : {first_, last_}) box->setRange(0, lastFrame);
  first_->setValue(std::clamp(settings.firstFrame, 0, lastFrame));
  last_->setValue(settings.lastFrame < 0 ? lastFrame : std::clamp(settings.lastFrame, 0, lastFrame));
  connect(first_, &QSpinBox::valueChanged, this, [this](int v) { last_->setMinimum(v); });
  last_->setMinimum(first_->value());
  auto* range = new QHBoxLayout;
  range->addWidget(first_);
  range->addWidget(last_);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* form = new QFormLayout(this);
  form->addRow(tr("Composite MP4"), pathRow);
  form->addRow(tr("Quality (CRF)"), crf_);
  form->addRow(QString(), audio_);
  form->addRow(tr("Frames (first, last)"), range);
  form->addRow(QString(), prores_);
  form->addRow(QString(), png_);
  form->addRow(QString(), masks_);
  form->addRow(QString(), exr_);
  form->addRow(buttons);
}

ExportSettings ExportDialog::settings() const {
  ExportSettings s = base_;
  QString path = QFileInfo(path_->text().trimmed()).absoluteFilePath();
  if (!path.endsWith(".mp4", Qt::CaseInsensitive)) path += ".mp4";
  s.compositePath = path.toStdString();
  s.crf = crf_->value();
  s.copyAudio = audio_->isEnabled() && audio_->isChecked();
  s.firstFrame = first_->value();
  s.lastFrame = last_->value() == frameCount_ - 1 ? -1 : last_->value();
  s.proresPerObject = prores_->isChecked();
  s.pngLayers = png_->isChecked();
  s.masks = masks_->isChecked();
  s.openExr = exr_->isChecked();
  return s;
}

void ExportDialog::browse() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Composite MP4"), path_->text(), tr("MP4 video (*.mp4)"),
                                                    nullptr, QFileDialog::DontConfirmOverwrite);
  if (!path.isEmpty()) path_->setText(path);
}

}  // namespace permanence::ui
