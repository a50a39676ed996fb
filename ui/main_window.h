#pragma once
// The editor's main window: opens a clip, shows it in the viewer with the objects'
// overlays, lets the user add objects with + / − clicks or a box, track them forward,
// backward or between keyframes as jobs, de-occlude them and choose among the Top-K
// samples, all edits on an undo stack.
#include "media/frame_cache.h"
#include "editor_settings.h"
#include "frame_prefetcher.h"
#include "jobs/job.h"
#include "media/frame_source.h"
#include "object_overlays.h"
#include "object_session.h"
#include "track_direction.h"

#include <QImage>
#include <QMainWindow>

#include <functional>
#include <memory>
#include <optional>
#include <utility>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTimer;
class QUndoCommand;
class QUndoStack;

namespace permanence::ui {

class CompositionEditor;
class JobController;
class JobsPanel;
class ObjectsPanel;
class SampleGallery;
class ThumbnailWorker;
class Timeline;
class Viewer;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens a video or a frame folder; shows an error dialog naming the file on failure.
  // First offers to save a modified project (false when the user cancels).
  bool openSource(const QString& path);
  // A project folder with openProject, anything else with openSource.
  bool openPath(const QString& path);
  // Saves the session as a project folder (NAME.permanence); false after an error dialog.
  bool saveProjectTo(const QString& folder);
  // Saves to the project's folder, or asks where (Save As) when it has none; false
  // when not saved (cancelled or failed).
  bool saveProject();
  // Asks where to save, proposing proposedProjectPath().
  bool saveProjectAs();
  // The project's folder, or for a clip not saved yet NAME.permanence next to it.
  QString proposedProjectPath() const;
  // Opens a project folder; offers the autosave when it is newer than the project.
  // First offers to save a modified project (false when the user cancels).
  bool openProject(const QString& folder);
  // Writes the autosave of the current project (prompts and choices only).
  void autosave();
  const QString& projectFolder() const { return projectFolder_; }
  bool hasSource() const { return source_ != nullptr; }
  int currentFrame() const { return current_; }
  void setCurrentFrame(int frame);
  int currentObject() const { return currentObject_; }
  void selectObject(int index);
  // Starts tracking the selected object from the current frame (see TrackDirection);
  // false when it cannot.
  bool trackCurrentObject(TrackDirection direction = TrackDirection::Both);
  // Runs amodal + completion with K samples on the selected object's tracked masks.
  bool deoccludeCurrentObject(int topK);
  // Picks one of the selected object's Top-K samples (undoable).
  void chooseSample(int sample);
  void setPositiveTool(bool positive);
  // Left drags in the viewer draw a box around the object.
  void setBoxTool();
  void setObjectVisible(int index, bool visible);  // undoable
  void setOverlayKinds(const OverlayKinds& kinds);
  // The clip's frame the viewer shows: the current one once it is decoded (-1 before
  // the first). Clicks, boxes and tracking go to this frame.
  int shownFrame() const { return shownFrame_; }
  // The frame the counter names: the shown frame, or in the composite view the
  // frame of the composite on screen.
  int frameOnScreen() const;
  // Names frameOnScreen() in the status bar (the composite view calls it when a
  // rendered frame arrives).
  void refreshFrameCounter();
  bool isPlaying() const;
  void togglePlayback();
  // Stores the settings and applies them (cache size, default K); see SettingsDialog.
  void applySettings(const EditorSettings& settings);
  const EditorSettings& settings() const { return settings_; }
  std::size_t cacheBudgetBytes() const { return cache_.budgetBytes(); }
  int topK() const;
  JobsPanel* jobsPanel() const { return jobsPanel_; }
  Timeline* timeline() const { return timeline_; }
  SampleGallery* gallery() const { return gallery_; }
  ObjectsPanel* objectsPanel() const { return objectsPanel_; }

  Viewer* viewer() const { return viewer_; }
  ObjectSession& session() { return session_; }
  QUndoStack* undoStack() const { return undoStack_; }
  JobController* jobs() const { return jobs_; }
  // Layers, composite view, background plate and export.
  CompositionEditor* composition() const { return composition_; }

