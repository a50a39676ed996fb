// The object workflow in the editor on a generated clip: tracking forward and
// backward from a middle keyframe fills only that side; a correction between two
// keyframes is re-propagated only up to them; a box drawn with the box tool gives a
// mask; showing / hiding and renaming an object are undoable and listed in the
// history panel.
#include "edit_commands.h"
#include "job_controller.h"
#include "jobs_panel.h"
#include "main_window.h"
#include "objects_panel.h"
#include "test_paths.h"
#include "viewer.h"

#include <QApplication>
#include <QListWidget>
#include <QMouseEvent>
#include <QSignalSpy>
#include "disc_clip.h"

#include <QTest>
#include <QUndoStack>
#include <QUndoView>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using permanence::test::TempDir;
using permanence::ui::MainWindow;
using permanence::ui::TrackDirection;

namespace {

constexpr int kFrames = 20;
constexpr int kWidth = 192;
constexpr int kHeight = 128;
constexpr int kRadius = 20;

// A striped disc moving right over grey noise.
permanence::test::DiscClip clip() {
  permanence::test::DiscClip c;
  c.frames = kFrames;
  c.size = {kWidth, kHeight};
  c.radius = kRadius;
  c.seed = 5;
  return c;
}

cv::Point discCentre(int frame) { return clip().centre(frame); }

void writeClip(const std::string& folder) { permanence::test::writeDiscClip(clip(), folder); }

int area(MainWindow& window, int frame) { return window.session().object(0).track.mask(frame).area(); }

bool coversDisc(MainWindow& window, int frame) {
  return window.session().object(0).track.mask(frame).toMat().at<uchar>(discCentre(frame)) > 0;
}

void clickDisc(MainWindow& window, int frame) {
  window.setCurrentFrame(frame);
  QTRY_COMPARE(window.shownFrame(), frame);  // a click goes to the frame on screen
  const QPointF centre(discCentre(frame).x + 0.5, discCentre(frame).y + 0.5);
  window.viewer()->clickAt(window.viewer()->toWidget(centre).toPoint(), {});
  QTRY_VERIFY(!window.session().isSegmenting());
}

bool track(MainWindow& window, TrackDirection direction) {
  QSignalSpy finished(window.jobs(), &permanence::ui::JobController::finished);
  if (!window.trackCurrentObject(direction)) return false;
  if (!finished.wait(30000) && finished.isEmpty()) return false;
  return finished.first().at(1).toInt() == static_cast<int>(permanence::JobStatus::Succeeded);
}

void sendMouse(QWidget* widget, QEvent::Type type, const QPointF& pos, Qt::MouseButton button, Qt::MouseButtons buttons) {
  QMouseEvent event(type, pos, widget->mapToGlobal(pos), button, buttons, Qt::NoModifier);
  QApplication::sendEvent(widget, &event);
}

struct OpenWindow {
  TempDir dir;
  MainWindow window;
  // Shows the window on a new clip; false when either fails.
  bool start() {
    writeClip(dir.path().string());
    window.resize(1000, 700);
    window.show();
    return QTest::qWaitForWindowExposed(&window) && window.openSource(QString::fromStdString(dir.path().string()));
  }
};

}  // namespace

class TestObjectWorkflow : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void trackForwardThenBackwardFromMiddleKeyframe();
  void correctionRetracksOnlyUpToNeighbouringKeyframes();
  void boxToolGivesMask();
  void visibilityAndRenameAreUndoable();
};

void TestObjectWorkflow::trackForwardThenBackwardFromMiddleKeyframe() {
  OpenWindow open;
  QVERIFY(open.start());
  MainWindow& window = open.window;
  clickDisc(window, 10);
  QVERIFY(coversDisc(window, 10));

  QVERIFY(track(window, TrackDirection::Forward));
  for (int f = 11; f < kFrames; ++f) QVERIFY2(coversDisc(window, f), qPrintable(QString("frame %1").arg(f)));
  for (int f = 0; f < 10; ++f) QCOMPARE(area(window, f), 0);
  QVERIFY(window.undoStack()->undoText().startsWith("Track forward"));
  QVERIFY(window.undoStack()->undoText().contains("frames 10\u201319"));

  QVERIFY(track(window, TrackDirection::Backward));
  for (int f = 0; f < 10; ++f) QVERIFY2(coversDisc(window, f), qPrintable(QString("frame %1").arg(f)));
  // Undo takes back the backward pass alone.
  window.undoStack()->undo();
  for (int f = 0; f < 10; ++f) QCOMPARE(area(window, f), 0);
  QVERIFY(coversDisc(window, 15));
  window.undoStack()->undo();
  QCOMPARE(area(window, 15), 0);
}

