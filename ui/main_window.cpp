#include "main_window.h"

#include "job_bridge.h"
#include "object_timeline.h"
#include "track/tracker.h"
#include "viewer.h"

#include <QAction>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSlider>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QUndoView>
#include <QVBoxLayout>

#include <opencv2/imgproc.hpp>

namespace permanence::ui {

namespace {

constexpr int kMaxRecent = 8;

QImage toQImage(const cv::Mat& bgr) {
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  return QImage(rgb.data, rgb.cols, rgb.rows, static_cast<int>(rgb.step), QImage::Format_RGB888).copy();
}

QImage toQImageMask(const Mask& mask) {
  const cv::Mat m = mask.toMat();
  return QImage(m.data, m.cols, m.rows, static_cast<int>(m.step), QImage::Format_Grayscale8).copy();
}

QColor objectColour(int index) {
  static const QColor palette[] = {QColor(80, 200, 255), QColor(255, 80, 80), QColor(120, 230, 90),
                                   QColor(255, 190, 60), QColor(200, 120, 255), QColor(255, 120, 200)};
  return palette[index % 6];
}

QString timecode(double seconds) {
  const int ms = static_cast<int>(seconds * 1000.0 + 0.5);
  return QString("%1:%2.%3")
      .arg(ms / 60000, 2, 10, QChar('0'))
      .arg((ms / 1000) % 60, 2, 10, QChar('0'))
      .arg(ms % 1000, 3, 10, QChar('0'));
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), runner_(1) {
  setWindowTitle("Permanence");
  setAcceptDrops(true);
  undo_ = new QUndoStack(this);

  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(0, 0, 0, 0);
  viewer_ = new Viewer(central);
  scrubber_ = new QSlider(Qt::Horizontal, central);
  scrubber_->setEnabled(false);
  layout->addWidget(viewer_, 1);
  layout->addWidget(scrubber_);
  timeline_ = new ObjectTimeline(central);
  layout->addWidget(timeline_);
  connect(timeline_, &ObjectTimeline::frameClicked, this, &MainWindow::setCurrentFrame);
  setCentralWidget(central);
  connect(scrubber_, &QSlider::valueChanged, this, &MainWindow::showFrame);
  connect(viewer_, &Viewer::imageClicked, this, [this](QPoint pixel, Qt::KeyboardModifiers modifiers) {
    // Alt inverts the current tool, as in Roto Brush.
    clickAt(pixel, (modifiers & Qt::AltModifier) ? !positiveTool_ : positiveTool_);
  });

  playTimer_ = new QTimer(this);
  connect(playTimer_, &QTimer::timeout, this, [this] {
    if (currentFrame() + 1 >= frameCount()) setCurrentFrame(0);
    else stepFrames(1);
  });

  frameLabel_ = new QLabel(tr("No clip"), this);
  toolLabel_ = new QLabel(this);
  progress_ = new QProgressBar(this);
  progress_->setMaximumWidth(220);
  progress_->setVisible(false);
  // Permanent widgets stay visible while job messages come and go.
  statusBar()->addPermanentWidget(frameLabel_, 1);
  statusBar()->addPermanentWidget(toolLabel_);
  statusBar()->addPermanentWidget(progress_);

  buildMenus();
  buildDocks();
  buildShortcuts();
  refreshObjectList();
  resize(1400, 860);
}

MainWindow::~MainWindow() {
  for (JobBridge* job : jobs_) job->cancel();
}

void MainWindow::buildMenus() {
  auto* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("Open &Video..."), QKeySequence::Open, this, &MainWindow::chooseVideo);
  file->addAction(tr("Open &Frame Folder..."), this, &MainWindow::chooseFolder);
  recentMenu_ = file->addMenu(tr("Open &Recent"));
  rebuildRecentMenu();
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  auto* edit = menuBar()->addMenu(tr("&Edit"));
  QAction* undo = undo_->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = undo_->createRedoAction(this, tr("&Redo"));
  redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence::Redo});
  edit->addAction(undo);
  edit->addAction(redo);

  auto* object = menuBar()->addMenu(tr("&Object"));
  QAction* add = object->addAction(tr("&Add Object"), QKeySequence(Qt::CTRL | Qt::Key_N), this,
                                   &MainWindow::addObject);
  QAction* plus = object->addAction(tr("Positive Click Tool (+)"), this, [this] {
    positiveTool_ = true;
    refreshObjectList();
  });
  QAction* minus = object->addAction(tr("Negative Click Tool (-)"), this, [this] {
    positiveTool_ = false;
    refreshObjectList();
  });
  plus->setShortcuts({QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal)});
  minus->setShortcut(QKeySequence(Qt::Key_Minus));
  object->addSeparator();
  QAction* forward = object->addAction(tr("Track &Forward"), QKeySequence(Qt::CTRL | Qt::Key_Right), this,
                                       [this] { track(TrackDirection::Forward); });
  QAction* backward = object->addAction(tr("Track &Backward"), QKeySequence(Qt::CTRL | Qt::Key_Left),
                                        this, [this] { track(TrackDirection::Backward); });
  QAction* both = object->addAction(tr("Track B&oth Ways"), QKeySequence(Qt::CTRL | Qt::Key_T), this,
                                    [this] { track(TrackDirection::Both); });

  object->addSeparator();
  QAction* amodal = object->addAction(tr("Run &Amodal (Top-3)"), QKeySequence(Qt::CTRL | Qt::Key_M), this,
                                      [this] { runAmodal(3); });

  auto* view = menuBar()->addMenu(tr("&View"));
  QAction* fit = view->addAction(tr("&Fit"), QKeySequence(Qt::Key_F), viewer_, &Viewer::fitToWindow);
  QAction* actual = view->addAction(tr("&1:1"), QKeySequence(Qt::Key_1), viewer_, &Viewer::showActualSize);

  auto* toolbar = addToolBar(tr("Tools"));
  toolbar->setObjectName("tools");
  for (QAction* action : {add, plus, minus, forward, backward, both, amodal, fit, actual}) toolbar->addAction(action);
  auto* opacity = new QSlider(Qt::Horizontal, toolbar);
  opacity->setRange(0, 100);
  opacity->setValue(50);
  opacity->setMaximumWidth(120);
  opacity->setToolTip(tr("Overlay opacity"));
  connect(opacity, &QSlider::valueChanged, this, [this](int v) { viewer_->setOverlayOpacity(v / 100.0); });
  toolbar->addSeparator();
  toolbar->addWidget(new QLabel(tr(" Overlay "), toolbar));
  toolbar->addWidget(opacity);
}

