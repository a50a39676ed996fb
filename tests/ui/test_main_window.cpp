// Drives an editing session on a generated clip: open, click the object, track,
// undo / redo, and a screenshot of the window mid-session.
#include "dark_theme.h"
#include "edit_commands.h"
#include "job_controller.h"
#include "main_window.h"
#include "test_paths.h"
#include "viewer.h"

#include <QApplication>
#include <QSignalSpy>
#include <QMessageBox>
#include <QPushButton>
#include "disc_clip.h"

#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include <map>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using permanence::test::TempDir;
using permanence::ui::MainWindow;

namespace {

constexpr int kFrames = 20;
constexpr int kWidth = 192;
constexpr int kHeight = 128;
constexpr int kRadius = 22;

// A striped disc moving right over grey noise, passing behind a blue post.
permanence::test::DiscClip clip() {
  permanence::test::DiscClip c;
  c.frames = kFrames;
  c.size = {kWidth, kHeight};
  c.radius = kRadius;
  c.post = true;
  c.seed = 7;
  return c;
}

cv::Point discCentre(int frame) { return clip().centre(frame); }

void writeClip(const std::string& folder) { permanence::test::writeDiscClip(clip(), folder); }

// Fits the viewer to the frame and clicks the disc's centre on frame 0 with the + tool;
// true once its mask has been computed.
bool clickTheDiscOnFrame0(MainWindow& window) {
  window.viewer()->resize(kWidth, kHeight);
  window.viewer()->zoomToFit();
  window.viewer()->clickAt(window.viewer()->toWidget(QPointF(discCentre(0).x, discCentre(0).y)).toPoint(), {});
  return QTest::qWaitFor([&] { return !window.session().isSegmenting(); }, 5000);
}

int maskArea(MainWindow& window, int object, int frame) {
  return window.session().object(object).track.mask(frame).area();
}

}  // namespace

class TestMainWindow : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void openClickTrackUndo();
  void cancelLeavesMasksAsTheyWere();
  void shortcutsAndPlayback();
  void undoOfACorrectionRestoresTheTrack();
  void noShortcutIsAmbiguousAndBothRedoKeysWork();
  void refusesMissingFile();
};