 protected:
  // Offers to save a modified project; Cancel keeps the window open.
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void buildMenus();
  void buildDocks();
  void buildStatusBar();
  void sizeToScreen();
  void chooseVideo();
  void chooseFolder();
  void chooseProject();
  // A clip opened off the GUI thread, not yet shown.
  struct OpenedClip {
    std::unique_ptr<FrameSource> source;
    cv::Mat first;  // its frame 0
  };
  // Opens the clip as a job; nullopt after an error dialog naming the file.
  std::optional<OpenedClip> openClip(const QString& path);
  bool loadSource(const QString& path);
  // Replaces the open clip (and everything made on it) with `clip`.
  void installSource(OpenedClip clip, const QString& path);
  // Runs a project file job (open, save) with its progress in the status bar, the
  // event loop running meanwhile; returns how it ended (`error`: why it failed).
  JobStatus runProjectJob(const QString& name, JobFunction work, QString* error);
  // When the project has unsaved changes: Save / Discard / Cancel. True when the
  // caller may go on (saved or discarded).
  bool offerToSaveChanges();
  // The project's name (its folder without .permanence), or the clip's before a save.
  QString projectName() const;
  void updateTitle();
  void rememberRecent(const QString& path);
  void rebuildRecentMenu();
  void step(int frames);
  void advancePlayback();
  int playbackLookahead() const;
  void newObject();
  void onFrameClicked(const QPoint& framePos, bool alternate);
  void onBoxDrawn(const QRect& frameRect);
  // Pushes the prompt command `make` gives for the selected object, or for a new one.
  void promptObject(const std::function<QUndoCommand*(int object)>& make);
  void onFrameDecoded(int frame, const cv::Mat& bgr, const QString& error);
  void showDecoded(int frame, const cv::Mat& bgr);
  // A correction's mask arrived: its re-track starts (or waits for the running job).
  void onKeyframeSegmented(int index, int frame);
  void startPendingCorrection();
  void cancelOutdatedCorrection();
  void onJobProgress(qint64 done, qint64 total, const QString& label);
  void onJobFinished(const QString& name, int status, const QString& error);
  void refresh();
  void refreshFrame();
  // The overlays, click markers and counter of the frame on screen.
  void refreshShownFrame();
  void refreshObjectList();
  void refreshTimeline();
  void refreshSamples();
  void showSettings();
  // Starts using the tracking backend of the settings: sam2 when it can run (else says
  // why, in the status bar, and the classic tier tracks).
  void useTrackingBackend();

  std::unique_ptr<FrameSource> source_;
  FrameCache cache_{std::size_t(768) << 20};
  ObjectSession session_;
  std::shared_ptr<LearnedTracker> learned_;  // null: the classic tier tracks
  FramePrefetcher prefetcher_;  // declared after source_ and cache_: stops before they go
  QString projectFolder_;
  int current_ = 0;
  // The frame on screen, converted once: edits refresh the overlays many times per frame.
  int shownFrame_ = -1;
  QImage shownImage_;
  int currentObject_ = -1;
  bool positiveTool_ = true;
  ObjectOverlays overlays_;
  OverlayKinds overlayKinds_;

  Viewer* viewer_ = nullptr;
  Timeline* timeline_ = nullptr;
  ThumbnailWorker* thumbnails_ = nullptr;
  int jobObject_ = -1;  // the object the running job computes for
  struct RunningCorrection {
    int object;
    quint64 revision;  // the object's when the re-track started
  };
  std::optional<RunningCorrection> correction_;         // the re-track running
  std::optional<std::pair<int, int>> pendingCorrection_;  // object, keyframe: the re-track to start
  QString jobState_;    // its progress, shown on the object's timeline track
  ObjectsPanel* objectsPanel_ = nullptr;
  SampleGallery* gallery_ = nullptr;
  QSpinBox* topK_ = nullptr;
  QUndoStack* undoStack_ = nullptr;
  JobController* jobs_ = nullptr;
  JobController* projectIo_ = nullptr;  // opens and saves, beside the editing jobs
  bool projectIoBusy_ = false;
  JobsPanel* jobsPanel_ = nullptr;
  CompositionEditor* composition_ = nullptr;
  EditorSettings settings_;
  QTimer* playTimer_ = nullptr;
  QTimer* autosaveTimer_ = nullptr;
  QLabel* frameLabel_ = nullptr;
  QLabel* jobLabel_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QPushButton* cancelButton_ = nullptr;
  QMenu* recentMenu_ = nullptr;
  QMenu* viewMenu_ = nullptr;
  QAction* addTool_ = nullptr;
  QAction* removeTool_ = nullptr;
  QAction* boxTool_ = nullptr;
};

}  // namespace permanence::ui
