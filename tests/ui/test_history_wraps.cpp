// The History dock shows each entry whole: under xvfb at 1280x720 the entry of a
// correction ("+ click on frame 290, re-tracked frames 285-299") was cut off behind
// a horizontal scroll bar. Long entries wrap to the dock's width.
#include "main_window.h"

#include <QScrollBar>
#include <QTest>
#include <QUndoCommand>
#include <QUndoStack>
#include <QUndoView>

using permanence::ui::MainWindow;

class TestHistoryWraps : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void longEntriesWrapToTheDock();
};

void TestHistoryWraps::longEntriesWrapToTheDock() {
  MainWindow window;
  window.resize(1280, 720);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  auto* view = window.findChild<QUndoView*>();
  QVERIFY(view);
  window.undoStack()->push(new QUndoCommand(
      QString::fromUtf8("+ click on frame 290, re-tracked frames 285\u2013299 of Object 1 (the yellow ball)")));
  QTest::qWait(50);  // the view lays out its items
  const QModelIndex entry = view->model()->index(1, 0);  // row 0 is <empty>
  const QRect shown = view->visualRect(entry);
  QVERIFY2(shown.right() <= view->viewport()->width(),
           qPrintable(QString("entry %1 px wide in a %2 px view").arg(shown.width()).arg(view->viewport()->width())));
  QVERIFY(!view->horizontalScrollBar()->isVisible());
}

QTEST_MAIN(TestHistoryWraps)
#include "test_history_wraps.moc"