void TestMainWindow::openClickTrackUndo() {
  TempDir dir;
  const std::string clip = dir / "frames";
  std::filesystem::create_directories(clip);
  writeClip(clip);
  permanence::ui::applyDarkTheme(*qApp);
  MainWindow window;
  window.resize(1200, 800);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  QVERIFY(window.openSource(QString::fromStdString(clip)));
  QCOMPARE(window.currentFrame(), 0);

  // Click on the disc's centre, mapped through the viewer's zoom.
  const QPointF widgetPos = window.viewer()->toWidget(QPointF(discCentre(0).x + 0.5, discCentre(0).y + 0.5));
  QTest::mouseClick(window.viewer(), Qt::LeftButton, Qt::NoModifier, widgetPos.toPoint());
  QCOMPARE(window.session().objectCount(), 1);
  QVERIFY(window.session().isSegmenting());  // computed off the GUI thread
  QTRY_VERIFY(!window.session().isSegmenting());
  const int area = maskArea(window, 0, 0);
  const double discArea = CV_PI * kRadius * kRadius;
  QVERIFY2(area > 0.6 * discArea && area < 1.5 * discArea, qPrintable(QString("area %1").arg(area)));
  QCOMPARE(maskArea(window, 0, kFrames - 1), 0);

  QSignalSpy finished(window.jobs(), &permanence::ui::JobController::finished);
  QVERIFY(window.trackCurrentObject());
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 20000);
  QCOMPARE(finished.first().at(1).toInt(), static_cast<int>(permanence::JobStatus::Succeeded));
  for (int frame : {5, 10, kFrames - 1}) {
    const cv::Mat mask = window.session().object(0).track.mask(frame).toMat();
    QVERIFY2(mask.at<uchar>(discCentre(frame)) > 0, qPrintable(QString("frame %1 misses the disc").arg(frame)));
    QCOMPARE(mask.at<uchar>(discCentre(0)), uchar(0));  // the disc has left its start
  }

  // Amodal + completion with K = 3, then choose sample 2 (undoable).
  QVERIFY(window.deoccludeCurrentObject(3));
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2, 60000);
  QCOMPARE(finished.last().at(1).toInt(), static_cast<int>(permanence::JobStatus::Succeeded));
  const auto& samples = window.session().object(0).samples;
  QVERIFY(samples != nullptr);
  QCOMPARE(static_cast<int>(samples->size()), 3);
  for (const auto& sample : *samples) {
    QCOMPARE(static_cast<int>(sample.layers.size()), kFrames);
    QCOMPARE(sample.layer(10).size(), QSize(kWidth, kHeight));
    QVERIFY(sample.amodal[10].area() >= maskArea(window, 0, 10));
  }
  QUndoStack* undo = window.undoStack();
  window.chooseSample(1);
  QCOMPARE(window.session().object(0).chosenSample, 1);
  undo->undo();
  QCOMPARE(window.session().object(0).chosenSample, 0);
  undo->redo();
  QCOMPARE(window.session().object(0).chosenSample, 1);

  // Save, re-open in a new window: the same objects, masks, samples and choice.
  const QString projectPath = QString::fromStdString(dir / "session.permanence");
  QVERIFY(window.saveProjectTo(projectPath));
  {
    MainWindow reopened;
    QVERIFY(reopened.openProject(projectPath));
    const permanence::ui::EditorObject& object = reopened.session().object(0);
    QCOMPARE(reopened.session().objectCount(), 1);
    QCOMPARE(static_cast<int>(reopened.session().clicksOn(0, 0).size()), 1);
    QVERIFY(object.track.mask(10) == window.session().object(0).track.mask(10));
    QVERIFY(object.samples != nullptr);
    QCOMPARE(static_cast<int>(object.samples->size()), 3);
    QCOMPARE(object.chosenSample, 1);
    QCOMPARE(object.samples->at(1).layer(10), samples->at(1).layer(10));
  }

  window.setCurrentFrame(14);
  QTRY_COMPARE(window.shownFrame(), 14);
  window.viewer()->grab().save(QApplication::applicationDirPath() + "/test_main_window_viewer.png");
  QVERIFY(window.grab().save(QApplication::applicationDirPath() + "/test_main_window_session.png"));

  // Undo the choice and the de-occlusion, then the track and the click: the
  // object's prompts and masks are gone.
  undo->undo();
  undo->undo();
  QVERIFY(window.session().object(0).samples == nullptr);
  undo->undo();
  QCOMPARE(maskArea(window, 0, 10), 0);
  undo->undo();
  QCOMPARE(window.session().objectCount(), 0);
  undo->redo();
  QCOMPARE(window.session().objectCount(), 1);
  QCOMPARE(static_cast<int>(window.session().clicksOn(0, 0).size()), 1);
  // Redo the track before the click's mask is back: the late mask keeps the track.
  undo->redo();
  QTRY_VERIFY(!window.session().isSegmenting());
  QCOMPARE(maskArea(window, 0, 0), area);
  QVERIFY(maskArea(window, 0, 10) > 0);

  // A − click outside the disc on frame 0 adds a prompt; undo removes just that one.
  window.setCurrentFrame(0);
  QTRY_COMPARE(window.shownFrame(), 0);  // a click goes to the frame on screen
  window.setPositiveTool(false);
  QTest::mouseClick(window.viewer(), Qt::LeftButton, Qt::NoModifier,
                    window.viewer()->toWidget(QPointF(150, 20)).toPoint());
  QCOMPARE(static_cast<int>(window.session().clicksOn(0, 0).size()), 2);
  QTRY_VERIFY(!window.session().isSegmenting());
  undo->undo();
  QCOMPARE(static_cast<int>(window.session().clicksOn(0, 0).size()), 1);

  // An unsaved edit reaches the autosave; re-opening offers to recover it.
  undo->redo();
  window.autosave();
  MainWindow recovered;
  QTimer::singleShot(300, [] {
    if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget()))
      box->button(QMessageBox::Yes)->click();
  });
  QVERIFY(recovered.openProject(projectPath));
  QCOMPARE(static_cast<int>(recovered.session().clicksOn(0, 0).size()), 2);
  QCOMPARE(static_cast<int>(recovered.session().object(0).samples->size()), 3);
}

void TestMainWindow::cancelLeavesMasksAsTheyWere() {
  TempDir dir;
  writeClip(dir.path().string());
  MainWindow window;
  QVERIFY(window.openSource(QString::fromStdString(dir.path().string())));
  QVERIFY(clickTheDiscOnFrame0(window));
  QVERIFY(maskArea(window, 0, 0) > 0);
  QSignalSpy finished(window.jobs(), &permanence::ui::JobController::finished);
  QVERIFY(window.trackCurrentObject());
  QVERIFY(!window.trackCurrentObject());  // one job at a time
  window.jobs()->cancel();
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 20000);
  QCOMPARE(finished.first().at(1).toInt(), static_cast<int>(permanence::JobStatus::Cancelled));
  for (int frame = 1; frame < kFrames; ++frame) QCOMPARE(maskArea(window, 0, frame), 0);
  QCOMPARE(window.undoStack()->count(), 1);
}

void TestMainWindow::shortcutsAndPlayback() {
  TempDir dir;
  writeClip(dir.path().string());
  MainWindow window;
  window.show();
  QVERIFY(QTest::qWaitForWindowActive(&window));
  QVERIFY(window.openSource(QString::fromStdString(dir.path().string())));
  QTest::keyClick(&window, Qt::Key_Right);
  QCOMPARE(window.currentFrame(), 1);
  QTest::keyClick(&window, Qt::Key_Right, Qt::ShiftModifier);
  QCOMPARE(window.currentFrame(), 11);
  QTest::keyClick(&window, Qt::Key_Left);
  QCOMPARE(window.currentFrame(), 10);
  QTest::keyClick(&window, Qt::Key_End);
  QCOMPARE(window.currentFrame(), kFrames - 1);
  QTest::keyClick(&window, Qt::Key_Left, Qt::ShiftModifier);
  QCOMPARE(window.currentFrame(), kFrames - 11);
  QTest::keyClick(&window, Qt::Key_Home);
  QCOMPARE(window.currentFrame(), 0);
  // Space plays at the clip's rate and stops on the last frame.
  QTest::keyClick(&window, Qt::Key_Space);
  QVERIFY(window.isPlaying());
  QTRY_COMPARE_WITH_TIMEOUT(window.currentFrame(), kFrames - 1, 10000);
  QTRY_VERIFY(!window.isPlaying());
}

