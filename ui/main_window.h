#pragma once
// The editor's main window: opens a video or a frame folder, shows it in the viewer
// with object overlays, and drives click-to-mask and tracking as jobs on the worker.
#include "edit_commands.h"
#include "jobs/job_runner.h"
#include "media/frame_source.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QListWidget;
class QMenu;
class QProgressBar;
class QSlider;
class QTimer;
class QUndoStack;

namespace permanence::ui {

class JobBridge;
class ObjectTimeline;
class Viewer;

enum class TrackDirection { Forward, Backward, Both };

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens a source; shows an error dialog naming the file on failure.
  bool openSource(const QString& path);
  int currentFrame() const;
  void setCurrentFrame(int index);
  int frameCount() const;

  // Object workflow (also reached through menus, toolbar and the viewer).
  void addObject();
  void clickAt(QPoint imagePixel, bool positive);
  void track(TrackDirection direction);
  // Stage 1 (classic backend) on the current object's modal masks, K ranked samples.
  void runAmodal(int topK);
  void chooseSample(int sample);
  void setPlaying(bool playing);
  bool isPlaying() const;

  const ObjectList& objects() const { return objects_; }
  int runningJobs() const;
  QUndoStack* undoStack() const { return undo_; }
  Viewer* viewer() const { return viewer_; }
  ObjectTimeline* timeline() const { return timeline_; }

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void buildMenus();
  void buildDocks();
  void buildShortcuts();
  void showFrame(int index);
  void refreshOverlays();
  void refreshObjectList();
  void refreshSampleList();
  void refreshTimeline();
  void objectsChanged();
  void stepFrames(int delta);
  void chooseVideo();
  void chooseFolder();
  void rememberRecent(const QString& path);
  void rebuildRecentMenu();
  JobBridge* startJob(const QString& name, JobFunction function,
                      std::function<void()> onSucceeded);
  void showError(const QString& title, const QString& message);

  JobRunner runner_;
  std::unique_ptr<FrameSource> source_;
  QString sourcePath_;
  ObjectList objects_;
  int currentObject_ = -1;
  bool positiveTool_ = true;

  Viewer* viewer_ = nullptr;
  QSlider* scrubber_ = nullptr;
  ObjectTimeline* timeline_ = nullptr;
  QTimer* playTimer_ = nullptr;
  QUndoStack* undo_ = nullptr;
  QListWidget* objectList_ = nullptr;
  QListWidget* jobList_ = nullptr;
  QListWidget* sampleList_ = nullptr;
  QMenu* recentMenu_ = nullptr;
  QLabel* frameLabel_ = nullptr;
  QLabel* toolLabel_ = nullptr;
  QProgressBar* progress_ = nullptr;
  std::vector<JobBridge*> jobs_;
};

}  // namespace permanence::ui
