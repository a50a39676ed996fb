// A whole editing session through the GUI on a generated clip: open it, click the
// object, track it, run amodal + completion with K = 3, choose sample 2, move the
// layer in the composite view, undo / redo, export, re-open the project and find
// the same state; plus a screenshot of the window with the moved layer.
#include "composition.h"
#include "composition_editor.h"
#include "job_controller.h"
#include "jobs_panel.h"
#include "main_window.h"
#include "test_paths.h"
#include "viewer.h"

#include <QAction>
#include <QApplication>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPushButton>
#include <QSignalSpy>
#include "disc_clip.h"

#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>

namespace fs = std::filesystem;
using permanence::test::TempDir;
using permanence::ui::MainWindow;

namespace {

constexpr int kFrames = 16;
constexpr int kWidth = 192;
constexpr int kHeight = 128;
constexpr int kRadius = 22;
constexpr int kMoveFrame = 2;
const cv::Point kMove(36, 30);

// A striped disc moving right over a static noise background, passing behind a blue post.
permanence::test::DiscClip clip() {
  permanence::test::DiscClip c;
  c.frames = kFrames;
  c.size = {kWidth, kHeight};
  c.radius = kRadius;
  c.post = true;
  c.staticNoise = true;
  c.seed = 5;
  return c;
}

cv::Point discCentre(int frame) { return clip().centre(frame); }

void writeClip(const std::string& folder) { permanence::test::writeDiscClip(clip(), folder); }

cv::Mat background() { return clip().background(); }

// The disc's stripes are red and yellow: much more red than blue. The noise is grey.
bool isDisc(const QColor& c) { return c.red() > 180 && c.blue() < 90; }
bool isDisc(const cv::Vec3b& bgr) { return bgr[2] > 180 && bgr[0] < 90; }

void sendMouse(QWidget* widget, QEvent::Type type, QPointF pos, Qt::MouseButtons buttons) {
  QMouseEvent event(type, pos, widget->mapToGlobal(pos), Qt::LeftButton, buttons, Qt::NoModifier);
  QApplication::sendEvent(widget, &event);
}

QColor shownAt(MainWindow& window, cv::Point p) { return window.viewer()->frame().pixelColor(p.x, p.y); }

int fileCount(const fs::path& folder) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(folder)) count += entry.is_regular_file();
  return count;
}

}  // namespace

class TestFullSession : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void wholeSession();
};

