#include "main_window.h"

#include "action_look.h"
#include "composition_editor.h"
#include "track/correction_retrack.h"
#include "deocclusion.h"
#include "edit_commands.h"
#include "job_controller.h"
#include "jobs_panel.h"
#include "layers_panel.h"
#include "learned_track.h"
#include "objects_panel.h"
#include "project/project_paths.h"
#include "project/project_store.h"
#include "project_io.h"
#include "sample_gallery.h"
#include "settings_dialog.h"
#include "thumbnail_worker.h"
#include "timeline.h"
#include "time_left.h"
#include "track/tracker.h"
#include "viewer.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QUndoView>

#include <opencv2/imgproc.hpp>

namespace permanence::ui {
namespace {

constexpr int kMaxRecent = 8;
const QString kProjectSuffix = QStringLiteral(".permanence");

// A project is a folder holding project.json (its name usually ends in .permanence).
bool isProjectFolder(const QString& path) {
  return QFileInfo(QDir(path).filePath(QString::fromUtf8(kProjectFileName))).isFile();
}

// As RGB32 (BGRA bytes on little-endian machines): the format the viewer paints
// without converting the frame again on every repaint.
QImage toQImage(const cv::Mat& bgr) {
  QImage image(bgr.cols, bgr.rows, QImage::Format_RGB32);
  cv::Mat bgra(bgr.rows, bgr.cols, CV_8UC4, image.bits(), static_cast<std::size_t>(image.bytesPerLine()));
  cv::cvtColor(bgr, bgra, cv::COLOR_BGR2BGRA);
  return image;
}

QString timecode(double seconds) {
  const int ms = static_cast<int>(seconds * 1000 + 0.5);
  return QString("%1:%2.%3")
      .arg(ms / 60000, 2, 10, QChar('0'))
      .arg(ms / 1000 % 60, 2, 10, QChar('0'))
      .arg(ms % 1000, 3, 10, QChar('0'));
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle("Permanence");
  setAcceptDrops(true);
  undoStack_ = new QUndoStack(this);
  // The title's modified mark follows the undo stack: clean is what was saved.
  connect(undoStack_, &QUndoStack::cleanChanged, this, [this](bool clean) { setWindowModified(!clean); });
  jobs_ = new JobController(this);
  projectIo_ = new JobController(this, JobController::Priority::Interactive);
  playTimer_ = new QTimer(this);
  viewer_ = new Viewer(this);
  viewer_->setPlaceholder(
      tr("Open a video (Ctrl+O), a frame folder, or a project (Ctrl+Shift+O) \u2014 or drop one here.\n\n"
         "Then click the object to cut out (+ tool, A), track it (Ctrl+T) and de-occlude it (Ctrl+D)."));
  setCentralWidget(viewer_);
  connect(viewer_, &Viewer::frameClicked, this, &MainWindow::onFrameClicked);
  connect(viewer_, &Viewer::boxDrawn, this, &MainWindow::onBoxDrawn);
  connect(&prefetcher_, &FramePrefetcher::targetReady, this, &MainWindow::onFrameDecoded);
  connect(playTimer_, &QTimer::timeout, this, &MainWindow::advancePlayback);
  autosaveTimer_ = new QTimer(this);
  connect(autosaveTimer_, &QTimer::timeout, this, &MainWindow::autosave);
  autosaveTimer_->start(60 * 1000);
  connect(&session_, &ObjectSession::changed, this, &MainWindow::refresh);
  connect(&session_, &ObjectSession::changed, this, &MainWindow::cancelOutdatedCorrection);
  connect(&session_, &ObjectSession::keyframeSegmented, this, &MainWindow::onKeyframeSegmented);
  connect(&session_, &ObjectSession::segmentationFailed, this, [this](const QString& error) {
    QMessageBox::warning(this, tr("Cannot compute the mask"), error);
  });
  connect(jobs_, &JobController::progressed, this, &MainWindow::onJobProgress);
  connect(jobs_, &JobController::finished, this, &MainWindow::onJobFinished);
  settings_ = EditorSettings::load();
  cache_.setBudget(std::size_t(settings_.cacheMb) << 20);
  composition_ = new CompositionEditor(*this);
  connect(&composition_->composition(), &Composition::changed, this, &MainWindow::refreshTimeline);
  buildDocks();
  buildMenus();
  buildStatusBar();
  connect(&session_, &ObjectSession::learnedTrackerFailed, this, [this](const QString& reason) {
    statusBar()->showMessage(tr("SAM 2 cannot start: %1. The classic tier is used.").arg(reason), 15000);
  });
  useTrackingBackend();
  sizeToScreen();
}

void MainWindow::sizeToScreen() {
  // The preferred size, reduced to the screen's free area less room for the window
  // frame: a 1280x720 screen, or 4K at a scale factor of 2 (1920x1080 logical).
  constexpr QSize kPreferred(1400, 900);
  constexpr QSize kFrameRoom(16, 48);  // borders and a title bar
  const QRect available = screen()->availableGeometry();
  resize(kPreferred.boundedTo(available.size() - kFrameRoom).expandedTo(minimumSizeHint()));
  // Centred, but never above the screen's top or left (the minimum size may leave
  // less than the frame's room).
  move(available.topLeft() + QPoint(std::max(0, (available.width() - width()) / 2),
                                    std::max(0, (available.height() - height() - kFrameRoom.height()) / 2)));
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
  auto* file = menuBar()->addMenu(tr("&File"));
  QAction* openVideo = file->addAction(tr("Open &Video..."), QKeySequence::Open, this, &MainWindow::chooseVideo);
  file->addAction(tr("Open &Frame Folder..."), this, &MainWindow::chooseFolder);
  recentMenu_ = file->addMenu(tr("Open &Recent"));
  rebuildRecentMenu();
  file->addSeparator();
  file->addAction(tr("Open &Project..."), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this,
                  &MainWindow::chooseProject);
  QAction* save = file->addAction(tr("&Save Project"), QKeySequence::Save, this, &MainWindow::saveProject);
  file->addAction(tr("Save Project &As..."), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S), this,
                  &MainWindow::saveProjectAs);
  file->addSeparator();
  file->addAction(composition_->exportAction());
  file->addSeparator();
  // Ctrl+Q spelled out: QKeySequence::Quit is empty where the platform theme has no
  // binding for it (the offscreen platform, some desktops). close() asks to save.
  file->addAction(tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q), this, &QWidget::close);

