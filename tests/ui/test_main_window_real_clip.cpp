// The editor on real footage (../shared/data/videos/02_cups.mp4): the clip opens,
// clicks on a cup give a cup-sized mask at once, and a screenshot is written.
// Skips when the shared data is absent.
#include "dark_theme.h"
#include "main_window.h"
#include "test_paths.h"
#include "viewer.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTest>

using permanence::ui::MainWindow;

class TestMainWindowRealClip : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void clickOnCup();
};

void TestMainWindowRealClip::clickOnCup() {
  const std::filesystem::path clip = permanence::test::sharedDir() / "data/videos/02_cups.mp4";
  if (permanence::test::sharedDir().empty() || !std::filesystem::exists(clip))
    QSKIP("../shared/data/videos/02_cups.mp4 is absent");
  permanence::ui::applyDarkTheme(*qApp);
  MainWindow window;
  window.resize(1400, 900);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  QVERIFY(window.openSource(QString::fromStdString(clip.string())));
  QTRY_COMPARE(window.shownFrame(), 0);  // a user clicks on what is shown
  // The middle cup on the first frame (1280x720).
  const QPoint cup(654, 420);
  QElapsedTimer timer;
  timer.start();
  QTest::mouseClick(window.viewer(), Qt::LeftButton, Qt::NoModifier,
                    window.viewer()->toWidget(QPointF(cup) + QPointF(0.5, 0.5)).toPoint());
  // Polled every millisecond (QTRY_ polls every 50): the figure printed below is the wait.
  while (window.session().isSegmenting() && timer.elapsed() < 10000) QTest::qWait(1);
  const qint64 clickMs = timer.elapsed();
  // One click takes every red region; − clicks on the shirt, the other cup and the
  // table between them take those away, as a user would.
  window.setPositiveTool(false);
  for (const QPoint& off : {QPoint(654, 200), QPoint(913, 418), QPoint(780, 470)})
    window.viewer()->clickAt(window.viewer()->toWidget(QPointF(off) + QPointF(0.5, 0.5)).toPoint(), {});
  QTRY_VERIFY_WITH_TIMEOUT(!window.session().isSegmenting(), 10000);
  const permanence::Mask& mask = window.session().object(0).track.mask(0);
  qInfo("click to mask: %lld ms, area %lld", static_cast<long long>(clickMs), static_cast<long long>(mask.area()));
  QVERIFY(window.grab().save(QApplication::applicationDirPath() + "/test_main_window_real_clip.png"));
  QVERIFY(mask.toMat().at<uchar>(cup.y(), cup.x()) > 0);
  QVERIFY2(mask.area() > 8000 && mask.area() < 80000, qPrintable(QString("area %1").arg(mask.area())));
}

QTEST_MAIN(TestMainWindowRealClip)
#include "test_main_window_real_clip.moc"