void MainWindow::buildDocks() {
  auto* objectsDock = new QDockWidget(tr("Objects"), this);
  objectsDock->setObjectName("objects");
  objectList_ = new QListWidget(objectsDock);
  objectsDock->setWidget(objectList_);
  addDockWidget(Qt::RightDockWidgetArea, objectsDock);
  connect(objectList_, &QListWidget::currentRowChanged, this, [this](int row) {
    if (row >= 0) currentObject_ = row;
    refreshSampleList();
  });
  connect(objectList_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
    const int row = objectList_->row(item);
    if (row < 0 || row >= int(objects_.size())) return;
    objects_[row].visible = item->checkState() == Qt::Checked;
    refreshOverlays();
  });

  auto* samplesDock = new QDockWidget(tr("Top-K Samples"), this);
  samplesDock->setObjectName("samples");
  sampleList_ = new QListWidget(samplesDock);
  samplesDock->setWidget(sampleList_);
  addDockWidget(Qt::RightDockWidgetArea, samplesDock);
  connect(sampleList_, &QListWidget::itemClicked, this,
          [this](QListWidgetItem* item) { chooseSample(sampleList_->row(item)); });

  auto* historyDock = new QDockWidget(tr("History"), this);
  historyDock->setObjectName("history");
  historyDock->setWidget(new QUndoView(undo_, historyDock));
  addDockWidget(Qt::RightDockWidgetArea, historyDock);

  auto* jobsDock = new QDockWidget(tr("Jobs"), this);
  jobsDock->setObjectName("jobs");
  auto* jobsPanel = new QWidget(jobsDock);
  auto* jobsLayout = new QVBoxLayout(jobsPanel);
  jobList_ = new QListWidget(jobsPanel);
  auto* cancel = new QPushButton(tr("Cancel"), jobsPanel);
  connect(cancel, &QPushButton::clicked, this, [this] {
    const int row = jobList_->currentRow();
    if (row >= 0 && row < int(jobs_.size())) jobs_[row]->cancel();
  });
  jobsLayout->addWidget(jobList_);
  jobsLayout->addWidget(cancel);
  jobsDock->setWidget(jobsPanel);
  addDockWidget(Qt::RightDockWidgetArea, jobsDock);
}