  auto* edit = menuBar()->addMenu(tr("&Edit"));
  QAction* undo = undoStack_->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = undoStack_->createRedoAction(this, tr("&Redo"));
  // Both conventions, each once: QKeySequence::Redo already holds Ctrl+Shift+Z on
  // Linux, and listing it beside that made the key ambiguous (it did nothing).
  redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
  edit->addAction(undo);
  edit->addAction(redo);
  edit->addSeparator();
  edit->addAction(tr("&Settings..."), QKeySequence::Preferences, this, &MainWindow::showSettings);

  auto* object = menuBar()->addMenu(tr("&Object"));
  object->addAction(tr("&New Object"), QKeySequence(Qt::CTRL | Qt::Key_N), this, &MainWindow::newObject);
  auto* tools = new QActionGroup(this);
  // A and S first: the menus show the first shortcut, and the README names A and S.
  addTool_ = object->addAction(tr("&Add Click Tool"));
  addTool_->setShortcuts({QKeySequence(Qt::Key_A), QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal)});
  removeTool_ = object->addAction(tr("Re&move Click Tool"));
  removeTool_->setShortcuts({QKeySequence(Qt::Key_S), QKeySequence(Qt::Key_Minus)});
  boxTool_ = object->addAction(tr("&Box Tool"));
  boxTool_->setShortcut(QKeySequence(Qt::Key_B));
  for (QAction* tool : {addTool_, removeTool_, boxTool_}) {
    tool->setCheckable(true);
    tools->addAction(tool);
  }
  addTool_->setChecked(true);
  connect(addTool_, &QAction::triggered, this, [this] { setPositiveTool(true); });
  connect(removeTool_, &QAction::triggered, this, [this] { setPositiveTool(false); });
  connect(boxTool_, &QAction::triggered, this, &MainWindow::setBoxTool);
  object->addSeparator();
  struct TrackAction {
    QString text;
    QKeySequence key;
    TrackDirection direction;
  };
  const TrackAction trackActions[] = {
      {tr("Track &Both Ways"), QKeySequence(Qt::CTRL | Qt::Key_T), TrackDirection::Both},
      {tr("Track &Forward"), QKeySequence(Qt::CTRL | Qt::Key_Right), TrackDirection::Forward},
      {tr("Track Back&ward"), QKeySequence(Qt::CTRL | Qt::Key_Left), TrackDirection::Backward},
      {tr("&Re-track Between Keyframes"), QKeySequence(Qt::CTRL | Qt::Key_R), TrackDirection::BetweenKeyframes}};
  std::vector<QAction*> track;
  for (const TrackAction& t : trackActions)
    track.push_back(object->addAction(t.text, t.key, this, [this, d = t.direction] { trackCurrentObject(d); }));

  auto* playback = menuBar()->addMenu(tr("&Playback"));
  struct Move {
    QString text;
    QKeySequence key;
    int frames;
  };
  QAction* play = playback->addAction(tr("Play / Pause"), QKeySequence(Qt::Key_Space), this, &MainWindow::togglePlayback);
  const Move moves[] = {{tr("Next Frame"), QKeySequence(Qt::Key_Right), 1},
                        {tr("Previous Frame"), QKeySequence(Qt::Key_Left), -1},
                        {tr("Forward 10 Frames"), QKeySequence(Qt::SHIFT | Qt::Key_Right), 10},
                        {tr("Back 10 Frames"), QKeySequence(Qt::SHIFT | Qt::Key_Left), -10}};
  for (const Move& m : moves) playback->addAction(m.text, m.key, this, [this, f = m.frames] { step(f); });
  playback->addAction(tr("First Frame"), QKeySequence(Qt::Key_Home), this, [this] { setCurrentFrame(0); });
  playback->addAction(tr("Last Frame"), QKeySequence(Qt::Key_End), this,
                      [this] { setCurrentFrame(source_ ? source_->frameCount() - 1 : 0); });

  viewMenu_->addSeparator();
  struct OverlayAction {
    QString text;
    bool OverlayKinds::*kind;
  };
  const OverlayAction overlayActions[] = {{tr("Show &Visible Masks"), &OverlayKinds::modal},
                                          {tr("Show &Hidden Parts (Amodal)"), &OverlayKinds::amodal},
                                          {tr("Show &Completed Layers"), &OverlayKinds::completed}};
  for (const OverlayAction& o : overlayActions) {
    QAction* action = viewMenu_->addAction(o.text);
    action->setCheckable(true);
    action->setChecked(overlayKinds_.*o.kind);
    connect(action, &QAction::toggled, this, [this, kind = o.kind](bool on) {
      OverlayKinds kinds = overlayKinds_;
      kinds.*kind = on;
      setOverlayKinds(kinds);
    });
  }
  viewMenu_->addSeparator();
  viewMenu_->addAction(composition_->compositeViewAction());
  viewMenu_->addAction(tr("&Fit"), QKeySequence(Qt::Key_F), viewer_, &Viewer::zoomToFit);
  viewMenu_->addAction(tr("&1:1"), QKeySequence(Qt::Key_1), viewer_, &Viewer::zoomActualSize);
  menuBar()->addMenu(viewMenu_);

  auto* toolbar = addToolBar(tr("Tools"));
  toolbar->setObjectName("tools");
  for (QAction* action : {openVideo, save, composition_->exportAction()}) toolbar->addAction(action);
  toolbar->addSeparator();
  toolbar->addAction(undo);
  toolbar->addAction(redo);
  toolbar->addSeparator();
  toolbar->addAction(addTool_);
  toolbar->addAction(removeTool_);
  toolbar->addAction(boxTool_);
  toolbar->addSeparator();
  for (QAction* action : track) toolbar->addAction(action);
  toolbar->addSeparator();
  toolbar->addWidget(new QLabel(tr(" K "), toolbar));
  topK_ = new QSpinBox(toolbar);
  topK_->setRange(1, 8);
  topK_->setValue(3);
  topK_->setToolTip(tr("Number of alternative samples (Top-K)"));
  topK_->setValue(settings_.defaultK);
  toolbar->addWidget(topK_);
  QAction* deocclude = object->addAction(tr("&De-occlude (Amodal + Completion)"), QKeySequence(Qt::CTRL | Qt::Key_D),
                                         this, [this] { deoccludeCurrentObject(topK_->value()); });
  toolbar->addAction(deocclude);
  object->addAction(composition_->plateAction());
  toolbar->addAction(composition_->compositeViewAction());
  toolbar->addSeparator();
  toolbar->addAction(play);
  toolbar->addWidget(new QLabel(tr(" Overlay "), toolbar));
  auto* opacity = new QSlider(Qt::Horizontal, toolbar);
  opacity->setRange(0, 100);
  opacity->setValue(static_cast<int>(viewer_->overlayOpacity() * 100));
  opacity->setMaximumWidth(140);
  opacity->setToolTip(tr("Opacity of the mask overlays"));
  connect(opacity, &QSlider::valueChanged, this, [this](int v) { viewer_->setOverlayOpacity(v / 100.0); });
  toolbar->addWidget(opacity);

  // Icons from resources/icons; tooltips name the shortcut.
  setActionLook(openVideo, "open", tr("Open a video"));
  setActionLook(save, "save", tr("Save the project"));
  setActionLook(composition_->exportAction(), "export", tr("Export the composite, layers and mattes"));
  setActionLook(undo, "undo", tr("Undo"));
  setActionLook(redo, "redo", tr("Redo"));
  setActionLook(addTool_, "add-click", tr("Add to object"));
  setActionLook(removeTool_, "remove-click", tr("Remove from object"));
  setActionLook(boxTool_, "box", tr("Drag a box around the object"));
  const char* const trackIcons[] = {"track-both", "track-forward", "track-backward", "retrack"};
  for (size_t i = 0; i < track.size(); ++i) setActionLook(track[i], trackIcons[i], track[i]->text().remove('&'));
  setActionLook(deocclude, "deocclude", tr("De-occlude: the hidden shape and pixels, K samples"));
  setActionLook(composition_->compositeViewAction(), "composite",
                tr("Show the re-composed frame: background plate and layers"));
  setActionLook(play, "play-pause", tr("Play / pause"));
}