void TestObjectWorkflow::correctionRetracksOnlyUpToNeighbouringKeyframes() {
  OpenWindow open;
  QVERIFY(open.start());
  MainWindow& window = open.window;
  clickDisc(window, 4);
  clickDisc(window, 16);
  QVERIFY(track(window, TrackDirection::Both));
  for (int f = 0; f < kFrames; ++f) QVERIFY2(coversDisc(window, f), qPrintable(QString("frame %1").arg(f)));
  // Mark frames outside the keyframes around frame 10 and lose the disc on frames
  // 8..12: the correction's re-track must bring it back there and reach no further.
  // (Nearer keyframes 4 and 16 the masks that came from them weigh more, as in a
  // re-track between keyframes, so the loss is in the middle.)
  const permanence::Mask empty(kWidth, kHeight);
  window.session().setMasks(0, 2, {empty});
  window.session().setMasks(0, 18, {empty});
  window.session().setMasks(0, 8, std::vector<permanence::Mask>(5, empty));
  const permanence::Mask before17 = window.session().object(0).track.mask(17);

  QSignalSpy finished(window.jobs(), &permanence::ui::JobController::finished);
  clickDisc(window, 10);  // the correction: frame 10 becomes a keyframe and re-tracks by itself
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 30000);
  QCOMPARE(finished.first().at(1).toInt(), static_cast<int>(permanence::JobStatus::Succeeded));
  QVERIFY(window.jobsPanel()->jobName(window.jobsPanel()->jobCount() - 1).startsWith("Re-track"));
  for (int f = 5; f < 16; ++f) QVERIFY2(coversDisc(window, f), qPrintable(QString("frame %1").arg(f)));
  QCOMPARE(area(window, 2), 0);
  QCOMPARE(area(window, 18), 0);
  QVERIFY(window.session().object(0).track.mask(17) == before17);

  // Ctrl+R still re-tracks between the keyframes, both ways.
  QVERIFY(track(window, TrackDirection::BetweenKeyframes));
  QVERIFY(window.undoStack()->undoText().contains("frames 5\u201315"));
  for (int f = 5; f < 16; ++f) QVERIFY2(coversDisc(window, f), qPrintable(QString("frame %1").arg(f)));
  QCOMPARE(area(window, 2), 0);
  QCOMPARE(area(window, 18), 0);
}

void TestObjectWorkflow::boxToolGivesMask() {
  OpenWindow open;
  QVERIFY(open.start());
  MainWindow& window = open.window;
  window.setBoxTool();
  QCOMPARE(window.viewer()->tool(), permanence::ui::ViewerTool::Box);
  permanence::ui::Viewer* viewer = window.viewer();
  const cv::Point c = discCentre(0);
  const QPointF from = viewer->toWidget(QPointF(c.x - kRadius - 4, c.y - kRadius - 4));
  const QPointF to = viewer->toWidget(QPointF(c.x + kRadius + 4, c.y + kRadius + 4));
  sendMouse(viewer, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
  sendMouse(viewer, QEvent::MouseMove, (from + to) / 2, Qt::NoButton, Qt::LeftButton);
  sendMouse(viewer, QEvent::MouseMove, to, Qt::NoButton, Qt::LeftButton);
  sendMouse(viewer, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);

  QCOMPARE(window.session().objectCount(), 1);
  const auto& box = window.session().promptOn(0, 0).box;
  QVERIFY(box.has_value());
  QVERIFY(std::abs(box->width - (2 * kRadius + 8)) <= 2);
  QVERIFY(window.session().clicksOn(0, 0).empty());
  QTRY_VERIFY(!window.session().isSegmenting());
  const double disc = CV_PI * kRadius * kRadius;
  QVERIFY2(area(window, 0) > 0.6 * disc && area(window, 0) < 1.4 * disc, qPrintable(QString("area %1").arg(area(window, 0))));
  QVERIFY(coversDisc(window, 0));
  // One undo step: the new object and its box.
  const QUndoCommand* added = window.undoStack()->command(window.undoStack()->index() - 1);
  QCOMPARE(added->text(), QString("Add object"));
  QCOMPARE(added->childCount(), 2);
  QVERIFY(added->child(1)->text().startsWith("Box"));
  QVERIFY(window.grab().save(QApplication::applicationDirPath() + "/test_object_workflow_box.png"));

  window.undoStack()->undo();  // the box and the object it made
  QCOMPARE(window.session().objectCount(), 0);
  window.undoStack()->redo();
  QTRY_VERIFY(!window.session().isSegmenting());
  QVERIFY(coversDisc(window, 0));
}

void TestObjectWorkflow::visibilityAndRenameAreUndoable() {
  OpenWindow open;
  QVERIFY(open.start());
  MainWindow& window = open.window;
  clickDisc(window, 0);
  QCOMPARE(window.viewer()->overlays().size(), std::size_t(1));
  QListWidget* list = window.objectsPanel()->list();
  QCOMPARE(list->count(), 1);

  list->item(0)->setCheckState(Qt::Unchecked);
  QTRY_VERIFY(!window.session().object(0).visible);
  QVERIFY(window.viewer()->overlays().empty());
  QCOMPARE(window.undoStack()->undoText(), QString("Hide Object 1"));
  window.undoStack()->undo();
  QVERIFY(window.session().object(0).visible);
  QCOMPARE(window.objectsPanel()->list()->item(0)->checkState(), Qt::Checked);
  QCOMPARE(window.viewer()->overlays().size(), std::size_t(1));
  window.undoStack()->redo();
  QVERIFY(!window.session().object(0).visible);

  window.objectsPanel()->list()->item(0)->setText("Ball");
  QTRY_COMPARE(window.session().object(0).name, QString("Ball"));
  window.undoStack()->undo();
  QCOMPARE(window.session().object(0).name, QString("Object 1"));
  QCOMPARE(window.objectsPanel()->list()->item(0)->text(), QString("Object 1"));

  // Every edit is listed in the history panel (plus its "<empty>" row).
  auto* history = window.findChild<QUndoView*>();
  QVERIFY(history != nullptr);
  QCOMPARE(history->stack(), window.undoStack());
  QCOMPARE(history->model()->rowCount(), window.undoStack()->count() + 1);
  QCOMPARE(window.undoStack()->count(), 3);  // the click (with its new object), hide, rename
}

QTEST_MAIN(TestObjectWorkflow)
#include "test_object_workflow.moc"