void MainWindow::buildShortcuts() {
  const auto bind = [this](QKeySequence keys, std::function<void()> action) {
    auto* shortcut = new QShortcut(keys, this);
    connect(shortcut, &QShortcut::activated, this, std::move(action));
  };
  bind(QKeySequence(Qt::Key_Space), [this] { setPlaying(!isPlaying()); });
  bind(QKeySequence(Qt::Key_Right), [this] { stepFrames(1); });
  bind(QKeySequence(Qt::Key_Left), [this] { stepFrames(-1); });
  bind(QKeySequence(Qt::SHIFT | Qt::Key_Right), [this] { stepFrames(10); });
  bind(QKeySequence(Qt::SHIFT | Qt::Key_Left), [this] { stepFrames(-10); });
  bind(QKeySequence(Qt::Key_Home), [this] { setCurrentFrame(0); });
  bind(QKeySequence(Qt::Key_End), [this] { setCurrentFrame(frameCount() - 1); });
}

bool MainWindow::openSource(const QString& path) {
  std::unique_ptr<FrameSource> source;
  try {
    source = openFrameSource(path.toStdString());
  } catch (const std::exception& e) {
    showError(tr("Cannot open"), QString::fromStdString(e.what()));
    return false;
  }
  setPlaying(false);
  for (JobBridge* job : jobs_) job->cancel();
  source_ = std::move(source);
  sourcePath_ = path;
  objects_.clear();
  currentObject_ = -1;
  undo_->clear();
  objectsChanged();
  setWindowTitle(tr("Permanence — %1").arg(QFileInfo(path).fileName()));
  const double fps = source_->frameRate().toDouble();
  playTimer_->setInterval(fps > 0 ? static_cast<int>(1000.0 / fps) : 40);
  scrubber_->blockSignals(true);
  scrubber_->setRange(0, source_->frameCount() - 1);
  scrubber_->setValue(0);
  scrubber_->blockSignals(false);
  scrubber_->setEnabled(true);
  showFrame(0);
  viewer_->fitToWindow();
  rememberRecent(path);
  return true;
}

int MainWindow::currentFrame() const { return scrubber_->value(); }

void MainWindow::setCurrentFrame(int index) {
  if (source_) scrubber_->setValue(std::clamp(index, 0, frameCount() - 1));
}

int MainWindow::frameCount() const { return source_ ? source_->frameCount() : 0; }

void MainWindow::stepFrames(int delta) { setCurrentFrame(currentFrame() + delta); }

void MainWindow::setPlaying(bool playing) {
  if (playing && source_) playTimer_->start();
  else playTimer_->stop();
}

bool MainWindow::isPlaying() const { return playTimer_->isActive(); }