void MainWindow::buildDocks() {
  viewMenu_ = new QMenu(tr("&View"), this);
  auto addDock = [this](const QString& title, const QString& name, QWidget* widget, Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    dock->setWidget(widget);
    addDockWidget(area, dock);
    viewMenu_->addAction(dock->toggleViewAction());
    return dock;
  };
  objectsPanel_ = new ObjectsPanel(this);
  connect(objectsPanel_, &ObjectsPanel::currentObjectChanged, this, [this](int row) {
    currentObject_ = row;
    refreshSamples();
    refreshFrame();
  });
  connect(objectsPanel_, &ObjectsPanel::visibilityRequested, this, &MainWindow::setObjectVisible);
  connect(objectsPanel_, &ObjectsPanel::renameRequested, this, [this](int index, const QString& name) {
    undoStack_->push(new SetAppearanceCommand(session_, index, name, session_.object(index).colour));
  });
  connect(objectsPanel_, &ObjectsPanel::colourRequested, this, [this](int index, const QColor& colour) {
    undoStack_->push(new SetAppearanceCommand(session_, index, session_.object(index).name, colour));
  });
  addDock(tr("Objects"), "objects", objectsPanel_, Qt::RightDockWidgetArea);
  gallery_ = new SampleGallery(this);
  connect(gallery_, &SampleGallery::sampleChosen, this, &MainWindow::chooseSample);
  addDock(tr("Top-K Samples"), "samples", gallery_, Qt::RightDockWidgetArea);
  addDock(tr("Layers"), "layers", composition_->panel(), Qt::RightDockWidgetArea);
  // Entries name the frames they changed ("+ click on frame 290, re-tracked frames
  // 285-299"): they wrap to the dock's width rather than hide behind a scroll bar.
  auto* historyView = new QUndoView(undoStack_, this);
  historyView->setWordWrap(true);
  historyView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  historyView->setResizeMode(QListView::Adjust);
  QDockWidget* history = addDock(tr("History"), "history", historyView, Qt::RightDockWidgetArea);
  jobsPanel_ = new JobsPanel(jobs_, this);
  QDockWidget* jobs = addDock(tr("Jobs"), "jobs", jobsPanel_, Qt::RightDockWidgetArea);
  // Tabbed: five panels stacked left too little height for each on a 720-line screen.
  tabifyDockWidget(history, jobs);
  history->raise();
  timeline_ = new Timeline(this);
  connect(timeline_, &Timeline::frameRequested, this, &MainWindow::setCurrentFrame);
  thumbnails_ = new ThumbnailWorker(this);
  connect(thumbnails_, &ThumbnailWorker::thumbnailReady, timeline_, &Timeline::setThumbnail);
  // The rows scroll: a timeline growing with each object grew the window.
  auto* timelineScroll = new QScrollArea(this);
  timelineScroll->setWidget(timeline_);
  timelineScroll->setWidgetResizable(true);
  timelineScroll->setFrameShape(QFrame::NoFrame);
  timelineScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  timelineScroll->setMinimumHeight(timeline_->minimumHeight());
  addDock(tr("Timeline"), "timeline", timelineScroll, Qt::BottomDockWidgetArea);
}

void MainWindow::buildStatusBar() {
  frameLabel_ = new QLabel(tr("No clip"), this);
  frameLabel_->setObjectName("frameCounter");
  jobLabel_ = new QLabel(this);
  progress_ = new QProgressBar(this);
  progress_->setMaximumWidth(220);
  cancelButton_ = new QPushButton(tr("Cancel"), this);
  cancelButton_->setFocusPolicy(Qt::NoFocus);
  connect(cancelButton_, &QPushButton::clicked, jobs_, &JobController::cancel);
  statusBar()->addPermanentWidget(frameLabel_, 1);
  statusBar()->addPermanentWidget(jobLabel_);
  statusBar()->addPermanentWidget(progress_);
  statusBar()->addPermanentWidget(cancelButton_);
  progress_->hide();
  cancelButton_->hide();
}

