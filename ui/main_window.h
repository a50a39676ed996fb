#pragma once
#include "media/frame_source.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QSlider;

namespace permanence::ui {

// The editor's main window: opens a video or a frame folder and shows its frames.
class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  // Opens a source; shows an error dialog naming the file on failure.
  bool openSource(const QString& path);
  int currentFrame() const;

 private:
  void showFrame(int index);
  void chooseVideo();
  void chooseFolder();

  std::unique_ptr<FrameSource> source_;
  QLabel* view_ = nullptr;
  QSlider* scrubber_ = nullptr;
};

}  // namespace permanence::ui
