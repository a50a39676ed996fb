// What users expect of a video editor's window: the wheel zooms about the cursor,
// middle drag pans, fit and 1:1; a clip opens from the recent files menu and by drag
// and drop; an unreadable file gives a dialog naming it.
#include "main_window.h"
#include "test_paths.h"
#include "viewer.h"

#include <QAction>
#include <QApplication>
#include <QCoreApplication>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QTest>
#include <QTimer>
#include <QUrl>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using permanence::test::TempDir;
using permanence::ui::MainWindow;

namespace {

void writeClip(const std::string& folder, int frames) {
  for (int f = 0; f < frames; ++f) {
    cv::Mat frame(90, 160, CV_8UC3, cv::Scalar(50, 50, 50));
    cv::circle(frame, cv::Point(50 + 4 * f, 45), 20, cv::Scalar(30, 200, 240), cv::FILLED);
    char name[32];
    std::snprintf(name, sizeof name, "/%03d.png", f);
    cv::imwrite(folder + name, frame);
  }
}

QAction* findAction(QWidget* root, const QString& text) {
  for (QAction* action : root->findChildren<QAction*>())
    if (action->text().remove('&') == text) return action;
  return nullptr;
}

}  // namespace

class TestMainWindowConventions : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase();
  void zoomPanFitActualSize();
  void recentFilesAndDrop();
  void errorDialogNamesTheFile();

 private:
  TempDir settingsDir_;
};

void TestMainWindowConventions::initTestCase() {
  QSettings::setDefaultFormat(QSettings::IniFormat);
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, QString::fromStdString(settingsDir_.path().string()));
  QCoreApplication::setOrganizationName("PermanenceTest");
  QCoreApplication::setApplicationName("test_main_window_conventions");
}

void TestMainWindowConventions::zoomPanFitActualSize() {
  TempDir dir;
  writeClip(dir.path().string(), 3);
  MainWindow window;
  window.resize(900, 600);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  QVERIFY(window.openSource(QString::fromStdString(dir.path().string())));
  permanence::ui::Viewer* viewer = window.viewer();
  const double fitted = viewer->zoom();
  QVERIFY(fitted > 1.0);  // a 160x90 clip is blown up to fill the view

  // The wheel zooms in about the cursor: the frame pixel under it stays under it.
  const QPointF cursor(viewer->width() * 0.3, viewer->height() * 0.6);
  const QPointF before = viewer->toFrame(cursor);
  QWheelEvent wheel(cursor, viewer->mapToGlobal(cursor), QPoint(), QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
                    Qt::NoScrollPhase, false);
  QApplication::sendEvent(viewer, &wheel);
  QVERIFY(viewer->zoom() > fitted * 1.4);
  const QPointF after = viewer->toFrame(cursor);
  QVERIFY2(std::abs(after.x() - before.x()) < 0.5 && std::abs(after.y() - before.y()) < 0.5,
           qPrintable(QString("(%1,%2) moved to (%3,%4)").arg(before.x()).arg(before.y()).arg(after.x()).arg(after.y())));

  // Middle drag pans by the mouse's movement.
  const QPointF origin = viewer->toWidget(QPointF(0, 0));
  QTest::mousePress(viewer, Qt::MiddleButton, Qt::NoModifier, QPoint(100, 100));
  QMouseEvent move(QEvent::MouseMove, QPointF(140, 90), viewer->mapToGlobal(QPointF(140, 90)), Qt::NoButton,
                   Qt::MiddleButton, Qt::NoModifier);
  QApplication::sendEvent(viewer, &move);
  QTest::mouseRelease(viewer, Qt::MiddleButton, Qt::NoModifier, QPoint(140, 90));
  const QPointF panned = viewer->toWidget(QPointF(0, 0)) - origin;
  QVERIFY2(std::abs(panned.x() - 40) < 1 && std::abs(panned.y() + 10) < 1,
           qPrintable(QString("panned by (%1,%2)").arg(panned.x()).arg(panned.y())));

  // 1:1 and fit from the View menu.
  findAction(&window, "1:1")->trigger();
  QCOMPARE(viewer->zoom(), 1.0);
  findAction(&window, "Fit")->trigger();
  QCOMPARE(viewer->zoom(), fitted);
}

void TestMainWindowConventions::recentFilesAndDrop() {
  TempDir first, second;
  writeClip(first.path().string(), 3);
  writeClip(second.path().string(), 5);
  const QString firstPath = QString::fromStdString(first.path().string());
  const QString secondPath = QString::fromStdString(second.path().string());
  {
    MainWindow window;
    QVERIFY(window.openSource(firstPath));
  }
  MainWindow window;
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  QAction* recent = findAction(&window, firstPath);
  QVERIFY2(recent != nullptr, "the clip opened last is in File > Open Recent");
  recent->trigger();
  QVERIFY(window.hasSource());
  QCOMPARE(window.session().frames()->frameCount(), 3);

  // Dropping a folder from the file manager opens it.
  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(secondPath)});
  const QPoint at(window.width() / 2, window.height() / 2);
  QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(&window, &enter);
  QVERIFY(enter.isAccepted());
  QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(&window, &drop);
  QCOMPARE(window.session().frames()->frameCount(), 5);
}

void TestMainWindowConventions::errorDialogNamesTheFile() {
  TempDir dir;
  const std::string bad = dir / "broken.mp4";
  std::FILE* file = std::fopen(bad.c_str(), "wb");
  std::fputs("this is not a video", file);
  std::fclose(file);
  MainWindow window;
  QString shown;
  QTimer::singleShot(200, [&shown] {
    if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
      shown = box->text();
      box->close();
    }
  });
  QVERIFY(!window.openSource(QString::fromStdString(bad)));
  QVERIFY2(shown.contains("broken.mp4"), qPrintable(shown));
}

QTEST_MAIN(TestMainWindowConventions)
#include "test_main_window_conventions.moc"