bool MainWindow::openSource(const QString& path) { return offerToSaveChanges() && loadSource(path); }

bool MainWindow::openPath(const QString& path) {
  return isProjectFolder(path) ? openProject(path) : openSource(path);
}

std::optional<MainWindow::OpenedClip> MainWindow::openClip(const QString& path) {
  auto clip = std::make_shared<OpenedClip>();
  auto work = [clip, file = path.toStdString()](JobContext&) {
    clip->source = openFrameSource(file);
    // Read with the open (one decode, no seek): the clip comes up with a frame on
    // screen, which is where clicks go, and a clip whose first frame cannot be
    // decoded is refused here rather than shown grey.
    clip->first = clip->source->readFrame(0);
  };
  QString error;
  if (runProjectJob(tr("Opening %1").arg(QFileInfo(path).fileName()), work, &error) != JobStatus::Succeeded) {
    QMessageBox::critical(this, tr("Cannot open %1").arg(QFileInfo(path).fileName()),
                          tr("Cannot open %1:\n%2").arg(path, error));
    return std::nullopt;
  }
  return std::move(*clip);
}

bool MainWindow::loadSource(const QString& path) {
  std::optional<OpenedClip> clip = openClip(path);
  if (!clip) return false;
  installSource(std::move(*clip), path);
  return true;
}

void MainWindow::installSource(OpenedClip clip, const QString& path) {
  playTimer_->stop();
  pendingCorrection_.reset();
  jobs_->cancel();
  session_.cancelSegmentation();  // these two read the old source
  prefetcher_.cancel();
  undoStack_->clear();
  cache_.clear();
  source_ = std::move(clip.source);
  shownFrame_ = -1;
  projectFolder_.clear();
  current_ = 0;
  currentObject_ = -1;
  timeline_->setFrameCount(source_->frameCount());
  viewer_->setFrameSize(QSize(source_->frameSize().width, source_->frameSize().height));
  // As many thumbnails as fit side by side in the strip, uncropped.
  const cv::Size size = source_->frameSize();
  const double thumbWidth = 38.0 * size.width / std::max(1, size.height);
  thumbnails_->start(path, source_->frameCount(), std::clamp(static_cast<int>(timeline_->width() / thumbWidth), 4, 60), 38);
  session_.reset(source_.get(), &cache_);
  composition_->reset();
  rememberRecent(path);
  updateTitle();
  viewer_->zoomToFit();
  showDecoded(0, clip.first);
  setCurrentFrame(0);
}

JobStatus MainWindow::runProjectJob(const QString& name, JobFunction work, QString* error) {
  QEventLoop loop;
  JobStatus status = JobStatus::Failed;
  const auto progressed =
      connect(projectIo_, &JobController::progressed, this, [this, name](qint64 done, qint64 total, const QString&) {
        statusBar()->showMessage(tr("%1\u2026 %2").arg(name, projectIo_->describeProgress(done, total, {})));
      });
  const auto finished = connect(projectIo_, &JobController::finished, &loop,
                                [&status, error, &loop](const QString&, int outcome, const QString& message) {
                                  status = static_cast<JobStatus>(outcome);
                                  if (error) *error = message;
                                  loop.quit();
                                });
  projectIoBusy_ = true;
  statusBar()->showMessage(name + "\u2026");
  QApplication::setOverrideCursor(Qt::BusyCursor);
  if (projectIo_->start(name, std::move(work), {}))
    // The window keeps painting and the jobs report; what the user types or clicks
    // meanwhile waits until the files are read or written, so no edit slips between
    // the state saved and the one marked clean.
    loop.exec(QEventLoop::ExcludeUserInputEvents);
  QApplication::restoreOverrideCursor();
  projectIoBusy_ = false;
  disconnect(progressed);
  disconnect(finished);
  statusBar()->clearMessage();
  return status;
}

bool MainWindow::saveProjectTo(const QString& folder) {
  if (!source_ || projectIoBusy_) return false;
  const std::filesystem::path path = folder.toStdString();
  // The model and the pixels as they are now (copies); the job writes them.
  auto project = std::make_shared<Project>(sessionToProject(session_, path));
  composition_->saveInto(*project, path);
  auto pixels = std::make_shared<ProjectPixels>(pixelsOf(session_));
  pixels->plate = composition_->platePixels();
  auto work = [project, pixels, naming = frameNamingOf(*source_), path](JobContext& context) {
    std::filesystem::create_directories(path);
    writeProjectPixels(*pixels, naming, path, *project, context);
    permanence::saveProject(*project, path);
  };
  QString error;
  if (runProjectJob(tr("Saving %1").arg(QDir(folder).dirName()), work, &error) != JobStatus::Succeeded) {
    QMessageBox::critical(this, tr("Cannot save project"), error);
    return false;
  }
  projectFolder_ = folder;
  undoStack_->setClean();
  updateTitle();
  statusBar()->showMessage(tr("Saved %1").arg(folder), 4000);
  return true;
}

