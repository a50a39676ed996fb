// Drives an editor session on a generated clip: open, click an object, track it,
// undo/redo, frame navigation shortcuts, and a screenshot of the window mid-session.
#include "main_window.h"
#include "object_timeline.h"
#include "theme.h"
#include "viewer.h"

#include "mask/metrics.h"

#include <QApplication>
#include <QDir>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace permanence;
using namespace permanence::ui;

namespace {

constexpr int kFrames = 12;
const cv::Size kSize(320, 240);

cv::Point discCentre(int frame) { return {90 + frame * 6, 120}; }

const cv::Rect kOccluder(165, 60, 22, 130);  // a grey post the disc passes behind

Mask discMask(int frame) {
  cv::Mat m(kSize, CV_8UC1, cv::Scalar(0));
  cv::circle(m, discCentre(frame), 30, cv::Scalar(255), cv::FILLED);
  m(kOccluder).setTo(0);
  return Mask::fromMat(m);
}

// A red disc moving right over a static, blurred-noise green background, passing
// behind a grey post in the last frames.
void writeClip(const QString& folder) {
  cv::Mat background(kSize, CV_8UC3);
  cv::RNG rng(7);
  rng.fill(background, cv::RNG::UNIFORM, cv::Scalar(40, 90, 40), cv::Scalar(110, 170, 110));
  cv::GaussianBlur(background, background, cv::Size(0, 0), 2.0);
  for (int i = 0; i < kFrames; ++i) {
    cv::Mat frame = background.clone();
    cv::circle(frame, discCentre(i), 30, cv::Scalar(40, 40, 230), cv::FILLED);
    frame(kOccluder).setTo(cv::Scalar(150, 150, 150));
    cv::imwrite(QDir(folder).filePath(QString("%1.png").arg(i, 5, 10, QChar('0'))).toStdString(), frame);
  }
}

}  // namespace

class EditorSessionTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void session();
  void openMissingFileKeepsWindowEmpty();
};

void EditorSessionTest::session() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  writeClip(dir.path());
  MainWindow window;
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  QVERIFY(window.openSource(dir.path()));
  QCOMPARE(window.frameCount(), kFrames);

  // Navigation shortcuts.
  QTest::keyClick(&window, Qt::Key_Right);
  QCOMPARE(window.currentFrame(), 1);
  QTest::keyClick(&window, Qt::Key_Right, Qt::ShiftModifier);
  QCOMPARE(window.currentFrame(), 11);
  QTest::keyClick(&window, Qt::Key_Home);
  QCOMPARE(window.currentFrame(), 0);

  // Space plays at the clip's rate (25 fps for a frame folder) and pauses.
  QTest::keyClick(&window, Qt::Key_Space);
  QVERIFY(window.isPlaying());
  QTRY_VERIFY_WITH_TIMEOUT(window.currentFrame() >= 2, 2000);
  QTest::keyClick(&window, Qt::Key_Space);
  QVERIFY(!window.isPlaying());
  QTest::keyClick(&window, Qt::Key_Home);

  // A click on the viewer at the disc's centre gives the disc's mask.
  const QPointF widgetPos = window.viewer()->toWidget(QPointF(discCentre(0).x + 0.5, discCentre(0).y + 0.5));
  QTest::mouseClick(window.viewer(), Qt::LeftButton, Qt::NoModifier, widgetPos.toPoint());
  QTRY_COMPARE_WITH_TIMEOUT(window.runningJobs(), 0, 10000);
  QCOMPARE(int(window.objects().size()), 1);
  const double clickIou = iou(window.objects()[0].track.mask(0), discMask(0));
  QVERIFY2(clickIou > 0.8, qPrintable(QString("click IoU %1").arg(clickIou)));
  QVERIFY(window.objects()[0].track.mask(kFrames - 1).isEmpty());

  window.track(TrackDirection::Forward);
  QTRY_COMPARE_WITH_TIMEOUT(window.runningJobs(), 0, 20000);
  const TimelineRow& row = window.timeline()->rows().at(0);
  QCOMPARE(row.keyframes, std::vector<int>{0});
  QVERIFY(std::all_of(row.frames.begin(), row.frames.end(), [](FrameState s) { return s == FrameState::Visible; }));
  const double lastIou = iou(window.objects()[0].track.mask(kFrames - 1), discMask(kFrames - 1));
  QVERIFY2(lastIou > 0.7, qPrintable(QString("tracked IoU %1").arg(lastIou)));

  // Undo the tracking run, then redo it (Ctrl+Z / Ctrl+Shift+Z).
  QCOMPARE(window.undoStack()->count(), 3);  // add object, click, track
  QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
  QVERIFY(window.objects()[0].track.mask(kFrames - 1).isEmpty());
  QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
  QCOMPARE(iou(window.objects()[0].track.mask(kFrames - 1), discMask(kFrames - 1)), lastIou);

  // Stage 1 with K = 3, then pick sample 2 (undoable).
  window.runAmodal(3);
  QTRY_COMPARE_WITH_TIMEOUT(window.runningJobs(), 0, 30000);
  const SessionObject& object = window.objects()[0];
  QCOMPARE(int(object.amodal.size()), 3);
  for (const AmodalSample& sample : object.amodal)
    for (int f = 0; f < kFrames; ++f)  // amodal contains modal
      QCOMPARE(sample.masks[f].area(), Mask::fromMat(sample.masks[f].toMat() | object.track.mask(f).toMat()).area());
  window.chooseSample(1);
  QCOMPARE(window.objects()[0].chosenSample, 1);
  window.undoStack()->undo();
  QCOMPARE(window.objects()[0].chosenSample, 0);
  window.undoStack()->redo();
  QCOMPARE(window.objects()[0].chosenSample, 1);

  // Screenshot mid-session, on frame 6 with the overlay, for a person to look at.
  window.setCurrentFrame(kFrames - 1);
  const QString outDir = QCoreApplication::applicationDirPath() + "/screenshots";
  QVERIFY(QDir().mkpath(outDir));
  const QString shot = outDir + "/editor_session.png";
  QVERIFY(window.grab().save(shot));
  qInfo("screenshot: %s", qPrintable(shot));
}

void EditorSessionTest::openMissingFileKeepsWindowEmpty() {
  MainWindow window;
  QVERIFY(!window.openSource("/nonexistent/clip.mp4"));
  QCOMPARE(window.frameCount(), 0);
}

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName("PermanenceTest");
  applyDarkTheme(app);
  EditorSessionTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_editor_session.moc"
