// Long jobs show one overall progress, with the time left, and say when they finish:
// the de-occlusion's stages (the amodal shapes, then each sample's completion) move
// one fraction from 0 to 100 % once; the time left comes from the rate so far; the
// status bar and the Jobs dock say it is done and after how long.
#include "disc_clip.h"
#include "job_controller.h"
#include "jobs_panel.h"
#include "main_window.h"
#include "jobs/staged_progress.h"
#include "test_paths.h"
#include "time_left.h"
#include "viewer.h"

#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>

using permanence::test::TempDir;
using permanence::ui::MainWindow;

class TestJobProgress : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void timeLeftFromTheRateSoFar();
  void stagesMakeOneProgress();
  void deocclusionShowsOneProgressAndSaysWhenDone();
};

void TestJobProgress::timeLeftFromTheRateSoFar() {
  using permanence::ui::secondsLeft;
  QCOMPARE(secondsLeft(0.5, 10.0).value_or(-1), 10.0);
  QCOMPARE(secondsLeft(0.25, 30.0).value_or(-1), 90.0);
  QVERIFY(!secondsLeft(0.01, 10.0));  // too little done to tell
  QVERIFY(!secondsLeft(0.5, 0.5));    // too soon to tell
  QVERIFY(!secondsLeft(1.0, 10.0));   // done
  QCOMPARE(permanence::ui::durationText(7), QString("0:07"));
  QCOMPARE(permanence::ui::durationText(95), QString("1:35"));
  QCOMPARE(permanence::ui::durationText(3723), QString("1:02:03"));
}

void TestJobProgress::stagesMakeOneProgress() {
  std::vector<double> fractions;
  std::vector<std::string> labels;
  permanence::JobContext job(std::make_shared<permanence::CancelToken>(), [&](const permanence::Progress& p) {
    fractions.push_back(static_cast<double>(p.done) / p.total);
    labels.push_back(p.label);
  });
  permanence::StagedProgress progress(job, {3, 1});
  permanence::JobContext first = progress.stage(0, "first");
  for (int i = 0; i <= 10; ++i) first.report(i, 10);
  permanence::JobContext second = progress.stage(1, "second");
  for (int i = 0; i <= 4; ++i) second.report(i, 4);
  QCOMPARE(fractions.front(), 0.0);
  QCOMPARE(fractions[10], 0.75);  // the end of the first stage: its share
  QCOMPARE(fractions.back(), 1.0);
  for (std::size_t i = 1; i < fractions.size(); ++i) QVERIFY(fractions[i] >= fractions[i - 1]);
  QCOMPARE(labels.front(), std::string("first"));
  QCOMPARE(labels.back(), std::string("second"));
}

void TestJobProgress::deocclusionShowsOneProgressAndSaysWhenDone() {
  TempDir dir;
  permanence::test::DiscClip clip;
  clip.frames = 12;
  clip.post = true;
  permanence::test::writeDiscClip(clip, dir.path().string());
  MainWindow window;
  QVERIFY(window.openSource(QString::fromStdString(dir.path().string())));
  const cv::Point c = clip.centre(0);
  window.viewer()->clickAt(window.viewer()->toWidget(QPointF(c.x + 0.5, c.y + 0.5)).toPoint(), {});
  QTRY_VERIFY(!window.session().isSegmenting());
  QVERIFY(window.trackCurrentObject());
  QTRY_VERIFY_WITH_TIMEOUT(!window.jobs()->isBusy(), 30000);

  std::vector<double> fractions;  // of the de-occlusion (the background plate's job follows it)
  QSignalSpy finished(window.jobs(), &permanence::ui::JobController::finished);
  QObject context;
  connect(window.jobs(), &permanence::ui::JobController::progressed, &context,
          [&fractions, &finished](qint64 done, qint64 total, const QString&) {
            if (total > 0 && finished.isEmpty()) fractions.push_back(static_cast<double>(done) / total);
          });
  QVERIFY(window.deoccludeCurrentObject(3));
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
  QCOMPARE(finished.first().at(1).toInt(), static_cast<int>(permanence::JobStatus::Succeeded));
  // One bar: it never goes back, from the start to the end.
  QVERIFY(fractions.size() > 3);
  for (std::size_t i = 1; i < fractions.size(); ++i)
    QVERIFY2(fractions[i] >= fractions[i - 1],
             qPrintable(QString("progress went back from %1 to %2").arg(fractions[i - 1]).arg(fractions[i])));
  QVERIFY(fractions.front() < 0.1);
  QCOMPARE(fractions.back(), 1.0);
  // It says it is done, and after how long.
  QTest::qWait(10);
  QVERIFY2(window.statusBar()->currentMessage().contains("done after"), qPrintable(window.statusBar()->currentMessage()));
  const permanence::ui::JobsPanel* panel = window.jobsPanel();
  QVERIFY(panel->jobName(panel->jobCount() - 1).startsWith("De-occlude") ||
          panel->jobName(panel->jobCount() - 2).startsWith("De-occlude"));  // the plate may follow
  int row = panel->jobName(panel->jobCount() - 1).startsWith("De-occlude") ? panel->jobCount() - 1 : panel->jobCount() - 2;
  QCOMPARE(panel->outcome(row), QString("succeeded"));
  QVERIFY2(panel->jobDetail(row).startsWith("after "), qPrintable(panel->jobDetail(row)));
}

QTEST_MAIN(TestJobProgress)
#include "test_job_progress.moc"