void TestFullSession::wholeSession() {
  TempDir dir;
  const std::string clip = dir / "clip";
  fs::create_directories(clip);
  writeClip(clip);
  MainWindow window;
  window.resize(1280, 800);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  QVERIFY(window.openSource(QString::fromStdString(clip)));
  permanence::ui::CompositionEditor* editor = window.composition();
  permanence::ui::Composition& composition = editor->composition();
  QUndoStack* undo = window.undoStack();

  // Click the disc, track it, de-occlude it with K = 3.
  QTest::mouseClick(window.viewer(), Qt::LeftButton, Qt::NoModifier,
                    window.viewer()->toWidget(QPointF(discCentre(0).x + 0.5, discCentre(0).y + 0.5)).toPoint());
  QTRY_VERIFY(!window.session().isSegmenting());
  QVERIFY(window.session().object(0).track.mask(0).area() > 0);
  QSignalSpy finished(window.jobs(), &permanence::ui::JobController::finished);
  QVERIFY(window.trackCurrentObject());
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 20000);
  QVERIFY(window.deoccludeCurrentObject(3));
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 2, 60000);
  QCOMPARE(finished.at(1).at(1).toInt(), static_cast<int>(permanence::JobStatus::Succeeded));
  QCOMPARE(static_cast<int>(window.session().object(0).samples->size()), 3);
  // The background plate follows as a job of its own; the layer is in the panel.
  QTRY_VERIFY_WITH_TIMEOUT(composition.plateIsCurrent(), 30000);
  QCOMPARE(composition.order(), std::vector<int>{0});
  window.chooseSample(1);
  QCOMPARE(window.session().object(0).chosenSample, 1);

  // The composite view: the chosen sample's layer over the plate.
  window.setCurrentFrame(kMoveFrame);
  editor->compositeViewAction()->trigger();
  editor->selectLayer(0);
  permanence::ui::Viewer* viewer = window.viewer();
  QTRY_VERIFY(viewer->handles().has_value());
  const cv::Point from = discCentre(kMoveFrame);
  const cv::Point to = from + kMove;
  QTRY_VERIFY(isDisc(shownAt(window, from)) && !isDisc(shownAt(window, to)));

  // Drag the layer: one undo step, keyed at this frame.
  const int steps = undo->count();
  sendMouse(viewer, QEvent::MouseButtonPress, viewer->toWidget(QPointF(from.x, from.y)), Qt::LeftButton);
  for (int i = 1; i <= 4; ++i)
    sendMouse(viewer, QEvent::MouseMove, viewer->toWidget(QPointF(from.x + kMove.x * i / 4.0, from.y + kMove.y * i / 4.0)),
              Qt::LeftButton);
  sendMouse(viewer, QEvent::MouseButtonRelease, viewer->toWidget(QPointF(to.x, to.y)), Qt::NoButton);
  QCOMPARE(undo->count(), steps + 1);
  QTRY_VERIFY(isDisc(shownAt(window, to)) && !isDisc(shownAt(window, from)));
  undo->undo();
  QVERIFY(composition.layerOf(0)->keyframes.empty());
  QTRY_VERIFY(isDisc(shownAt(window, from)) && !isDisc(shownAt(window, to)));
  undo->redo();
  QCOMPARE(static_cast<int>(composition.layerOf(0)->keyframes.size()), 1);
  QTRY_VERIFY(isDisc(shownAt(window, to)) && !isDisc(shownAt(window, from)));
  // Where the disc was, the plate shows the background the other frames saw there.
  const QColor filled = shownAt(window, from);
  const cv::Vec3b truth = background().at<cv::Vec3b>(from);
  QVERIFY2(std::abs(filled.red() - truth[2]) + std::abs(filled.green() - truth[1]) + std::abs(filled.blue() - truth[0]) < 30,
           qPrintable(QString("shown %1, background %2,%3,%4").arg(filled.name()).arg(truth[2]).arg(truth[1]).arg(truth[0])));

  QVERIFY(window.grab().save(QApplication::applicationDirPath() + "/test_full_session_composite.png"));

  // Save, export the composite, the object's ProRes, PNG layers and masks.
  const QString projectPath = QString::fromStdString(dir / "session.permanence");
  QVERIFY(window.saveProjectTo(projectPath));
  permanence::ExportSettings settings;
  settings.compositePath = dir / "out/composite.mp4";
  settings.crf = 20;
  settings.proresPerObject = true;
  settings.pngLayers = true;
  settings.masks = true;
  const int jobsBefore = finished.count();
  QVERIFY(editor->startExport(settings));
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == jobsBefore + 1, 60000);
  QCOMPARE(finished.last().at(1).toInt(), static_cast<int>(permanence::JobStatus::Succeeded));
  {
    auto video = permanence::openFrameSource(dir / "out/composite.mp4");
    QCOMPARE(video->frameCount(), kFrames);
    QVERIFY(std::abs(video->frameRate().toDouble() - window.session().frames()->frameRate().toDouble()) < 1e-3);
    const cv::Mat exported = video->readFrame(kMoveFrame);
    QVERIFY(isDisc(exported.at<cv::Vec3b>(to)));
    QVERIFY(!isDisc(exported.at<cv::Vec3b>(from)));
    const std::string name = window.session().object(0).name.toStdString();
    const fs::path objectDir = fs::path(dir / "out/objects") / name;
    auto prores = permanence::openFrameSource((objectDir / (name + ".mov")).string());
    QCOMPARE(prores->frameCount(), kFrames);
    QVERIFY(prores->hasAlpha());
    QCOMPARE(fileCount(objectDir / "rgba"), kFrames);
    QCOMPARE(fileCount(objectDir / "modal"), kFrames);
    QCOMPARE(fileCount(objectDir / "amodal"), kFrames);
  }
  // Exporting again asks before replacing; "No" leaves everything and starts nothing.
  const auto written = fs::last_write_time(dir / "out/composite.mp4");
  QTimer::singleShot(300, [] {
    if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget()))
      box->button(QMessageBox::No)->click();
  });
  QVERIFY(!editor->startExport(settings));
  QVERIFY(!window.jobs()->isBusy());
  QCOMPARE(fs::last_write_time(dir / "out/composite.mp4"), written);

  // Re-open: the chosen sample, the moved layer, the plate and the export settings.
  MainWindow reopened;
  QVERIFY(reopened.openProject(projectPath));
  QCOMPARE(reopened.session().object(0).chosenSample, 1);
  const permanence::ui::Composition& restored = reopened.composition()->composition();
  QVERIFY(restored.plateIsCurrent());
  QCOMPARE(restored.order(), std::vector<int>{0});
  const auto& keys = restored.layerOf(0)->keyframes;
  QCOMPARE(static_cast<int>(keys.size()), 1);
  QCOMPARE(keys[0].frame, kMoveFrame);
  QVERIFY(std::abs(keys[0].translateX - kMove.x) < 0.01 && std::abs(keys[0].translateY - kMove.y) < 0.01);
  QCOMPARE(restored.exportSettings().crf, 20);
  QVERIFY(restored.exportSettings().proresPerObject);
  QTest::qWait(300);
  QVERIFY(!reopened.jobs()->isBusy());  // the saved plate is used, not recomputed
  QCOMPARE(reopened.jobsPanel()->jobCount(), 0);
}

QTEST_MAIN(TestFullSession)
#include "test_full_session.moc"