void MainWindow::showFrame(int index) {
  if (!source_) return;
  try {
    viewer_->setFrame(toQImage(source_->readFrame(index)));
  } catch (const std::exception& e) {
    setPlaying(false);
    showError(tr("Cannot read frame"), QString::fromStdString(e.what()));
    return;
  }
  frameLabel_->setText(tr("Frame %1 / %2   %3")
                           .arg(index)
                           .arg(source_->frameCount() - 1)
                           .arg(timecode(source_->frameTime(index))));
  timeline_->setCurrentFrame(index);
  refreshOverlays();
}

void MainWindow::refreshOverlays() {
  std::vector<MaskOverlay> overlays;
  const int frame = currentFrame();
  for (const SessionObject& object : objects_) {
    if (!object.visible || frame >= object.track.frameCount()) continue;
    const Mask& mask = object.track.mask(frame);
    if (!mask.isEmpty()) overlays.push_back({toQImageMask(mask), object.colour, false});
    if (object.amodal.empty()) continue;
    const cv::Mat hidden = object.amodal.at(object.chosenSample).masks.at(frame).toMat() & ~mask.toMat();
    if (cv::countNonZero(hidden) > 0) overlays.push_back({toQImageMask(Mask::fromMat(hidden)), object.colour, true});
  }
  viewer_->setOverlays(std::move(overlays));
}

void MainWindow::refreshObjectList() {
  objectList_->blockSignals(true);
  objectList_->clear();
  for (const SessionObject& object : objects_) {
    auto* item = new QListWidgetItem(object.name, objectList_);
    item->setForeground(object.colour);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(object.visible ? Qt::Checked : Qt::Unchecked);
    const auto keys = object.track.keyframes();
    item->setToolTip(tr("%1 keyframe(s)").arg(keys.size()));
  }
  if (currentObject_ >= int(objects_.size())) currentObject_ = int(objects_.size()) - 1;
  objectList_->setCurrentRow(currentObject_);
  objectList_->blockSignals(false);
  toolLabel_->setText(positiveTool_ ? tr("Tool: + click") : tr("Tool: − click"));
}

void MainWindow::refreshSampleList() {
  sampleList_->blockSignals(true);
  sampleList_->clear();
  if (currentObject_ >= 0 && currentObject_ < int(objects_.size())) {
    const SessionObject& object = objects_[currentObject_];
    for (std::size_t k = 0; k < object.amodal.size(); ++k)
      sampleList_->addItem(tr("Sample %1 — score %2 — %3")
                               .arg(k + 1)
                               .arg(object.amodal[k].score, 0, 'f', 3)
                               .arg(QString::fromStdString(object.amodal[k].label)));
    if (!object.amodal.empty()) sampleList_->setCurrentRow(object.chosenSample);
  }
  sampleList_->blockSignals(false);
}

void MainWindow::refreshTimeline() {
  std::vector<TimelineRow> rows;
  for (const SessionObject& object : objects_) {
    TimelineRow row{object.name, object.colour, {}, object.track.keyframes()};
    for (int f = 0; f < object.track.frameCount(); ++f) {
      FrameState state = FrameState::Absent;
      if (!object.track.mask(f).isEmpty()) state = FrameState::Visible;
      else if (!object.amodal.empty() && !object.amodal.at(object.chosenSample).masks.at(f).isEmpty())
        state = FrameState::Hidden;
      row.frames.push_back(state);
    }
    rows.push_back(std::move(row));
  }
  timeline_->setRows(std::move(rows), frameCount());
}

void MainWindow::objectsChanged() {
  refreshTimeline();
  refreshObjectList();
  refreshSampleList();
  refreshOverlays();
}

void MainWindow::addObject() {
  if (!source_) return;
  const int index = int(objects_.size());
  SessionObject object{tr("object%1").arg(index + 1), objectColour(index), true,
                       MaskTrack(source_->frameCount(), source_->frameSize()), {}, {}, 0};
  undo_->push(new AddObjectCommand(objects_, std::move(object), [this] { objectsChanged(); }));
  currentObject_ = index;
  refreshObjectList();
}