// Click, track, correct on the last frame: the correction re-tracks by itself and
// is one undo step with it; undo brings every frame's mask and the keyframes back
// exactly as they were after the track, redo the corrected ones.
void TestMainWindow::undoOfACorrectionRestoresTheTrack() {
  TempDir dir;
  writeClip(dir.path().string());
  MainWindow window;
  QVERIFY(window.openSource(QString::fromStdString(dir.path().string())));
  QVERIFY(clickTheDiscOnFrame0(window));
  QSignalSpy finished(window.jobs(), &permanence::ui::JobController::finished);
  QVERIFY(window.trackCurrentObject());
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 20000);
  const std::vector<permanence::Mask> tracked = window.session().masks(0);
  QVERIFY(tracked[10].area() > 0);
  const int steps = window.undoStack()->count();

  window.setCurrentFrame(kFrames - 1);
  QTRY_COMPARE(window.shownFrame(), kFrames - 1);  // a click goes to the frame on screen
  const cv::Point last = discCentre(kFrames - 1);
  window.viewer()->clickAt(window.viewer()->toWidget(QPointF(last.x, last.y)).toPoint(), {});
  QCOMPARE(maskArea(window, 0, 10), tracked[10].area());  // nothing is cleared meanwhile
  QTRY_VERIFY(!window.session().isSegmenting());
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2 && !window.jobs()->isBusy(), 20000);
  QCOMPARE(finished.last().at(1).toInt(), static_cast<int>(permanence::JobStatus::Succeeded));
  const std::vector<permanence::Mask> corrected = window.session().masks(0);
  // History names the frame as the ruler, the project and the CLI do: from 0; the
  // re-track is part of the correction's step.
  const QUndoStack* stack = window.undoStack();
  QCOMPARE(stack->count(), steps + 1);
  QVERIFY2(stack->text(stack->index() - 1).startsWith(QString("+ click on frame %1").arg(kFrames - 1)),
           qPrintable(stack->text(stack->index() - 1)));

  window.undoStack()->undo();
  const std::vector<permanence::Mask> undone = window.session().masks(0);
  for (int frame = 0; frame < kFrames; ++frame)
    QVERIFY2(undone[frame] == tracked[frame], qPrintable(QString("frame %1 differs after undo").arg(frame)));
  QCOMPARE(window.session().object(0).track.keyframes(), std::vector<int>{0});
  QVERIFY(window.session().clicksOn(0, kFrames - 1).empty());

  window.undoStack()->redo();
  QVERIFY(!window.session().isSegmenting());  // restored, not recomputed
  QVERIFY(!window.jobs()->isBusy());
  for (int frame = 0; frame < kFrames; ++frame) QVERIFY(window.session().masks(0)[frame] == corrected[frame]);
  QCOMPARE(window.session().object(0).track.keyframes(), (std::vector<int>{0, kFrames - 1}));
}

// Every shortcut of the window's actions belongs to one action, and Redo answers to
// Ctrl+Shift+Z and to Ctrl+Y.
void TestMainWindow::noShortcutIsAmbiguousAndBothRedoKeysWork() {
  TempDir dir;
  writeClip(dir.path().string());
  MainWindow window;
  window.show();
  QVERIFY(QTest::qWaitForWindowActive(&window));
  QVERIFY(window.openSource(QString::fromStdString(dir.path().string())));
  std::map<QString, QString> owner;
  for (QAction* action : window.findChildren<QAction*>())
    for (const QKeySequence& key : action->shortcuts()) {
      const QString text = key.toString();
      QVERIFY2(!owner.count(text) || owner[text] == action->text(),
               qPrintable(text + " belongs to both '" + owner[text] + "' and '" + action->text() + "'"));
      owner[text] = action->text();
    }
  QVERIFY(clickTheDiscOnFrame0(window));
  QCOMPARE(window.session().objectCount(), 1);
  for (const auto& redoKey : {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)}) {
    QTest::keySequence(&window, QKeySequence::Undo);
    QTRY_COMPARE(window.session().objectCount(), 0);
    QTest::keySequence(&window, redoKey);
    QTRY_COMPARE(window.session().objectCount(), 1);
  }
}

void TestMainWindow::refusesMissingFile() {
  MainWindow window;
  // The error dialog is modal: close it as soon as it shows.
  QTimer::singleShot(200, [] {
    if (QWidget* dialog = QApplication::activeModalWidget()) dialog->close();
  });
  QVERIFY(!window.openSource("/nonexistent/clip.mp4"));
  QVERIFY(!window.hasSource());
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
