#pragma once
// File > Export: what to write (the composite MP4 with its quality and the
// source's audio, per-object ProRes 4444 with alpha, RGBA PNG layers, mask
// sequences, OpenEXR for compositors) and the frame range. Edits a copy of the project's ExportSettings;
// per-object outputs go to objects/NAME/ next to the composite.
#include "project/project.h"

#include <QDialog>

class QCheckBox;
class QLineEdit;
class QSpinBox;

namespace permanence::ui {

class ExportDialog : public QDialog {
  Q_OBJECT
 public:
  // `frameCount` bounds the range; without audio in the source, copying it is off.
  ExportDialog(const ExportSettings& settings, int frameCount, bool sourceHasAudio, QWidget* parent = nullptr);

  // The settings as edited: an absolute composite path, a 0-based range (last -1
  // when it ends on the clip's last frame).
  ExportSettings settings() const;

  QLineEdit* compositePath() const { return path_; }
  QSpinBox* crf() const { return crf_; }
  QSpinBox* firstFrame() const { return first_; }
  QSpinBox* lastFrame() const { return last_; }
  QCheckBox* copyAudio() const { return audio_; }
  QCheckBox* prores() const { return prores_; }
  QCheckBox* pngLayers() const { return png_; }
  QCheckBox* masks() const { return masks_; }
  QCheckBox* openExr() const { return exr_; }

 private:
  void browse();

  ExportSettings base_;
  int frameCount_;
  QLineEdit* path_ = nullptr;
  QSpinBox* crf_ = nullptr;
  QSpinBox* first_ = nullptr;
  QSpinBox* last_ = nullptr;
  QCheckBox* audio_ = nullptr;
  QCheckBox* prores_ = nullptr;
  QCheckBox* png_ = nullptr;
  QCheckBox* masks_ = nullptr;
  QCheckBox* exr_ = nullptr;
};

}  // namespace permanence::ui