void MainWindow::clickAt(QPoint imagePixel, bool positive) {
  if (!source_) return;
  const cv::Size size = source_->frameSize();
  if (imagePixel.x() < 0 || imagePixel.y() < 0 || imagePixel.x() >= size.width ||
      imagePixel.y() >= size.height)
    return;
  if (currentObject_ < 0) addObject();
  const int objectIndex = currentObject_;
  const int frame = currentFrame();
  std::vector<Click> clicks;
  const auto found = objects_[objectIndex].clicks.find(frame);
  if (found != objects_[objectIndex].clicks.end()) clicks = found->second;
  clicks.push_back({cv::Point(imagePixel.x(), imagePixel.y()), positive});
  const cv::Mat image = source_->readFrame(frame).clone();
  auto result = std::make_shared<Mask>();
  startJob(tr("Segment %1 @%2").arg(objects_[objectIndex].name).arg(frame),
           [image, clicks, result](JobContext& context) {
             SegmentRequest request;
             request.clicks = clicks;
             *result = Segmenter().segment(image, request);
             context.report(1, 1, "segment");
           },
           [this, objectIndex, frame, clicks, result, positive] {
             if (objectIndex >= int(objects_.size())) return;
             SessionObject after = objects_[objectIndex];
             after.clicks[frame] = clicks;
             after.track.setKeyframe(frame, *result);
             undo_->push(new ReplaceObjectCommand(objects_, objectIndex, std::move(after),
                                                  positive ? tr("+ click @%1").arg(frame)
                                                           : tr("− click @%1").arg(frame),
                                                  [this] { objectsChanged(); }));
           });
}

void MainWindow::track(TrackDirection direction) {
  if (!source_ || currentObject_ < 0) return;
  const int objectIndex = currentObject_;
  const int frame = currentFrame();
  const int last = frameCount() - 1;
  FrameRange range{0, last};
  if (direction == TrackDirection::Forward) range.first = frame;
  if (direction == TrackDirection::Backward) range.last = frame;
  const MaskTrack snapshot = objects_[objectIndex].track;
  const std::string path = sourcePath_.toStdString();
  auto result = std::make_shared<std::vector<Mask>>();
  startJob(tr("Track %1").arg(objects_[objectIndex].name),
           [snapshot, path, range, result](JobContext& context) {
             // The job reads frames through its own source: FrameSource is not shared
             // across threads.
             std::unique_ptr<FrameSource> frames = openFrameSource(path);
             *result = Tracker().propagate(*frames, snapshot, range, context);
           },
           [this, objectIndex, range, result] {
             if (objectIndex >= int(objects_.size())) return;
             SessionObject after = objects_[objectIndex];
             after.track.setMasks(range.first, *result);
             undo_->push(new ReplaceObjectCommand(objects_, objectIndex, std::move(after),
                                                  tr("Track %1..%2").arg(range.first).arg(range.last),
                                                  [this] { objectsChanged(); }));
           });
}

void MainWindow::runAmodal(int topK) {
  if (!source_ || currentObject_ < 0) return;
  const int objectIndex = currentObject_;
  std::vector<Mask> modal;
  for (int f = 0; f < frameCount(); ++f) modal.push_back(objects_[objectIndex].track.mask(f));
  const std::string path = sourcePath_.toStdString();
  auto result = std::make_shared<std::vector<AmodalSample>>();
  startJob(tr("Amodal %1 (K=%2)").arg(objects_[objectIndex].name).arg(topK),
           [modal, path, topK, result](JobContext& context) {
             std::unique_ptr<FrameSource> frames = openFrameSource(path);
             AmodalInput input;
             input.frames = frames.get();
             input.modal = modal;
             AmodalOptions options;
             options.topK = topK;
             *result = makeAmodalMasker("classic")->infer(input, options, context);
           },
           [this, objectIndex, result] {
             if (objectIndex >= int(objects_.size())) return;
             SessionObject after = objects_[objectIndex];
             after.amodal = *result;
             after.chosenSample = 0;
             const QString text = tr("Amodal %1").arg(after.name);
             undo_->push(new ReplaceObjectCommand(objects_, objectIndex, std::move(after), text,
                                                  [this] { objectsChanged(); }));
           });
}