bool MainWindow::openProject(const QString& folder) {
  if (projectIoBusy_ || !offerToSaveChanges()) return false;
  const std::filesystem::path path = folder.toStdString();
  Project project;
  try {
    const bool recover =
        hasRecoverableAutosave(path) &&
        QMessageBox::question(this, tr("Recover project"),
                              tr("%1 has unsaved changes from a session that did not end normally. Recover them?")
                                  .arg(folder)) == QMessageBox::Yes;
    project = recover ? loadAutosave(path) : loadProject(path);
    if (!recover) discardAutosave(path);
  } catch (const std::exception& e) {
    QMessageBox::critical(this, tr("Cannot open project"), QString::fromStdString(e.what()));
    return false;
  }
  const std::string file = (path / kProjectFileName).string();
  QString source;
  try {
    source = QString::fromStdString(resolveInProject(path, project.source, true, file).string());
  } catch (const std::exception& e) {
    QMessageBox::critical(this, tr("Cannot open project"), QString::fromStdString(e.what()));
    return false;
  }
  std::optional<OpenedClip> clip = openClip(source);
  if (!clip) return false;
  // The masks, samples and plate are read before anything of the open session goes:
  // a project that cannot be read leaves the window as it was.
  auto pixels = std::make_shared<ProjectPixels>();
  auto work = [pixels, project, naming = frameNamingOf(*clip->source), path](JobContext& context) {
    *pixels = readProjectPixels(project, naming, path, context);
  };
  QString error;
  if (runProjectJob(tr("Opening %1").arg(QDir(folder).dirName()), work, &error) != JobStatus::Succeeded) {
    QMessageBox::critical(this, tr("Cannot open project"), error);
    return false;
  }
  installSource(std::move(*clip), source);
  try {
    projectToSession(project, *pixels, session_);
    composition_->restore(project, pixels->plate);
  } catch (const std::exception& e) {
    QMessageBox::critical(this, tr("Cannot open project"), QString::fromStdString(e.what()));
  }
  projectFolder_ = folder;
  undoStack_->setClean();
  rememberRecent(folder);
  updateTitle();
  if (session_.objectCount() > 0) selectObject(0);
  return true;
}

