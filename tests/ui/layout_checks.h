#pragma once
// The layout checks that run on a 1280x720 screen (test_layout_720p) and on a 4K
// screen at a scale factor of 2 (test_layout_scale2): the window opens within the
// screen, never resizes itself as objects, samples and jobs come, and the Jobs dock
// shows its rows whole. Each test's main() gives the offscreen platform its screen
// (configScreen) before the application starts.
#include "disc_clip.h"
#include "job_controller.h"
#include "jobs_panel.h"
#include "main_window.h"
#include "test_paths.h"
#include "viewer.h"

#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QHeaderView>
#include <QScreen>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

namespace permanence::test {

// Points the offscreen platform at a one-screen configuration of `size` physical
// pixels, written into `dir` (which must outlive the application).
inline void configScreen(const QTemporaryDir& dir, QSize size) {
  const QString file = dir.filePath("screen.json");
  QFile out(file);
  out.open(QIODevice::WriteOnly);
  out.write(QString(R"({"screens": [{"name": "screen", "x": 0, "y": 0, "width": %1, "height": %2}]})")
                .arg(size.width())
                .arg(size.height())
                .toUtf8());
  out.close();
  qputenv("QT_QPA_PLATFORM", ("offscreen:configfile=" + file).toUtf8());
}

inline DiscClip layoutClip() {
  DiscClip c;
  c.frames = 16;
  c.post = true;
  return c;
}

inline bool withinScreen(const QWidget& window) {
  const QRect screen = window.screen()->availableGeometry();
  if (screen.contains(window.frameGeometry())) return true;
  qWarning("the window %dx%d+%d+%d leaves the screen %dx%d", window.frameGeometry().width(),
           window.frameGeometry().height(), window.frameGeometry().x(), window.frameGeometry().y(), screen.width(),
           screen.height());
  return false;
}

// Every row of the Jobs dock shows its whole text: the wrapped lines fit the row's
// height, and no word is wider than the column.
inline bool jobsShownWhole(ui::JobsPanel& panel) {
  QTreeWidget* list = panel.list();
  const int width = list->header()->sectionSize(0) - 8;  // the item's text margins
  const QFontMetrics metrics(list->font());
  for (int row = 0; row < list->topLevelItemCount(); ++row) {
    QTreeWidgetItem* item = list->topLevelItem(row);
    const QRect cell = list->visualItemRect(item);
    const QString text = item->text(0);
    const int needed = metrics.boundingRect(QRect(0, 0, width, 10000), Qt::TextWordWrap, text).height();
    bool wordsFit = true;
    for (const QString& word : text.split(QRegularExpression("\\s+"), Qt::SkipEmptyParts))
      wordsFit = wordsFit && metrics.horizontalAdvance(word) <= width;
    if (needed > cell.height() || !wordsFit) {
      qWarning("job row %d (%s) needs %d px in a row of %d, column %d px wide (hint %d)", row, qPrintable(text), needed,
               cell.height(), width, item->sizeHint(0).height());
      return false;
    }
  }
  return true;
}

// Opens a clip, clicks, tracks, corrects, de-occludes and adds objects in a shown
// window; its size must never change and every dock stays on screen.
inline void checkLayoutThroughASession() {
  TempDir dir;
  writeDiscClip(layoutClip(), dir.path().string());
  ui::MainWindow window;
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  QVERIFY(withinScreen(window));
  const QSize opened = window.size();
  QVERIFY(window.openSource(QString::fromStdString(dir.path().string())));
  QTest::qWait(50);
  QCOMPARE(window.size(), opened);

  const DiscClip clip = layoutClip();
  auto click = [&](int frame) {
    window.setCurrentFrame(frame);
    QTRY_COMPARE(window.shownFrame(), frame);
    const cv::Point c = clip.centre(frame);
    window.viewer()->clickAt(window.viewer()->toWidget(QPointF(c.x + 0.5, c.y + 0.5)).toPoint(), {});
    QTRY_VERIFY(!window.session().isSegmenting());
  };
  click(0);
  QVERIFY(window.trackCurrentObject());
  QTRY_VERIFY_WITH_TIMEOUT(!window.jobs()->isBusy(), 30000);
  click(12);  // a correction: it re-tracks as a job
  QTRY_VERIFY_WITH_TIMEOUT(!window.jobs()->isBusy(), 30000);
  QVERIFY(window.deoccludeCurrentObject(3));
  QTRY_VERIFY_WITH_TIMEOUT(window.session().object(0).samples != nullptr && !window.jobs()->isBusy(), 60000);
  for (int i = 0; i < 5; ++i) QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);  // New Object
  QCOMPARE(window.session().objectCount(), 6);
  QTest::qWait(200);  // layouts settle
  QCOMPARE(window.size(), opened);
  QVERIFY(withinScreen(window));
  for (QDockWidget* dock : window.findChildren<QDockWidget*>())
    if (!dock->visibleRegion().isEmpty())  // the tab in front of a tabbed group
      QVERIFY2(window.rect().contains(dock->geometry()), qPrintable(dock->windowTitle() + " leaves the window"));
  auto* jobsDock = window.findChild<QDockWidget*>("jobs");
  QVERIFY(jobsDock != nullptr);
  jobsDock->raise();
  QTest::qWait(50);
  QVERIFY(window.jobsPanel()->jobCount() >= 3);
  QVERIFY(jobsShownWhole(*window.jobsPanel()));
}

}  // namespace permanence::test