void MainWindow::chooseSample(int sample) {
  if (currentObject_ < 0 || currentObject_ >= int(objects_.size())) return;
  const SessionObject& object = objects_[currentObject_];
  if (sample < 0 || sample >= int(object.amodal.size()) || sample == object.chosenSample) return;
  SessionObject after = object;
  after.chosenSample = sample;
  undo_->push(new ReplaceObjectCommand(objects_, currentObject_, std::move(after),
                                       tr("Choose sample %1").arg(sample + 1), [this] { objectsChanged(); }));
}

JobBridge* MainWindow::startJob(const QString& name, JobFunction function,
                                std::function<void()> onSucceeded) {
  auto* job = new JobBridge(runner_, name, std::move(function), this);
  jobs_.push_back(job);
  auto* item = new QListWidgetItem(name + tr(" — queued"), jobList_);
  progress_->setVisible(true);
  connect(job, &JobBridge::progressed, this, [this, item, name](qint64 done, qint64 total, const QString&) {
    item->setText(tr("%1 — %2/%3").arg(name).arg(done).arg(total));
    progress_->setRange(0, int(total));
    progress_->setValue(int(done));
    statusBar()->showMessage(tr("%1: %2/%3").arg(name).arg(done).arg(total));
  });
  connect(job, &JobBridge::finished, this,
          [this, job, item, name, onSucceeded](const QString& status, const QString& error) {
            const int row = jobList_->row(item);
            delete jobList_->takeItem(row);
            jobs_.erase(std::find(jobs_.begin(), jobs_.end(), job));
            job->deleteLater();
            progress_->setVisible(!jobs_.empty());
            statusBar()->showMessage(tr("%1: %2").arg(name, status), 4000);
            if (status == "succeeded") onSucceeded();
            else if (status == "failed") showError(name, error);
          });
  return job;
}

int MainWindow::runningJobs() const { return int(jobs_.size()); }

void MainWindow::showError(const QString& title, const QString& message) {
  // Offscreen test runs must not block on a modal dialog.
  if (QGuiApplication::platformName() == "offscreen") {
    statusBar()->showMessage(title + ": " + message);
    qWarning("%s: %s", qPrintable(title), qPrintable(message));
    return;
  }
  QMessageBox::critical(this, title, message);
}

void MainWindow::chooseVideo() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open Video"), QString(),
                                                    tr("Videos (*.mp4 *.mov *.mkv *.avi *.webm);;All files (*)"));
  if (!path.isEmpty()) openSource(path);
}

void MainWindow::chooseFolder() {
  const QString path = QFileDialog::getExistingDirectory(this, tr("Open Frame Folder"));
  if (!path.isEmpty()) openSource(path);
}

void MainWindow::rememberRecent(const QString& path) {
  QSettings settings;
  QStringList recent = settings.value("recentFiles").toStringList();
  const QString absolute = QFileInfo(path).absoluteFilePath();
  recent.removeAll(absolute);
  recent.prepend(absolute);
  while (recent.size() > kMaxRecent) recent.removeLast();
  settings.setValue("recentFiles", recent);
  rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
  recentMenu_->clear();
  const QStringList recent = QSettings().value("recentFiles").toStringList();
  for (const QString& path : recent)
    recentMenu_->addAction(path, this, [this, path] { openSource(path); });
  recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (!urls.isEmpty() && urls.first().isLocalFile()) openSource(urls.first().toLocalFile());
}

}  // namespace permanence::ui