bool MainWindow::offerToSaveChanges() {
  if (!source_ || undoStack_->isClean()) return true;
  QMessageBox box(QMessageBox::Warning, tr("Save changes?"),
                  tr("%1 has changes that are not saved.").arg(projectName()),
                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
  box.setInformativeText(tr("Save them before going on?"));
  box.setDefaultButton(QMessageBox::Save);
  switch (box.exec()) {
    case QMessageBox::Save:
      return saveProject();
    case QMessageBox::Discard:
      // What the user threw away must not come back as a recovery offer.
      if (!projectFolder_.isEmpty()) discardAutosave(projectFolder_.toStdString());
      return true;
    default:
      return false;
  }
}

QString MainWindow::projectName() const {
  if (!projectFolder_.isEmpty()) {
    QString name = QDir(projectFolder_).dirName();
    if (name.endsWith(kProjectSuffix)) name.chop(kProjectSuffix.size());
    return name;
  }
  return source_ ? tr("%1 (not saved as a project)").arg(QFileInfo(QString::fromStdString(source_->path())).fileName())
                 : QString();
}

QString MainWindow::proposedProjectPath() const {
  if (!projectFolder_.isEmpty()) return projectFolder_;
  if (!source_) return {};
  // Next to the clip, named after it: clip.mp4 -> clip.permanence, frames/ -> frames.permanence.
  const QFileInfo clip(QString::fromStdString(source_->path()));
  const QString base = clip.isDir() ? QDir(clip.absoluteFilePath()).dirName() : clip.completeBaseName();
  return QDir(clip.absolutePath()).filePath(base + kProjectSuffix);
}

void MainWindow::updateTitle() {
  // Qt shows "*" in place of [*] while the window is modified.
  setWindowTitle(source_ ? tr("%1[*] \u2014 Permanence").arg(projectName()) : tr("Permanence"));
  setWindowModified(!undoStack_->isClean());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  // Not while a project is being read or written (the window's own close button).
  if (!projectIoBusy_ && offerToSaveChanges()) event->accept(); else event->ignore();
}

void MainWindow::autosave() {
  if (!source_ || projectFolder_.isEmpty() || undoStack_->isClean() || projectIoBusy_) return;
  try {
    // Prompts and choices only: point at the pixels of the last save.
    const std::filesystem::path path = projectFolder_.toStdString();
    Project project = sessionToProject(session_, path);
    composition_->saveInto(project, path);
    const Project saved = loadProject(path);
    for (ObjectTrack& track : project.objects)
      if (const ObjectTrack* old = saved.findObject(track.id)) {
        track.modalPath = old->modalPath;
        track.samples = old->samples;
      }
    autosaveProject(project, path);
  } catch (const std::exception& e) {
    statusBar()->showMessage(tr("Autosave failed: %1").arg(QString::fromStdString(e.what())), 8000);
  }
}

void MainWindow::chooseProject() {
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Project Folder"));
  if (!folder.isEmpty()) openProject(folder);
}

bool MainWindow::saveProject() { return projectFolder_.isEmpty() ? saveProjectAs() : saveProjectTo(projectFolder_); }

bool MainWindow::saveProjectAs() {
  if (!source_) return false;
  QString folder =
      QFileDialog::getSaveFileName(this, tr("Save Project As"), proposedProjectPath(), tr("Projects (*.permanence)"));
  if (folder.isEmpty()) return false;
  if (!folder.endsWith(kProjectSuffix)) folder += kProjectSuffix;
  return saveProjectTo(folder);
}

void MainWindow::setCurrentFrame(int frame) {
  if (!source_) return;
  current_ = std::clamp(frame, 0, source_->frameCount() - 1);
  timeline_->setCurrentFrame(current_);
  // Decoded on the prefetcher's thread (with the frames after it); until it is, the
  // viewer keeps the newest decoded frame, so scrubbing never waits for a decoder.
  prefetcher_.request(source_.get(), &cache_, current_, playbackLookahead());
  refreshFrame();
}

void MainWindow::selectObject(int index) {
  currentObject_ = index;
  refreshObjectList();
  refreshSamples();
  refreshFrame();
}

void MainWindow::setPositiveTool(bool positive) {
  positiveTool_ = positive;
  (positive ? addTool_ : removeTool_)->setChecked(true);
  viewer_->setTool(ViewerTool::Click);
}

void MainWindow::setBoxTool() {
  boxTool_->setChecked(true);
  viewer_->setTool(ViewerTool::Box);
}

void MainWindow::setObjectVisible(int index, bool visible) {
  if (index < 0 || index >= session_.objectCount() || session_.object(index).visible == visible) return;
  undoStack_->push(new SetVisibleCommand(session_, index, visible));
}

void MainWindow::setOverlayKinds(const OverlayKinds& kinds) {
  overlayKinds_ = kinds;
  refreshFrame();
}

bool MainWindow::isPlaying() const { return playTimer_->isActive(); }

void MainWindow::togglePlayback() {
  if (!source_) return;
  if (playTimer_->isActive()) {
    playTimer_->stop();
    return;
  }
  const double fps = source_->frameRate().toDouble();
  playTimer_->start(static_cast<int>(1000.0 / (fps > 0 ? fps : 25.0)));
  prefetcher_.request(source_.get(), &cache_, current_ + 1, playbackLookahead());
  overlays_.prefetch(session_, current_ + 1, current_ + playbackLookahead(), overlayKinds_);
}

void MainWindow::advancePlayback() {
  const int next = current_ + 1;
  if (next >= source_->frameCount()) {
    playTimer_->stop();
    return;
  }
  // Play from the cache: when the prefetcher has not decoded the next frame yet,
  // hold this one a tick rather than decode on the GUI thread.
  if (cache_.peek(*source_, next).empty()) {
    prefetcher_.request(source_.get(), &cache_, next, playbackLookahead());
    return;
  }
  setCurrentFrame(next);
  // The completed layers of the frames to come, decoded beside the frames themselves.
  overlays_.prefetch(session_, next + 1, next + playbackLookahead(), overlayKinds_);
}

int MainWindow::playbackLookahead() const {
  // Half a second ahead while playing, a few frames for stepping.
  return isPlaying() ? std::max(4, static_cast<int>(source_->frameRate().toDouble() / 2)) : 3;
}

void MainWindow::step(int frames) { setCurrentFrame(current_ + frames); }

void MainWindow::newObject() {
  if (!source_) return;
  undoStack_->push(new AddObjectCommand(session_));
  selectObject(session_.objectCount() - 1);
}

void MainWindow::onFrameClicked(const QPoint& framePos, bool alternate) {
  if (!source_) return;
  const bool positive = positiveTool_ != alternate;
  const Click click{{framePos.x(), framePos.y()}, positive};
  const bool hasObject = currentObject_ >= 0 && currentObject_ < session_.objectCount();
  if (!positive && !hasObject) return;  // a − click needs an object to subtract from
  // The frame on screen, which is the one the user clicked on (see refreshShownFrame).
  const int frame = shownFrame_;
  if (frame < 0) return;
  promptObject([this, click, frame](int object) { return new AddClickCommand(session_, object, frame, click); });
}

void MainWindow::onBoxDrawn(const QRect& frameRect) {
  if (!source_) return;
  const int frame = shownFrame_;
  if (frame < 0) return;
  const cv::Rect box(frameRect.x(), frameRect.y(), frameRect.width(), frameRect.height());
  promptObject([this, box, frame](int object) { return new SetBoxCommand(session_, object, frame, box); });
}

void MainWindow::promptObject(const std::function<QUndoCommand*(int object)>& make) {
  if (currentObject_ >= 0 && currentObject_ < session_.objectCount()) {
    undoStack_->push(make(currentObject_));
    return;
  }
  undoStack_->beginMacro(tr("Add object"));
  newObject();
  undoStack_->push(make(currentObject_));
  undoStack_->endMacro();
}

bool MainWindow::trackCurrentObject(TrackDirection direction) {
  if (!source_ || currentObject_ < 0 || currentObject_ >= session_.objectCount() || jobs_->isBusy()) return false;
  const EditorObject& object = session_.object(currentObject_);
  if (object.track.keyframes().empty()) {
    statusBar()->showMessage(tr("Click on the object first: tracking needs a keyframe."), 4000);
    return false;
  }
  if (session_.isSegmenting()) {
    statusBar()->showMessage(tr("Wait for the mask of the last click, then track."), 4000);
    return false;
  }
  // The job reads its own FrameSource (decoders are not shared across threads) and
  // a copy of the keyframes, so edits made meanwhile do not race with it.
  auto result = std::make_shared<std::vector<Mask>>();
  const std::string path = source_->path();
  const MaskTrack track = object.track;
  const int index = currentObject_;
  // From the frame on screen: what the user sees is what the track starts from.
  const FrameRange range = trackRange(track, std::max(shownFrame_, 0), direction);
  const QString text =
      tr("%1 %2, frames %3\u2013%4").arg(trackDirectionName(direction), object.name).arg(range.first).arg(range.last);
  if (learned_) {
    const QString notice = learnedTrackNotice(*learned_, source_->frameCount());
    if (!notice.isEmpty()) statusBar()->showMessage(notice, 15000);
  }
  auto fellBack = std::make_shared<std::string>();
  auto work = [result, path, track, range, learned = learned_, prompts = learnedPrompts(object),
               fellBack](JobContext& context) {
    auto frames = openFrameSource(path);
    *result = learned ? trackWithLearned(*learned, *frames, prompts, track, range, *fellBack, context)
                      : Tracker().propagate(*frames, track, range, context);
  };
  auto apply = [this, result, index, range, text, fellBack] {
    if (!fellBack->empty())
      statusBar()->showMessage(
          tr("SAM 2 cannot start: %1. The classic tier tracked.").arg(QString::fromStdString(*fellBack)), 15000);
    if (index >= session_.objectCount() || static_cast<int>(result->size()) != range.size()) return;
    undoStack_->push(new SetMasksCommand(session_, index, range.first, std::move(*result), text));
  };
  jobObject_ = index;
  return jobs_->start(text, work, apply);
}

void MainWindow::onKeyframeSegmented(int index, int frame) {
  // Only an object tracked around the keyframe has frames for the correction to reach;
  // the first track stays the user's call (Ctrl+T).
  if (!session_.hasTrackedMasks(index, correctionSpan(session_.object(index).track, frame))) return;
  pendingCorrection_ = {index, frame};
  if (correction_ && correction_->object == index) jobs_->cancel();  // a newer correction of the same object
  startPendingCorrection();
}

void MainWindow::startPendingCorrection() {
  if (!pendingCorrection_ || !source_ || jobs_->isBusy()) return;  // started again when the running job ends
  const auto [index, frame] = *pendingCorrection_;
  pendingCorrection_.reset();
  if (index >= session_.objectCount() || !session_.object(index).track.isKeyframe(frame) ||
      session_.isSegmenting(index, frame))
    return;
  const EditorObject& object = session_.object(index);
  auto result = std::make_shared<CorrectionResult>();
  const std::string path = source_->path();
  const MaskTrack track = object.track;
  auto work = [result, path, track, frame = frame, learned = learned_, prompts = learnedPrompts(object)](JobContext& context) {
    auto frames = openFrameSource(path);
    std::string fellBack;
    if (learned && learned->get()) {
      // The correction is one more conditioning frame: the learned tracker re-tracks
      // the span up to the neighbouring keyframes with all of them.
      result->changed = correctionSpan(track, frame);
      result->masks = trackWithLearned(*learned, *frames, prompts, track, result->changed, fellBack, context);
      result->framesTracked = frames->frameCount();
    } else {
      *result = retrackCorrection(*frames, track, frame, TrackOptions{}, CorrectionSettings{}, context);
    }
  };
  auto apply = [this, result, index = index, frame = frame] {
    const bool current = correction_ && index < session_.objectCount() &&
                         session_.object(index).revision == correction_->revision;
    correction_.reset();
    if (!current || result->changed.size() <= 1) return;
    const QString text = tr("re-tracked frames %1\u2013%2").arg(result->changed.first).arg(result->changed.last);
    undoStack_->push(
        new CorrectionRetrackCommand(session_, index, frame, result->changed.first, std::move(result->masks), text));
  };
  correction_ = RunningCorrection{index, object.revision};
  jobObject_ = index;
  jobs_->start(tr("Re-track %1 from the correction on frame %2").arg(object.name).arg(frame), work, apply);
}

void MainWindow::cancelOutdatedCorrection() {
  // An undo, another click or a track of the object since the re-track started: its
  // result would overwrite them.
  if (correction_ && (correction_->object >= session_.objectCount() ||
                      session_.object(correction_->object).revision != correction_->revision))
    jobs_->cancel();
}

bool MainWindow::deoccludeCurrentObject(int topK) {
  if (!source_ || currentObject_ < 0 || currentObject_ >= session_.objectCount() || jobs_->isBusy()) return false;
  const EditorObject& object = session_.object(currentObject_);
  if (object.track.keyframes().empty()) {
    statusBar()->showMessage(tr("Click and track the object first."), 4000);
    return false;
  }
  if (session_.isSegmenting()) {
    statusBar()->showMessage(tr("Wait for the mask of the last click, then de-occlude."), 4000);
    return false;
  }
  auto result = std::make_shared<std::vector<ObjectSample>>();
  const std::string path = source_->path();
  const int index = currentObject_;
  // The backends and model settings chosen in the settings dialog.
  const DeocclusionBackends backends{settings_.amodalBackend.toStdString(), settings_.completeBackend.toStdString(),
                                     settings_.modelSettings()};
  auto work = [result, path, modal = session_.masks(index), occluders = otherObjectsMasks(session_, index), topK,
               backends](JobContext& context) { *result = runDeocclusion(path, modal, occluders, topK, backends, context); };
  auto apply = [this, result, index] {
    if (index >= session_.objectCount()) return;
    undoStack_->push(new SetSamplesCommand(session_, index, result));
  };
  jobObject_ = index;
  return jobs_->start(tr("De-occlude %1").arg(object.name), work, apply);
}

void MainWindow::chooseSample(int sample) {
  if (currentObject_ < 0 || currentObject_ >= session_.objectCount()) return;
  const EditorObject& object = session_.object(currentObject_);
  if (!object.samples || sample < 0 || sample >= static_cast<int>(object.samples->size()) ||
      sample == object.chosenSample)
    return;
  undoStack_->push(new ChooseSampleCommand(session_, currentObject_, sample));
}

int MainWindow::topK() const { return topK_->value(); }

void MainWindow::applySettings(const EditorSettings& settings) {
  settings_ = settings;
  settings_.save();
  cache_.setBudget(std::size_t(settings_.cacheMb) << 20);
  topK_->setValue(settings_.defaultK);
  useTrackingBackend();
}

void MainWindow::useTrackingBackend() {
  learned_.reset();
  if (settings_.trackBackend != "classic") {
    const QString reason = backendUnavailableReason(Stage::Track, settings_.trackBackend, settings_);
    if (reason.isEmpty())
      learned_ = std::make_shared<LearnedTracker>(settings_.trackBackend.toStdString(), settings_.trackingSettings());
    else
      statusBar()->showMessage(tr("%1 The classic tier tracks.").arg(reason), 15000);
  }
  session_.setLearnedTracker(learned_);
  if (learned_ && shownFrame_ >= 0) session_.prepareFrame(shownFrame_);
}

void MainWindow::showSettings() {
  SettingsDialog dialog(settings_, this);
  if (dialog.exec() == QDialog::Accepted) applySettings(dialog.settings());
}

void MainWindow::onJobProgress(qint64 done, qint64 total, const QString& label) {
  progress_->show();
  cancelButton_->show();
  progress_->setRange(0, static_cast<int>(std::max<qint64>(total, 1)));
  progress_->setValue(static_cast<int>(done));
  jobState_ = jobs_->describeProgress(done, total, label);
  jobLabel_->setText(jobState_);
  refreshTimeline();
}

void MainWindow::onJobFinished(const QString& name, int status, const QString& error) {
  correction_.reset();
  // Later: the other views hear of this job's end before the next one starts.
  QTimer::singleShot(0, this, &MainWindow::startPendingCorrection);
  progress_->hide();
  cancelButton_->hide();
  jobLabel_->clear();
  jobObject_ = -1;
  jobState_.clear();
  refreshTimeline();
  const auto outcome = static_cast<JobStatus>(status);
  // Long jobs end while the user looks elsewhere: the taskbar entry asks for attention.
  if (!isActiveWindow()) QApplication::alert(this);
  if (outcome == JobStatus::Failed)
    QMessageBox::warning(this, tr("%1 failed").arg(name), error);
  else if (outcome == JobStatus::Succeeded)
    statusBar()->showMessage(tr("%1: done after %2").arg(name, durationText(jobs_->secondsRunning())), 10000);
  else
    statusBar()->showMessage(tr("%1: %2").arg(name, toString(outcome)), 4000);
}

void MainWindow::refresh() {
  refreshObjectList();
  refreshTimeline();
  refreshSamples();
  refreshFrame();
}

void MainWindow::refreshSamples() {
  const bool valid = source_ && currentObject_ >= 0 && currentObject_ < session_.objectCount();
  GalleryClip clip;
  if (source_)
    clip = {QString::fromStdString(source_->path()), QSize(source_->frameSize().width, source_->frameSize().height),
            source_->frameCount(), source_->frameRate().toDouble()};
  gallery_->setSamples(clip, valid ? session_.object(currentObject_).samples : nullptr,
                       valid ? session_.object(currentObject_).chosenSample : 0);
}

void MainWindow::refreshFrame() {
  if (!source_) return;
  if (shownFrame_ != current_) {
    // Only a frame already decoded is shown here; the prefetcher brings the others.
    const cv::Mat bgr = cache_.peek(*source_, current_);
    if (!bgr.empty()) showDecoded(current_, bgr);
  } else if (!composition_->showsComposite()) {
    viewer_->setFrame(shownImage_);  // back from the composite view
  }
  refreshShownFrame();
  composition_->frameShown(current_);
}

void MainWindow::refreshShownFrame() {
  if (!source_) return;
  // Overlays, click markers and the counter all belong to the frame on screen, which
  // lags the playhead while the decoder catches up: drawn for the playhead's frame,
  // they would sit on another picture, and a click would land on a frame not seen.
  if (!composition_->showsComposite()) {
    std::vector<ClickMarker> markers;
    QRect box;
    if (shownFrame_ >= 0 && currentObject_ >= 0 && currentObject_ < session_.objectCount()) {
      const FramePrompt& prompt = session_.promptOn(currentObject_, shownFrame_);
      for (const Click& c : prompt.clicks) markers.push_back({QPoint(c.point.x, c.point.y), c.positive});
      if (prompt.box) box = QRect(prompt.box->x, prompt.box->y, prompt.box->width, prompt.box->height);
    }
    viewer_->setOverlays(shownFrame_ >= 0 ? overlays_.build(session_, shownFrame_, overlayKinds_)
                                          : std::vector<ViewerOverlay>{});
    viewer_->setMarkers(std::move(markers));
    viewer_->setPromptBox(box);
  }
  refreshFrameCounter();
}

int MainWindow::frameOnScreen() const {
  const CompositeFrame& composite = composition_->renderer().last();
  return composition_->showsComposite() && !composite.image.isNull() ? composite.frame : shownFrame_;
}

void MainWindow::refreshFrameCounter() {
  if (!source_) return;
  const int frame = frameOnScreen();
  if (frame < 0) {
    frameLabel_->setText(tr("Frame \u2026 (0\u2013%1)").arg(source_->frameCount() - 1));
    return;
  }
  // Frames are numbered from 0 everywhere: ruler, History, project, CLI, file names.
  QString text = tr("Frame %1 (0\u2013%2)   %3")
                     .arg(frame)
                     .arg(source_->frameCount() - 1)
                     .arg(timecode(source_->frameTime(frame)));
  // The playhead is elsewhere until its frame is decoded (or rendered).
  if (frame != current_) text += tr("   \u2192 %1").arg(current_);
  frameLabel_->setText(text);
}

void MainWindow::showDecoded(int frame, const cv::Mat& bgr) {
  shownImage_ = toQImage(bgr);
  shownFrame_ = frame;
  // The learned tracker computes the embedding of the frame the user may click on
  // next; not while playing, where every frame would be one more to wait for.
  if (learned_ && !playTimer_->isActive()) session_.prepareFrame(frame);
  // The composite view shows rendered frames; a decoded frame arriving late must
  // not replace them with the clip.
  if (!composition_->showsComposite()) viewer_->setFrame(shownImage_);
}

void MainWindow::onFrameDecoded(int frame, const cv::Mat& bgr, const QString& error) {
  if (!source_ || shownFrame_ == current_) return;
  if (!error.isEmpty()) {
    statusBar()->showMessage(error, 8000);
    return;
  }
  // The newest decoded frame, even if the playhead has moved on since it was asked for.
  showDecoded(frame, bgr);
  refreshShownFrame();
}

void MainWindow::refreshObjectList() {
  // Keep a selection whenever there are objects (undo/redo may remove or restore one).
  if (currentObject_ >= session_.objectCount() || currentObject_ < 0) currentObject_ = session_.objectCount() - 1;
  objectsPanel_->setObjects(session_, currentObject_);
}

void MainWindow::refreshTimeline() {
  std::vector<TimelineRow> rows;
  for (int i = 0; i < session_.objectCount(); ++i) {
    const EditorObject& object = session_.object(i);
    TimelineRow row{object.name, object.colour, {}, object.track.keyframes(), {}, {}};
    const std::vector<Mask>* amodal = object.samples ? &object.samples->at(object.chosenSample).amodal : nullptr;
    row.presence.reserve(object.track.frameCount());
    for (int f = 0; f < object.track.frameCount(); ++f) {
      const bool hidden = amodal && !amodal->at(f).isEmpty();
      row.presence.push_back(!object.track.mask(f).isEmpty() ? Presence::Visible
                             : hidden                       ? Presence::Hidden
                                                            : Presence::Absent);
    }
    row.layerKeyframes = composition_->composition().keyedFrames(i);
    if (i == jobObject_) row.state = jobState_.isEmpty() ? tr("queued") : jobState_;
    if (session_.isSegmentingObject(i)) row.state = tr("segmenting…");
    rows.push_back(std::move(row));
  }
  timeline_->setRows(std::move(rows));
}

void MainWindow::chooseVideo() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open Video"), {},
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
  for (const QString& path : recent) recentMenu_->addAction(path, this, [this, path] { openPath(path); });
  recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (!urls.isEmpty() && urls.first().isLocalFile()) openPath(urls.first().toLocalFile());
}

}  // namespace permanence::ui
