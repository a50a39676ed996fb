#include "main_window.h"

#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSlider>
#include <QStatusBar>
#include <QVBoxLayout>

#include <opencv2/imgproc.hpp>

namespace permanence::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle("Permanence");
  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  view_ = new QLabel(tr("Open a video or a folder of frames (File menu)."), central);
  view_->setAlignment(Qt::AlignCenter);
  view_->setMinimumSize(640, 360);
  scrubber_ = new QSlider(Qt::Horizontal, central);
  scrubber_->setEnabled(false);
  layout->addWidget(view_, 1);
  layout->addWidget(scrubber_);
  setCentralWidget(central);
  connect(scrubber_, &QSlider::valueChanged, this, &MainWindow::showFrame);

  auto* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("Open &Video..."), QKeySequence::Open, this, &MainWindow::chooseVideo);
  file->addAction(tr("Open &Frame Folder..."), this, &MainWindow::chooseFolder);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
  resize(1024, 640);
}

bool MainWindow::openSource(const QString& path) {
  try {
    source_ = openFrameSource(path.toStdString());
  } catch (const std::exception& e) {
    QMessageBox::critical(this, tr("Cannot open"), QString::fromStdString(e.what()));
    return false;
  }
  scrubber_->setRange(0, source_->frameCount() - 1);
  scrubber_->setEnabled(true);
  scrubber_->setValue(0);
  showFrame(0);
  return true;
}

int MainWindow::currentFrame() const { return scrubber_->value(); }

void MainWindow::showFrame(int index) {
  if (!source_) return;
  try {
    cv::Mat rgb;
    cv::cvtColor(source_->readFrame(index), rgb, cv::COLOR_BGR2RGB);
    const QImage image(rgb.data, rgb.cols, rgb.rows, static_cast<int>(rgb.step), QImage::Format_RGB888);
    view_->setPixmap(QPixmap::fromImage(image).scaled(view_->size(), Qt::KeepAspectRatio,
                                                      Qt::SmoothTransformation));
    statusBar()->showMessage(tr("Frame %1 / %2").arg(index + 1).arg(source_->frameCount()));
  } catch (const std::exception& e) {
    statusBar()->showMessage(QString::fromStdString(e.what()));
  }
}

void MainWindow::chooseVideo() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open Video"));
  if (!path.isEmpty()) openSource(path);
}

void MainWindow::chooseFolder() {
  const QString path = QFileDialog::getExistingDirectory(this, tr("Open Frame Folder"));
  if (!path.isEmpty()) openSource(path);
}

}  // namespace permanence::ui
