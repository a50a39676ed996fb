// A correction click on a tracked object re-tracks by itself, as a cancellable job,
// only up to the neighbouring keyframes: the frames beyond keep their masks exactly,
// the frames the old track had lost get the object back, and one undo step takes the
// correction and its re-track back to exactly the state before (masks included).
#include "disc_clip.h"
#include "job_controller.h"
#include "jobs_panel.h"
#include "main_window.h"
#include "test_paths.h"
#include "viewer.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

#include <opencv2/core.hpp>

using permanence::Mask;
using permanence::test::TempDir;
using permanence::ui::MainWindow;

namespace {

constexpr int kFrames = 24;
constexpr int kLaterKeyframe = 20;
constexpr int kCorrection = 12;

permanence::test::DiscClip clip() {
  permanence::test::DiscClip c;
  c.frames = kFrames;
  c.step = 4;
  c.seed = 11;
  return c;
}

bool coversDisc(const Mask& mask, int frame) { return mask.toMat().at<uchar>(clip().centre(frame)) > 0; }

// Shows `frame` and clicks the disc's centre there; true once its mask is computed.
bool clickDisc(MainWindow& window, int frame) {
  window.setCurrentFrame(frame);
  if (!QTest::qWaitFor([&] { return window.shownFrame() == frame; }, 5000)) return false;
  const cv::Point c = clip().centre(frame);
  window.viewer()->clickAt(window.viewer()->toWidget(QPointF(c.x + 0.5, c.y + 0.5)).toPoint(), {});
  return QTest::qWaitFor([&] { return !window.session().isSegmenting(); }, 5000);
}

bool waitForJobs(MainWindow& window) {
  return QTest::qWaitFor([&] { return !window.jobs()->isBusy(); }, 30000);
}

// Tracked from frame 0, with a keyframe at kLaterKeyframe; then the track "loses" the
// disc on frames 8..15 and frames beyond kLaterKeyframe are marked empty, so that a
// re-track reaching them would show.
struct TrackedClip {
  TempDir dir;
  MainWindow window;
  std::vector<Mask> before;  // the masks the correction starts from

  bool start() {
    permanence::test::writeDiscClip(clip(), dir.path().string());
    if (!window.openSource(QString::fromStdString(dir.path().string())) || !clickDisc(window, 0)) return false;
    if (!window.trackCurrentObject() || !waitForJobs(window)) return false;
    if (!clickDisc(window, kLaterKeyframe) || !waitForJobs(window)) return false;
    const Mask empty(clip().size.width, clip().size.height);
    window.session().setMasks(0, 8, std::vector<Mask>(8, empty));
    window.session().setMasks(0, kLaterKeyframe + 1, std::vector<Mask>(kFrames - kLaterKeyframe - 1, empty));
    before = window.session().masks(0);
    return true;
  }
};

}  // namespace

class TestCorrectionRetrack : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void correctionRetracksByItselfWithinItsSpan();
  void undoRestoresTheStateBeforeTheCorrection();
  void cancelKeepsTheMasksAsTheyWere();
};

void TestCorrectionRetrack::correctionRetracksByItselfWithinItsSpan() {
  TrackedClip t;
  QVERIFY(t.start());
  MainWindow& window = t.window;
  QSignalSpy started(window.jobs(), &permanence::ui::JobController::started);
  QVERIFY(clickDisc(window, kCorrection));
  QCOMPARE(started.count(), 1);  // no Ctrl+R
  QVERIFY(started.first().at(0).toString().startsWith("Re-track"));
  QVERIFY(waitForJobs(window));
  const std::vector<Mask> after = window.session().masks(0);
  // The disc is back on the frames the track had lost...
  for (int f = 8; f <= 15; ++f) QVERIFY2(coversDisc(after[f], f), qPrintable(QString("frame %1").arg(f)));
  // ...and nothing changed beyond the neighbouring keyframes, nor where the old
  // masks were right all along.
  for (int f = kLaterKeyframe; f < kFrames; ++f)
    QVERIFY2(after[f] == t.before[f], qPrintable(QString("frame %1 changed").arg(f)));
  for (int f = 0; f <= 3; ++f) QVERIFY2(after[f] == t.before[f], qPrintable(QString("frame %1 changed").arg(f)));
  QCOMPARE(window.session().object(0).track.keyframes(), (std::vector<int>{0, kCorrection, kLaterKeyframe}));
}

void TestCorrectionRetrack::undoRestoresTheStateBeforeTheCorrection() {
  TrackedClip t;
  QVERIFY(t.start());
  MainWindow& window = t.window;
  QUndoStack* undo = window.undoStack();
  const int steps = undo->index();
  QVERIFY(clickDisc(window, kCorrection));
  QVERIFY(waitForJobs(window));
  const std::vector<Mask> corrected = window.session().masks(0);
  QVERIFY(coversDisc(corrected[10], 10));
  // The click and its re-track are one step.
  QCOMPARE(undo->index(), steps + 1);
  QVERIFY2(undo->undoText().contains("re-tracked frames"), qPrintable(undo->undoText()));

  undo->undo();
  const std::vector<Mask> undone = window.session().masks(0);
  for (int f = 0; f < kFrames; ++f) QVERIFY2(undone[f] == t.before[f], qPrintable(QString("frame %1 differs").arg(f)));
  QCOMPARE(window.session().object(0).track.keyframes(), (std::vector<int>{0, kLaterKeyframe}));
  QVERIFY(window.session().clicksOn(0, kCorrection).empty());
  QVERIFY(!window.jobs()->isBusy());

  undo->redo();
  QVERIFY(!window.jobs()->isBusy());  // restored, not recomputed
  for (int f = 0; f < kFrames; ++f) QVERIFY(window.session().masks(0)[f] == corrected[f]);
}

void TestCorrectionRetrack::cancelKeepsTheMasksAsTheyWere() {
  TrackedClip t;
  QVERIFY(t.start());
  MainWindow& window = t.window;
  QSignalSpy finished(window.jobs(), &permanence::ui::JobController::finished);
  // Cancel from the Jobs panel as soon as the re-track starts.
  QObject context;
  connect(window.jobs(), &permanence::ui::JobController::started, &context, [&window] {
    if (QPushButton* cancel = window.jobsPanel()->cancelButton()) cancel->click();
  });
  QVERIFY(clickDisc(window, kCorrection));
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 30000);
  QCOMPARE(finished.first().at(1).toInt(), static_cast<int>(permanence::JobStatus::Cancelled));
  // The keyframe has its new mask; every other frame is as before.
  const std::vector<Mask> masks = window.session().masks(0);
  QVERIFY(coversDisc(masks[kCorrection], kCorrection));
  for (int f = 0; f < kFrames; ++f)
    if (f != kCorrection) QVERIFY2(masks[f] == t.before[f], qPrintable(QString("frame %1 changed").arg(f)));
}

QTEST_MAIN(TestCorrectionRetrack)
#include "test_correction_retrack.moc"
